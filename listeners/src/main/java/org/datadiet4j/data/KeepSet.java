package org.datadiet4j.data;

import java.util.Arrays;

/**
 * A keep-set as the streaming wrapper uses it: distinct ids in [0, n), ascending, and a mask over all n
 * ids, built once per keep-set so a pass filters each batch's rows by lookup.
 */
final class KeepSet {

    private final int[] ids;
    private final boolean[] mask;

    private KeepSet(int[] ids, boolean[] mask) {
        this.ids = ids;
        this.mask = mask;
    }

    /** {@code ids} checked against {@code n} examples and sorted; null (all examples) for null. */
    static KeepSet of(int[] ids, int n) {
        if (ids == null) {
            return null;
        }
        int[] sorted = ExampleIdIterator.checkedKeepSet(ids, n);
        Arrays.sort(sorted);
        boolean[] mask = new boolean[n];
        for (int id : sorted) {
            mask[id] = true;
        }
        return new KeepSet(sorted, mask);
    }

    /** The ids, ascending; not a copy. */
    int[] ids() {
        return ids;
    }

    /** Whether each of the n ids is kept; not a copy. */
    boolean[] mask() {
        return mask;
    }

    int size() {
        return ids.length;
    }
}
