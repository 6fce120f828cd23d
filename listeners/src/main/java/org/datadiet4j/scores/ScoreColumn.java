package org.datadiet4j.scores;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import org.datadiet4j.internal.state.StateIo;

/**
 * One score per example, averaged over independent runs: the running mean and the sum of squared
 * deviations (Welford's update, one pass, no per-run copies), so a column costs two floats per
 * example however many runs are added. The standard deviation is the sample one (divisor runs − 1),
 * defined from two runs on. A mean over values that include +∞ is +∞ (with an undefined, NaN,
 * spread): an example scored +∞ in any run stays above every finite score.
 */
public final class ScoreColumn {

    private final String name;
    private final float[] mean;
    private final float[] squaredDeviations;
    private int runs;

    ScoreColumn(String name, int size) {
        this.name = name;
        this.mean = new float[size];
        this.squaredDeviations = new float[size];
    }

    /** Adds one run's score for every example (index = example id). */
    synchronized void addRun(float[] values) {
        if (values.length != mean.length) {
            throw new IllegalArgumentException("column " + name + " holds " + mean.length + " examples, got "
                    + values.length + " scores");
        }
        runs++;
        for (int i = 0; i < values.length; i++) {
            if (Float.isInfinite(values[i]) || Float.isInfinite(mean[i])) {
                // a mean over values that include +∞ (a never-learned example) is +∞; its spread is undefined
                mean[i] = runs == 1 ? values[i] : mean[i] + values[i];
                squaredDeviations[i] = Float.NaN;
                continue;
            }
            double previousMean = mean[i];
            double delta = values[i] - previousMean;
            double updatedMean = previousMean + delta / runs;
            mean[i] = (float) updatedMean;
            squaredDeviations[i] = (float) (squaredDeviations[i] + delta * (values[i] - updatedMean));
        }
    }

    public String name() {
        return name;
    }

    /** Number of runs added. */
    public synchronized int runs() {
        return runs;
    }

    public int size() {
        return mean.length;
    }

    /** Mean over runs of example {@code id}'s score. */
    public synchronized float mean(int id) {
        return mean[id];
    }

    /** Sample standard deviation over runs of example {@code id}'s score; NaN with fewer than two runs. */
    public synchronized float std(int id) {
        return runs < 2 ? Float.NaN : (float) Math.sqrt(squaredDeviations[id] / (runs - 1));
    }

    /** Writes runs, means and squared deviations (for checkpoints). */
    synchronized void writeState(DataOutput out) throws IOException {
        out.writeInt(runs);
        StateIo.writeFloats(out, mean);
        StateIo.writeFloats(out, squaredDeviations);
    }

    /** Reads what {@link #writeState} wrote, replacing this column's runs. */
    synchronized void readState(DataInput in) throws IOException {
        int savedRuns = in.readInt();
        float[] savedMean = StateIo.readFloats(in);
        float[] savedDeviations = StateIo.readFloats(in);
        StateIo.requireLength("column " + name, mean.length, savedMean.length);
        StateIo.requireLength("column " + name, mean.length, savedDeviations.length);
        runs = savedRuns;
        System.arraycopy(savedMean, 0, mean, 0, mean.length);
        System.arraycopy(savedDeviations, 0, squaredDeviations, 0, mean.length);
    }

    /** A copy of the means, by example id. */
    public synchronized float[] means() {
        return Arrays.copyOf(mean, mean.length);
    }
}
