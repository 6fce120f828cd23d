package org.datadiet4j.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.datadiet4j.io.AtomicFiles;

/**
 * {@code report.html} and its plots, from the rows of {@code results.csv}: per noise level the
 * pruning curves (mean test accuracy ± 1 standard deviation over seeds, by keep fraction and score),
 * the sliding-window curve, the corrupted-label detection and the score correlations.
 */
public final class ExperimentReport {

    private ExperimentReport() {
    }

    /**
     * Draws, for one noise level, the histograms of {@code score} per class and the 24 examples it
     * scores highest, with their (possibly corrupted) labels.
     */
    public static void drawScores(Path dir, double level, String score, float[] values,
                                  org.datadiet4j.data.Examples examples, int height, int width, boolean[] corrupted)
            throws IOException {
        Charts.histogramsByClass(dir.resolve(String.format(Locale.ROOT, "histograms-noise-%s.png", level)),
                String.format(Locale.ROOT, "%s per class, label noise %.0f%%", score, level * 100), score, values,
                examples.labels(), examples.classNames(), examples.numClasses());
        if (height == 0) {
            return;
        }
        int[] order = org.datadiet4j.pruning.Ranking.highestFirst(values);
        int count = Math.min(24, values.length);
        int[] ids = new int[count];
        String[] captions = new String[count];
        float[][] pixels = new float[count][];
        for (int n = 0; n < count; n++) {
            ids[n] = order[n];
            int label = examples.label(ids[n]);
            String name = examples.classNames() == null ? Integer.toString(label) : examples.classNames().get(label);
            captions[n] = "#" + ids[n] + " " + score + String.format(Locale.ROOT, " %.2f", values[ids[n]]) + "\n"
                    + name + (corrupted != null && corrupted[ids[n]] ? " (corrupted)" : "");
            pixels[n] = examples.range(ids[n], ids[n] + 1).getFeatures().reshape(-1).toFloatVector();
        }
        Charts.suspects(dir.resolve(String.format(Locale.ROOT, "suspects-noise-%s.png", level)), pixels, height, width,
                ids, captions);
    }

