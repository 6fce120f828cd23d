package org.datadiet4j.scores;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Spearman's rank correlation: the Pearson correlation of the two samples' ranks, with tied values
 * given the mean of the ranks they span (fractional ranking). +∞ ranks above every finite value; a
 * pair in which either value is NaN is left out.
 */
public final class Spearman {

    private Spearman() {
    }

    /** ρ between {@code a} and {@code b} (same length); NaN when fewer than two pairs remain or a side is constant. */
    public static double rho(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("samples differ in length: " + a.length + " and " + b.length);
        }
        int n = 0;
        float[] x = new float[a.length];
        float[] y = new float[b.length];
        for (int i = 0; i < a.length; i++) {
            if (!Float.isNaN(a[i]) && !Float.isNaN(b[i])) {
                x[n] = a[i];
                y[n] = b[i];
                n++;
            }
        }
        if (n < 2) {
            return Double.NaN;
        }
        return pearson(ranks(Arrays.copyOf(x, n)), ranks(Arrays.copyOf(y, n)));
    }

    /** Ranks 1..n, ties sharing the mean of their ranks. */
    static double[] ranks(float[] values) {
        int n = values.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] ranks = new double[n];
        int start = 0;
        while (start < n) {
            int end = start;
            while (end + 1 < n && values[order[end + 1]] == values[order[start]]) {
                end++;
            }
            double shared = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) {
                ranks[order[k]] = shared;
            }
            start = end + 1;
        }
        return ranks;
    }

    private static double pearson(double[] x, double[] y) {
        int n = x.length;
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < n; i++) {
            meanX += x[i];
            meanY += y[i];
        }
        meanX /= n;
        meanY /= n;
        double covariance = 0;
        double varianceX = 0;
        double varianceY = 0;
        for (int i = 0; i < n; i++) {
            covariance += (x[i] - meanX) * (y[i] - meanY);
            varianceX += (x[i] - meanX) * (x[i] - meanX);
            varianceY += (y[i] - meanY) * (y[i] - meanY);
        }
        if (varianceX == 0 || varianceY == 0) {
            return Double.NaN;
        }
        return covariance / Math.sqrt(varianceX * varianceY);
    }
}
