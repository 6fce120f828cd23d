package org.datadiet4j.experiment;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.datadiet4j.scores.Quantiles;

/**
 * Threshold samples for the area under the margin (Pleiss et al., NeurIPS 2020, section 3): ⌊N/(c+1)⌋
 * examples drawn at random (seeded) are relabelled to an extra class c, which no real example belongs
 * to, so they behave as mislabelled by construction; after training on the relabelled data, the 99th
 * percentile of their AUM is the cut, and every other example whose AUM is at or below it is flagged
 * as mislabelled. The threshold samples themselves are left out of the flagged set and of its
 * precision and recall (the paper repeats with a disjoint draw to cover them; one draw here).
 *
 * @param labels    the labels with the threshold samples in class c (c + 1 classes)
 * @param threshold which examples are threshold samples
 */
public record AumThreshold(int[] labels, boolean[] threshold) {

    /** Draws the threshold samples among the examples with these labels, c classes. */
    public static AumThreshold draw(int[] labels, int numClasses, long seed) {
        int n = labels.length;
        int count = n / (numClasses + 1);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int[] relabelled = labels.clone();
        boolean[] threshold = new boolean[n];
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(n - i);
            int swap = ids[i];
            ids[i] = ids[j];
            ids[j] = swap;
            relabelled[ids[i]] = numClasses;
            threshold[ids[i]] = true;
        }
        return new AumThreshold(relabelled, threshold);
    }

    /** The 99th percentile of the threshold samples' AUM. */
    public double cut(float[] aum) {
        float[] values = new float[aum.length];
        int count = 0;
        for (int i = 0; i < aum.length; i++) {
            if (threshold[i]) {
                values[count++] = aum[i];
            }
        }
        Arrays.sort(values, 0, count);
        return Quantiles.ofSorted(values, count, 0.99);
    }

    /**
     * Flags the examples that are not threshold samples and whose AUM is at or below the cut, and
     * returns {flagged, precision, recall} of the flagged set against {@code corrupted}, over the
     * examples that are not threshold samples.
     */
    public double[] flag(float[] aum, boolean[] corrupted) {
        double cut = cut(aum);
        int flagged = 0;
        int hits = 0;
        int corruptedTotal = 0;
        for (int i = 0; i < aum.length; i++) {
            if (threshold[i]) {
                continue;
            }
            corruptedTotal += corrupted[i] ? 1 : 0;
            if (aum[i] <= cut) {
                flagged++;
                hits += corrupted[i] ? 1 : 0;
            }
        }
        return new double[] {flagged, flagged == 0 ? Double.NaN : (double) hits / flagged,
                corruptedTotal == 0 ? Double.NaN : (double) hits / corruptedTotal};
    }
}