    public static void write(Path dir, List<ResultsFile.Row> rows, int examples, String settings) throws IOException {
        TreeSet<Double> levels = new TreeSet<>();
        for (ResultsFile.Row row : rows) {
            levels.add(row.noise());
        }
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>datadiet4j experiment</title>\n")
                .append("<style>body{font-family:sans-serif;max-width:960px;margin:2em auto}table{border-collapse:")
                .append("collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}</style></head><body>\n")
                .append("<h1>Data pruning experiment</h1>\n<p>").append(escape(settings)).append("</p>\n");
        List<Charts.Curve> windowCurves = new ArrayList<>();
        for (double level : levels) {
            html.append(String.format(Locale.ROOT, "<h2>Label noise %.0f %%</h2>%n", level * 100));
            Map<String, Map<Double, List<Double>>> curves = accuracies(rows, level, "curve");
            if (!curves.isEmpty()) {
                List<Double> full = curves.getOrDefault("full", Map.of()).getOrDefault(1.0, List.of());
                List<Charts.Curve> plotted = new ArrayList<>();
                html.append("<h3>Pruning curves: test accuracy, mean ± standard deviation over seeds</h3>\n")
                        .append("<table><tr><th>score \\ keep</th>");
                TreeSet<Double> keeps = new TreeSet<>();
                curves.values().forEach(m -> keeps.addAll(m.keySet()));
                for (double keep : keeps.descendingSet()) {
                    html.append(String.format(Locale.ROOT, "<th>%.2f</th>", keep));
                }
                html.append("</tr>\n");
                for (Map.Entry<String, Map<Double, List<Double>>> curve : curves.entrySet()) {
                    Map<Double, List<Double>> byKeep = new TreeMap<>(curve.getValue());
                    if (!curve.getKey().equals("full") && !full.isEmpty()) {
                        byKeep.put(1.0, full);
                    }
                    double[] xs = byKeep.keySet().stream().mapToDouble(Double::doubleValue).toArray();
                    double[][] stats = Charts.meanAndStd(byKeep, xs);
                    plotted.add(new Charts.Curve(curve.getKey(), xs, stats[0], stats[1]));
                    html.append("<tr><th>").append(escape(curve.getKey())).append("</th>");
                    for (double keep : keeps.descendingSet()) {
                        int i = java.util.Arrays.binarySearch(xs, keep);
                        html.append(i < 0 ? "<td></td>" : String.format(Locale.ROOT, "<td>%.4f ± %.4f</td>",
                                stats[0][i], Double.isNaN(stats[1][i]) ? 0 : stats[1][i]));
                    }
                    html.append("</tr>\n");
                }
                html.append("</table>\n");
                String png = String.format(Locale.ROOT, "pruning-curves-noise-%s.png", level);
                Charts.lines(dir.resolve(png), String.format(Locale.ROOT, "Pruning curves, label noise %.0f%%", level * 100),
                        "fraction of training examples kept", "test accuracy", plotted);
                html.append("<p><img src=\"").append(png).append("\" alt=\"pruning curves\"></p>\n");
            }
            Map<String, Map<Double, List<Double>>> windows = accuracies(rows, level, "window");
            for (Map.Entry<String, Map<Double, List<Double>>> window : windows.entrySet()) {
                double[] xs = window.getValue().keySet().stream().mapToDouble(Double::doubleValue).toArray();
                double[][] stats = Charts.meanAndStd(window.getValue(), xs);
                windowCurves.add(new Charts.Curve(String.format(Locale.ROOT, "%s, noise %.0f%%", window.getKey(),
                        level * 100), xs, stats[0], stats[1]));
            }
            for (String[] figure : new String[][] {{"histograms", "Score histograms per class"},
                    {"suspects", "The highest-scored examples with their given labels"}}) {
                String png = String.format(Locale.ROOT, "%s-noise-%s.png", figure[0], level);
                if (java.nio.file.Files.isRegularFile(dir.resolve(png))) {
                    html.append("<h3>").append(figure[1]).append("</h3>\n<p><img src=\"").append(png)
                            .append("\" alt=\"").append(figure[1]).append("\"></p>\n");
                }
            }
            DynamicReport.append(html, rows, level);
            appendMetricTable(html, rows, level, "detection", "Corrupted labels among the top-scored examples",
                    List.of("precision", "recall"));
            appendMetricTable(html, rows, level, "correlation", "Spearman rank correlation between scores",
                    List.of("spearman"));
        }
        if (!windowCurves.isEmpty()) {
            Charts.lines(dir.resolve("sliding-window.png"), "Sliding window over the EL2N order (hardest first)",
                    "window offset (fraction of examples skipped from the top)", "test accuracy", windowCurves);
            html.append("<h2>Sliding window</h2>\n<p><img src=\"sliding-window.png\" alt=\"sliding window\"></p>\n");
        }
        html.append(String.format(Locale.ROOT, "<p>%d training examples; every number above is a row of "
                + "<a href=\"results.csv\">results.csv</a>.</p>%n</body></html>%n", examples));
        AtomicFiles.writeText(dir.resolve("report.html"), out -> out.write(html.toString()));
    }

    private static Map<String, Map<Double, List<Double>>> accuracies(List<ResultsFile.Row> rows, double level,
                                                                     String phase) {
        Map<String, Map<Double, List<Double>>> byScore = new TreeMap<>();
        for (ResultsFile.Row row : rows) {
            if (row.noise() == level && row.phase().equals(phase) && row.metric().equals("test_accuracy")) {
                double x = phase.equals("window") ? row.offset() : row.keep();
                byScore.computeIfAbsent(row.score(), s -> new TreeMap<>()).computeIfAbsent(x, k -> new ArrayList<>())
                        .add(row.value());
            }
        }
        return byScore;
    }

    private static void appendMetricTable(StringBuilder html, List<ResultsFile.Row> rows, double level, String phase,
                                          String title, List<String> metrics) {
        List<ResultsFile.Row> selected = rows.stream().filter(r -> r.noise() == level && r.phase().equals(phase)).toList();
        if (selected.isEmpty()) {
            return;
        }
        html.append("<h3>").append(title).append("</h3>\n<table><tr><th>score</th>");
        metrics.forEach(m -> html.append("<th>").append(m).append("</th>"));
        html.append("</tr>\n");
        Map<String, Map<String, Double>> table = new TreeMap<>();
        for (ResultsFile.Row row : selected) {
            table.computeIfAbsent(row.score(), s -> new TreeMap<>()).put(row.metric(), row.value());
        }
        for (Map.Entry<String, Map<String, Double>> row : table.entrySet()) {
            html.append("<tr><th>").append(escape(row.getKey())).append("</th>");
            for (String metric : metrics) {
                html.append(String.format(Locale.ROOT, "<td>%.3f</td>", row.getValue().getOrDefault(metric, Double.NaN)));
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
