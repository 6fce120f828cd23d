package org.datadiet4j.pruning;

import java.util.Arrays;

/**
 * Total orders of example ids by score: ties go to the lower id, +∞ ranks highest (NaN above it, as
 * {@link Float#compare} orders them).
 */
public final class Ranking {

    private Ranking() {
    }

    /** Ids by descending score; equal scores by ascending id. */
    public static int[] highestFirst(float[] scores) {
        return order(scores, true);
    }

    /** Ids by ascending score; equal scores by ascending id. */
    public static int[] lowestFirst(float[] scores) {
        return order(scores, false);
    }

    private static int[] order(float[] scores, boolean descending) {
        // sort (score, id) pairs packed in longs: no boxing, O(N log N), ties broken by id
        long[] keys = new long[scores.length];
        for (int id = 0; id < scores.length; id++) {
            int bits = Float.floatToIntBits(scores[id]);
            int sortable = bits >= 0 ? bits : bits ^ 0x7FFFFFFF;
            if (descending) {
                sortable = ~sortable;
            }
            keys[id] = ((long) sortable << 32) | id;
        }
        Arrays.sort(keys);
        int[] ids = new int[scores.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (int) keys[i];
        }
        return ids;
    }
}
