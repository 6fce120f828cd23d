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
        long[] ranks = ranks(n, q);
        return interpolate(n, q, sorted[(int) ranks[0]], sorted[(int) ranks[1]]);
    }

    /**
     * The two order statistics (0-based ranks in ascending order, possibly equal) that the q-quantile of
     * {@code n ≥ 1} values lies between: for data too large to sort in one place, fetch the values at these
     * ranks and give them to {@link #interpolate}.
     */
    public static long[] ranks(long n, double q) {
        long below = (long) Math.floor(q * (n - 1));
        return new long[] {below, Math.min(below + 1, n - 1)};
    }

    /** The q-quantile of {@code n ≥ 1} values from the values at its {@link #ranks}. */
    public static double interpolate(long n, double q, float atBelow, float atAbove) {
        double position = q * (n - 1);
        long below = (long) Math.floor(position);
        if (position == below || atAbove == atBelow) {
            return atBelow;
        }
        return atBelow + (position - below) * (atAbove - atBelow);
    }
}
