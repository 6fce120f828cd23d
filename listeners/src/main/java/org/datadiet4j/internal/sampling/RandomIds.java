package org.datadiet4j.internal.sampling;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded uniform samples of example ids, from a generator of their own (ND4J's random state is never touched). */
public final class RandomIds {

    private RandomIds() {
    }

    /**
     * {@code k} distinct ids drawn uniformly from 0..n-1 (all of them when k >= n), in draw order:
     * the first k steps of a Fisher–Yates shuffle seeded with {@code seed}.
     */
    public static int[] sample(int n, int k, long seed) {
        int count = Math.min(k, n);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(n - i);
            int swap = ids[i];
            ids[i] = ids[j];
            ids[j] = swap;
        }
        return Arrays.copyOf(ids, count);
    }
}
