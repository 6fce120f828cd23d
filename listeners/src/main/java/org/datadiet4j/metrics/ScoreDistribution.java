package org.datadiet4j.metrics;

import java.util.Arrays;
import org.datadiet4j.scores.Quantiles;

/**
 * A snapshot of one scoring pass for metrics: quantiles and cumulative bucket counts (examples with
 * a score at or below each bound, +∞ counted in the last, open bucket).
 */
record ScoreDistribution(double[] quantiles, long[] atOrBelow) {

    static final double[] QUANTILES = {0, 0.1, 0.25, 0.5, 0.75, 0.9, 1};

    /** Bucket upper bounds per score: fixed, so the tag values stay bounded. */
    static double[] bounds(String score) {
        return switch (score) {
            case "el2n" -> new double[] {0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.42};
            case "forgetting" -> new double[] {0, 1, 2, 3, 4, 5, 8, 13, 21};
            // margins in logits: negative is a label the network votes against
            case "aum" -> new double[] {-10, -5, -3, -2, -1, -0.5, 0, 0.5, 1, 2, 3, 5, 10, 20};
            default -> new double[] {0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100, 300, 1000};
        };
    }

    static ScoreDistribution of(float[] scores, double[] bounds) {
        float[] sorted = scores.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        while (n > 0 && Float.isNaN(sorted[n - 1])) {
            n--;
        }
        double[] quantiles = new double[QUANTILES.length];
        for (int q = 0; q < QUANTILES.length; q++) {
            quantiles[q] = Quantiles.ofSorted(sorted, n, QUANTILES[q]);
        }
        long[] counts = new long[bounds.length + 1];
        for (int b = 0; b < bounds.length; b++) {
            counts[b] = upperIndex(sorted, n, bounds[b]);
        }
        counts[bounds.length] = n;
        return new ScoreDistribution(quantiles, counts);
    }

    /** Number of the first n sorted values that are ≤ bound. */
    private static int upperIndex(float[] sorted, int n, double bound) {
        int low = 0;
        int high = n;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] <= bound) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
