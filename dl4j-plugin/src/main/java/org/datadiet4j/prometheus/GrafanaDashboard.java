package org.datadiet4j.prometheus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The Grafana dashboard shipped with the plugin ({@code org/datadiet4j/prometheus/grafana-dashboard.json}):
 * one panel per question a user watching a job asks (score distributions, forgetting, kept examples,
 * scoring cost, loss, progress, NTK velocity), each a PromQL query over the {@code $training_job}
 * variable. Import it in Grafana (Dashboards, Import) with a Prometheus data source.
 */
public final class GrafanaDashboard {

    static final String RESOURCE = "/org/datadiet4j/prometheus/grafana-dashboard.json";

    private GrafanaDashboard() {
    }

    /** The dashboard's JSON text. */
    public static String json() {
        try (InputStream in = GrafanaDashboard.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard resource " + RESOURCE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + RESOURCE + " failed", e);
        }
    }
}
