/**
 * Live metrics of scoring and pruning through Micrometer: one {@code MeterBinder} over the score
 * listeners, the forgetting counts, the pruning and the training progress; a Prometheus endpoint on
 * loopback; and the Grafana dashboard that draws them.
 */
package org.datadiet4j.metrics;
