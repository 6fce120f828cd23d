/**
 * Live metrics of scoring and pruning through Micrometer: one {@code MeterBinder} over the score
 * listeners, the forgetting counts, the pruning and the training progress. Micrometer is an optional
 * dependency of this library: a job that binds metrics brings its own registry.
 */
package org.datadiet4j.metrics;
