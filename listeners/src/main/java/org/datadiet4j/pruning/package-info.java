/**
 * Acting on scores: pruning policies that choose the examples to keep, keep-set files, and the
 * early-pruning listener that scores at epoch t, keeps a fraction and lets the same {@code fit}
 * call continue on the kept examples.
 */
package org.datadiet4j.pruning;
