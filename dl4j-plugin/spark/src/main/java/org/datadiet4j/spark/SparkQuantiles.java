package org.datadiet4j.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.not;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.datadiet4j.scores.Quantiles;

/**
 * Exact quantiles of a score column too large for one machine, by the definition the command line prints
 * ({@link Quantiles}: linear interpolation between the order statistics at q·(n−1), NaN scores left out):
 * one distributed sort, then only the few order statistics needed travel to the driver.
 */
final class SparkQuantiles {

    /** The quantiles reported, as {@code datadiet score} prints them. */
    static final double[] QUANTILES = {0, 0.1, 0.25, 0.5, 0.75, 0.9, 1};

    private SparkQuantiles() {
    }

    /** The {@link #QUANTILES} of column {@code score} of {@code table}; NaN each when every score is NaN. */
    static double[] of(Dataset<Row> table, String score) {
        Dataset<Row> values = table.select(col(score)).filter(not(isnan(col(score))));
        long n = values.count();
        double[] quantiles = new double[QUANTILES.length];
        if (n == 0) {
            java.util.Arrays.fill(quantiles, Double.NaN);
            return quantiles;
        }
        Set<Long> needed = new HashSet<>();
        for (double q : QUANTILES) {
            for (long rank : Quantiles.ranks(n, q)) {
                needed.add(rank);
            }
        }
        Map<Long, Float> at = new HashMap<>();
        SparkPruning.ranked(values, col(score)).filter(t -> needed.contains(t._2())).collect()
                .forEach(t -> at.put(t._2(), t._1().getFloat(0)));
        for (int i = 0; i < QUANTILES.length; i++) {
            long[] ranks = Quantiles.ranks(n, QUANTILES[i]);
            quantiles[i] = Quantiles.interpolate(n, QUANTILES[i], at.get(ranks[0]), at.get(ranks[1]));
        }
        return quantiles;
    }

    /** One line, as the command line prints quantiles: {@code el2n quantiles:  min 0.0123  10% …}. */
    static String describe(String score, double[] quantiles) {
        StringBuilder line = new StringBuilder(score).append(" quantiles:");
        for (int i = 0; i < QUANTILES.length; i++) {
            double q = QUANTILES[i];
            String name = q == 0 ? "min" : q == 1 ? "max" : Math.round(q * 100) + "%";
            line.append(String.format(java.util.Locale.ROOT, "  %s %.4f", name, quantiles[i]));
        }
        return line.toString();
    }
}
