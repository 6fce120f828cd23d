package org.datadiet4j.scores;

/** Quantiles of a sample. */
public final class Quantiles {

    private Quantiles() {
    }

    /**
     * The q-quantile of ascending {@code sorted} values (the first {@code n} of the array) by linear
     * interpolation between order statistics at position q·(n−1); NaN when n is 0. Equal neighbours,
     * +∞ included, are returned as they are.
     */
    public static double ofSorted(float[] sorted, int n, double q) {
        if (n == 0) {
            return Double.NaN;
        }
        double position = q * (n - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, n - 1);
        if (position == below || sorted[above] == sorted[below]) {
            return sorted[below];
        }
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
