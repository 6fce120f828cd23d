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

    /**
     * The place of example {@code id} with {@code score} in {@link #highestFirst} as one long: sorting
     * examples by this key ascending gives exactly that order, wherever the sort runs (a distributed sort
     * of (key, id) rows, for example). Ids must be non-negative.
     */
    public static long highestFirstKey(float score, int id) {
        return key(score, id, true);
    }

    /** As {@link #highestFirstKey}, for the order of {@link #lowestFirst}. */
    public static long lowestFirstKey(float score, int id) {
        return key(score, id, false);
    }

    private static long key(float score, int id, boolean descending) {
        // (score, id) packed in a long: the score's bits made to sort as signed ints, the id below them
        int bits = Float.floatToIntBits(score);
        int sortable = bits >= 0 ? bits : bits ^ 0x7FFFFFFF;
        if (descending) {
            sortable = ~sortable;
        }
        return ((long) sortable << 32) | id;
    }

    private static int[] order(float[] scores, boolean descending) {
        // sort the packed keys: no boxing, O(N log N), ties broken by id
        long[] keys = new long[scores.length];
        for (int id = 0; id < scores.length; id++) {
            keys[id] = key(scores[id], id, descending);
        }
        Arrays.sort(keys);
        int[] ids = new int[scores.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (int) keys[i];
        }
        return ids;
    }
}
