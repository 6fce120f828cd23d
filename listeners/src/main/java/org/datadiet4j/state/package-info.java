/**
 * Saving and restoring the state of listeners, iterators and score stores next to a DL4J model
 * checkpoint, so that a training job resumed from epoch k continues exactly where it stopped.
 */
package org.datadiet4j.state;
