package org.datadiet4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.datadiet4j.data.Examples;
import org.datadiet4j.listeners.NtkVelocityListener;
import org.datadiet4j.pruning.Ranking;

/**
 * The NTK velocity part of {@code score --ntk-probe}: probe examples grouped by their score
 * (EL2N if scored, else GraNd) into low (bottom 25 %), mid (25–75 %), high (75–95 %) and highest
 * (top 5 %) by rank within the probe; the series written to {@code ntk.csv} and printed per epoch.
 */
final class NtkReport {

    static final String[] GROUPS = {"low", "mid", "high", "highest"};

    private NtkReport() {
    }

    static void write(Path file, ScoringJob.Result result, ScoringJob.Settings settings, Examples examples,
                      PrintWriter out) {
        NtkVelocityListener ntk = result.ntk();
        int[] probe = ntk.probe();
        String column = settings.scores().contains("el2n") ? "el2n" : settings.scores().contains("grand") ? "grand" : null;
        int[] groups = column == null ? null : groupsByRank(probe, result.store().column(column).means());
        List<NtkVelocityListener.Point> series = groups == null
                ? ntk.velocities(new int[probe.length], new String[0])
                : ntk.velocities(groups, GROUPS);
        try {
            ntk.writeCsv(file, series);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file + " failed", e);
        }
        out.printf("NTK velocity per %s of %d probe examples%s (wrote %s):%n", ntk.unit(), probe.length,
                column == null ? "" : ", grouped by " + column + " after epoch " + settings.scoreEpoch(), file);
        Map<Integer, Map<String, Double>> byEpoch = new LinkedHashMap<>();
        for (NtkVelocityListener.Point p : series) {
            byEpoch.computeIfAbsent(p.epoch(), e -> new LinkedHashMap<>()).put(p.group(), p.velocity());
        }
        StringBuilder header = new StringBuilder("  epoch        all");
        if (groups != null) {
            for (String g : GROUPS) {
                header.append(String.format("%11s", g));
            }
        }
        out.println(header);
        for (Map.Entry<Integer, Map<String, Double>> row : byEpoch.entrySet()) {
            StringBuilder line = new StringBuilder(String.format("  %5d %10.5f", row.getKey(), row.getValue().get("all")));
            if (groups != null) {
                for (String g : GROUPS) {
                    line.append(String.format("%11.5f", row.getValue().getOrDefault(g, Double.NaN)));
                }
            }
            out.println(line);
        }
        out.printf("one NTK measurement: %.3f s = %.3f x one training epoch%n", ntk.secondsPerMeasurement(),
                ntk.secondsPerMeasurement() / result.secondsPerEpoch());
    }

    /**
     * Group of each probe example by the rank of its score within the probe (the probe's ids are
     * ascending, so ties go to the lower id).
     */
    static int[] groupsByRank(int[] probe, float[] scores) {
        float[] probeScores = new float[probe.length];
        for (int i = 0; i < probe.length; i++) {
            probeScores[i] = scores[probe[i]];
        }
        int[] order = Ranking.lowestFirst(probeScores);
        int[] groups = new int[probe.length];
        for (int rank = 0; rank < order.length; rank++) {
            double q = (double) rank / order.length;
            groups[order[rank]] = q < 0.25 ? 0 : q < 0.75 ? 1 : q < 0.95 ? 2 : 3;
        }
        return groups;
    }
}
