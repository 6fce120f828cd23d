package org.datadiet4j.scores;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.datadiet4j.internal.state.StateIo;

/**
 * The area under the margin (Pleiss et al., "Identifying Mislabeled Data using the Area Under the Margin
 * Ranking", NeurIPS 2020, eq. 1–2): at each presentation of example i its margin
 * M = z_assigned − max_{k ≠ assigned} z_k from the logits z (pre-softmax), and AUM_i the mean of its
 * margins over its presentations so far. Low (negative) AUM flags a label the network keeps voting
 * against: a suspected mislabel. Keeps a sum and a count per example: 12 bytes per example.
 */
public final class AreaUnderMargin {

    private final double[] marginSums;
    private final int[] presentations;

    public AreaUnderMargin(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("an AUM tracker needs at least one example, got " + size);
        }
        marginSums = new double[size];
        presentations = new int[size];
    }

    /** The margin of the assigned class: its logit minus the largest other logit. */
    public static double margin(double[] logits, int assigned) {
        double largestOther = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < logits.length; k++) {
            if (k != assigned && logits[k] > largestOther) {
                largestOther = logits[k];
            }
        }
        return logits[assigned] - largestOther;
    }

    /** Records one presentation of each example {@code ids[r]} with margin {@code margins[r]}, under one lock. */
    public synchronized void record(int[] ids, double[] margins) {
        for (int r = 0; r < ids.length; r++) {
            marginSums[ids[r]] += margins[r];
            presentations[ids[r]]++;
        }
    }

    public int size() {
        return presentations.length;
    }

    public synchronized int presentations(int id) {
        return presentations[id];
    }

    /** AUM of every example (index = id); NaN for an example not presented yet. */
    public synchronized float[] scores() {
        float[] aum = new float[presentations.length];
        for (int i = 0; i < aum.length; i++) {
            aum[i] = presentations[i] == 0 ? Float.NaN : (float) (marginSums[i] / presentations[i]);
        }
        return aum;
    }

    /** Writes the sums and counts (for checkpoints). */
    public synchronized void writeState(DataOutput out) throws IOException {
        StateIo.writeDoubles(out, marginSums);
        StateIo.writeInts(out, presentations);
    }

    /** Reads what {@link #writeState} wrote. */
    public synchronized void readState(DataInput in) throws IOException {
        double[] sums = StateIo.readDoubles(in);
        int[] counts = StateIo.readInts(in);
        StateIo.requireLength("AUM margin sums", marginSums.length, sums.length);
        StateIo.requireLength("AUM presentations", presentations.length, counts.length);
        System.arraycopy(sums, 0, marginSums, 0, sums.length);
        System.arraycopy(counts, 0, presentations, 0, counts.length);
    }
}
