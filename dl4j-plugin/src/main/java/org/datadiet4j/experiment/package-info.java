/**
 * The data-pruning paper's experiments as one resumable protocol: scores averaged over runs,
 * pruning curves, sliding windows, label noise detection and score correlations, recorded one
 * measured point per row of {@code results.csv} and drawn in a report; and linear mode connectivity
 * per data subset (§4.2): the error barrier between two children spawned from one parent, by spawn
 * epoch and EL2N subset.
 */
package org.datadiet4j.experiment;
