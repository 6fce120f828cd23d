package org.datadiet4j.experiment;

/**
 * The arithmetic of linear mode connectivity (Frankle, Dziugaite, Roy and Carbin, ICML 2020; used by
 * Paul, Ganguli and Dziugaite, NeurIPS 2021, §4.2): the straight line θ(α) = (1 − α)θ₁ + αθ₂
 * between two trained networks' parameter vectors, the evenly spaced α at which it is evaluated,
 * and the barrier of a series measured along it, max over α of f(α) − (f(0) + f(1))/2, and its height
 * above the chord between the ends, max over α of f(α) − ((1 − α)f(0) + αf(1)).
 *
 * <p>Pure functions on plain arrays, no DL4J.
 */
public final class LinearPath {

    private LinearPath() {
    }

    /** {@code points} evenly spaced values k/(points − 1) in [0, 1]; the first is exactly 0, the last exactly 1. */
    public static double[] alphas(int points) {
        if (points < 2) {
            throw new IllegalArgumentException("a path needs at least 2 points (its two ends), got " + points);
        }
        double[] alphas = new double[points];
        for (int k = 0; k < points; k++) {
            alphas[k] = (double) k / (points - 1);
        }
        return alphas;
    }

    /**
     * θ(α) = (1 − α)θ₁ + αθ₂, element by element. Written in this form (not θ₁ + α(θ₂ − θ₁)) so that
     * α = 0 gives θ₁ and α = 1 gives θ₂ exactly, bit for bit.
     */
    public static double[] interpolate(double[] first, double[] second, double alpha) {
        if (first.length != second.length) {
            throw new IllegalArgumentException("parameter vectors differ in length: " + first.length + " and "
                    + second.length + "; both networks must have the same architecture");
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
        }
        double[] point = new double[first.length];
        double keep = 1 - alpha;
        for (int i = 0; i < point.length; i++) {
            point[i] = keep * first[i] + alpha * second[i];
        }
        return point;
    }

    /**
     * The barrier of a series measured at evenly spaced points from α = 0 to α = 1: its maximum minus
     * the mean of its two ends. The maximum includes the ends, so the barrier is at least half the
     * difference of the ends, and 0 when the series is flat.
     */
    public static double barrier(double[] series) {
        requireMeasuredEnds(series);
        double max = Double.NEGATIVE_INFINITY;
        for (double value : series) {
            max = Math.max(max, value);
        }
        return max - (series[0] + series[series.length - 1]) / 2;
    }

    /**
     * The largest amount by which a series measured at evenly spaced α from 0 to 1 rises above the
     * straight line (the chord) between its two ends, max over k of f(α_k) − ((1 − α_k)f(0) + α_k f(1)).
     * Unlike {@link #barrier}, it is 0 when the ends differ but nothing between them rises above
     * the chord; it is never negative (the ends lie on the chord).
     */
    public static double heightAboveChord(double[] series) {
        requireMeasuredEnds(series);
        double[] alphas = alphas(series.length);
        double first = series[0];
        double last = series[series.length - 1];
        double height = 0;
        for (int k = 0; k < series.length; k++) {
            height = Math.max(height, series[k] - ((1 - alphas[k]) * first + alphas[k] * last));
        }
        return height;
    }

    private static void requireMeasuredEnds(double[] series) {
        if (series.length < 2) {
            throw new IllegalArgumentException("a barrier needs the series at both ends, got " + series.length
                    + " point(s)");
        }
        for (double value : series) {
            if (Double.isNaN(value)) {
                throw new IllegalArgumentException("the series holds NaN; a barrier needs measured values");
            }
        }
    }
}
