package org.datadiet4j.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's dynamic-pruning table for one noise level: full data against InfoBatch (rows of phase
 * {@code curve}/score {@code full} and phase {@code dynamic}), test accuracy mean ± standard deviation over
 * seeds, the fraction of example passes fitted and the wall time relative to full data (means over seeds).
 */
final class DynamicReport {

    private DynamicReport() {
    }

    static void append(StringBuilder html, List<ResultsFile.Row> rows, double level) {
        List<Double> fullSeconds = values(rows, level, "curve", "full", "seconds");
        List<String> arms = rows.stream().filter(r -> r.noise() == level && r.phase().equals("dynamic"))
                .map(ResultsFile.Row::score).distinct().sorted().toList();
        if (arms.isEmpty()) {
            return;
        }
        html.append("<h3>Dynamic pruning: test accuracy (mean ± sd over seeds), example passes fitted, wall time</h3>\n")
                .append("<table><tr><th>arm</th><th>test accuracy</th><th>passes fitted</th>")
                .append("<th>wall time / full</th></tr>\n");
        row(html, "full", values(rows, level, "curve", "full", "test_accuracy"), 1.0, 1.0);
        double full = mean(fullSeconds);
        for (String arm : arms) {
            row(html, arm, values(rows, level, "dynamic", arm, "test_accuracy"),
                    mean(values(rows, level, "dynamic", arm, "fitted_fraction")),
                    mean(values(rows, level, "dynamic", arm, "seconds")) / full);
        }
        html.append("</table>\n");
    }

    private static void row(StringBuilder html, String arm, List<Double> accuracies, double fitted, double wall) {
        html.append(String.format(Locale.ROOT, "<tr><th>%s</th><td>%.4f ± %.4f</td><td>%.3f</td><td>%.2f</td></tr>%n",
                arm, mean(accuracies), sd(accuracies), fitted, wall));
    }

    private static List<Double> values(List<ResultsFile.Row> rows, double level, String phase, String score,
                                       String metric) {
        List<Double> values = new ArrayList<>();
        for (ResultsFile.Row row : rows) {
            if (row.noise() == level && row.phase().equals(phase) && row.score().equals(score)
                    && row.metric().equals(metric)) {
                values.add(row.value());
            }
        }
        return values;
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** Sample standard deviation; 0 for one value. */
    private static double sd(List<Double> values) {
        if (values.size() < 2) {
            return 0;
        }
        double mean = mean(values);
        double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        return Math.sqrt(squares / (values.size() - 1));
    }
}
