/**
 * The command line's Prometheus endpoint (the Micrometer registry in Prometheus text format over
 * HTTP, on loopback by default) and the Grafana dashboard that draws the library's metrics.
 */
package org.datadiet4j.prometheus;
