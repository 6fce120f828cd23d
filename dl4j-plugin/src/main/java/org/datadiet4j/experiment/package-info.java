/**
 * The data-pruning paper's experiments as one resumable protocol: scores averaged over runs,
 * pruning curves, sliding windows, label noise detection and score correlations, recorded one
 * measured point per row of {@code results.csv} and drawn in a report.
 */
package org.datadiet4j.experiment;
