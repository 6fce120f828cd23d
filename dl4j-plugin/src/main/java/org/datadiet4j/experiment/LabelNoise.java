package org.datadiet4j.experiment;

import java.util.SplittableRandom;
import org.datadiet4j.pruning.Ranking;

/**
 * Label noise as in the paper's experiment: a fraction of the examples, drawn uniformly at random
 * (seeded), get a label drawn uniformly from the other classes.
 *
 * @param labels    the labels after corruption
 * @param corrupted which examples were corrupted
 */
public record LabelNoise(int[] labels, boolean[] corrupted) {

    public static LabelNoise apply(int[] clean, int numClasses, double fraction, long seed) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("label noise fraction must be in [0, 1), got " + fraction);
        }
        if (fraction > 0 && numClasses < 2) {
            throw new IllegalArgumentException("label noise needs at least 2 classes to swap between, got " + numClasses);
        }
        int n = clean.length;
        int count = (int) Math.round(fraction * n);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] labels = clean.clone();
        boolean[] corrupted = new boolean[n];
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(n - i);
            int swap = ids[i];
            ids[i] = ids[j];
            ids[j] = swap;
            int id = ids[i];
            int other = random.nextInt(numClasses - 1);
            labels[id] = other >= clean[id] ? other + 1 : other;
            corrupted[id] = true;
        }
        return new LabelNoise(labels, corrupted);
    }

    public int count() {
        int c = 0;
        for (boolean b : corrupted) {
            if (b) {
                c++;
            }
        }
        return c;
    }

    /**
     * Precision and recall of the corrupted examples among the {@code k} highest scores (ties to the
     * lower id): how well a score finds the mislabelled examples.
     */
    public double[] precisionRecallAtTop(float[] scores, int k) {
        int[] order = Ranking.highestFirst(scores);
        int found = 0;
        for (int r = 0; r < k; r++) {
            if (corrupted[order[r]]) {
                found++;
            }
        }
        int total = count();
        return new double[] {k == 0 ? Double.NaN : (double) found / k, total == 0 ? Double.NaN : (double) found / total};
    }
}
