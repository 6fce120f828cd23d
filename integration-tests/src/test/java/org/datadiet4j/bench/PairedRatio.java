package org.datadiet4j.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The ratio B/A of two configurations' costs from n paired measurements (a_i, b_i) taken back to
 * back, with 95 % confidence intervals. Everything is done on the log-ratios d_i = ln(b_i / a_i),
 * so that a pair's common slowdown (another process on the core, a frequency change) cancels:
 *
 * <ul>
 *   <li>{@link #ratio()}: exp of the 10 %-trimmed mean of d (robust to a few pairs hit by a burst of
 *       load on one side only), with a percentile bootstrap interval (10 000 resamples of the pairs,
 *       fixed seed, so a rerun on the same numbers prints the same interval);</li>
 *   <li>{@link #meanRatio()}: exp of the plain mean of d, with Student's t-interval.</li>
 * </ul>
 *
 * The pairs are assumed exchangeable: take them interleaved A B B A A B … so that drift and the
 * order within a pair cancel.
 */
final class PairedRatio {

    private static final int RESAMPLES = 10_000;
    private static final double TRIM = 0.10;

    private final double[] logRatios;
    private final Interval trimmed;
    private final Interval mean;

    /** A point estimate of B/A and its 95 % interval. */
    record Interval(double estimate, double low, double high) {

        boolean contains(double value) {
            return low <= value && value <= high;
        }

        /** Half the width of the interval, relative: ±0.004 means ±0.4 %. */
        double halfWidth() {
            return (high - low) / 2;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", estimate, low, high);
        }
    }

    PairedRatio(double[] a, double[] b) {
        if (a.length != b.length || a.length < 4) {
            throw new IllegalArgumentException("need at least 4 pairs of equal count, got " + a.length + " and "
                    + b.length);
        }
        logRatios = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            if (!(a[i] > 0 && b[i] > 0)) {
                throw new IllegalArgumentException("pair " + i + " has a cost that is not positive: " + a[i] + ", "
                        + b[i] + " (a clock too coarse for the measured work: measure longer blocks)");
            }
            logRatios[i] = Math.log(b[i] / a[i]);
        }
        trimmed = bootstrapTrimmed(logRatios);
        mean = tInterval(logRatios);
    }

    /** Trimmed-mean ratio with the bootstrap interval: the figure to quote. */
    Interval ratio() {
        return trimmed;
    }

    /** Mean ratio with Student's t-interval, as a cross-check. */
    Interval meanRatio() {
        return mean;
    }

    int pairs() {
        return logRatios.length;
    }

    private static Interval bootstrapTrimmed(double[] d) {
        double estimate = trimmedMean(d.clone());
        SplittableRandom random = new SplittableRandom(20_261_129L);
        double[] means = new double[RESAMPLES];
        double[] sample = new double[d.length];
        for (int r = 0; r < RESAMPLES; r++) {
            for (int i = 0; i < d.length; i++) {
                sample[i] = d[random.nextInt(d.length)];
            }
            means[r] = trimmedMean(sample);
        }
        Arrays.sort(means);
        double low = means[(int) Math.floor(0.025 * (RESAMPLES - 1))];
        double high = means[(int) Math.ceil(0.975 * (RESAMPLES - 1))];
        return new Interval(Math.exp(estimate), Math.exp(low), Math.exp(high));
    }

    /** Mean of the values left after dropping the lowest and highest 10 % (sorts its argument). */
    static double trimmedMean(double[] values) {
        Arrays.sort(values);
        int cut = (int) Math.floor(TRIM * values.length);
        double sum = 0;
        for (int i = cut; i < values.length - cut; i++) {
            sum += values[i];
        }
        return sum / (values.length - 2 * cut);
    }

    private static Interval tInterval(double[] d) {
        int n = d.length;
        double m = Arrays.stream(d).average().orElseThrow();
        double squares = 0;
        for (double v : d) {
            squares += (v - m) * (v - m);
        }
        double standardError = Math.sqrt(squares / (n - 1) / n);
        double t = studentT975(n - 1);
        return new Interval(Math.exp(m), Math.exp(m - t * standardError), Math.exp(m + t * standardError));
    }

    /**
     * The 97.5 % quantile of Student's t with {@code nu} degrees of freedom, by the Cornish–Fisher
     * expansion around the normal quantile (Abramowitz and Stegun 26.7.5): 2.5678 at nu = 5 (tables:
     * 2.5706), 2.2280 at 10 (2.2281), 2.0423 at 30 (2.0423), 1.9840 at 100 (1.9840).
     */
    static double studentT975(int nu) {
        double z = 1.959963984540054;
        double z3 = z * z * z;
        double z5 = z3 * z * z;
        double z7 = z5 * z * z;
        double v = nu;
        return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v)
                + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v);
    }
}
