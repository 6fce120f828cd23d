package org.datadiet4j.data;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Rows read from the user's iterator and not handed out yet, in the order they came: the kept rows of
 * each batch read, taken out again in runs of any length, so a pruned pass re-batches them into batches
 * of the user's batch size.
 */
final class PendingRows {

    /** A batch's kept rows, their ids, and how many of them were taken. */
    private static final class Part {
        final DataSet batch;
        final int[] ids;
        int taken;

        Part(DataSet batch, int[] ids) {
            this.batch = batch;
            this.ids = ids;
        }
    }

    private final ArrayDeque<Part> parts = new ArrayDeque<>();

    /** Queues the rows of {@code batch} whose id {@code kept} marks (every row when {@code kept} is null). */
    void add(DataSet batch, int[] ids, boolean[] kept) {
        if (kept == null) {
            parts.add(new Part(batch, ids));
            return;
        }
        int[] rows = IntStream.range(0, ids.length).filter(r -> kept[ids[r]]).toArray();
        if (rows.length > 0) {
            int[] keptIds = Arrays.stream(rows).map(r -> ids[r]).toArray();
            parts.add(new Part(Rows.pick(batch, rows), keptIds));
        }
    }

    boolean isEmpty() {
        return parts.isEmpty();
    }

    void clear() {
        parts.clear();
    }

    /**
     * Takes up to {@code wanted} rows from the first queued batch, adding them to {@code batches} and their
     * ids to {@code ids} (or dropping them when those are null); returns how many it took.
     */
    int take(int wanted, List<DataSet> batches, List<int[]> ids) {
        Part head = parts.peekFirst();
        if (head == null) {
            return 0;
        }
        int count = Math.min(wanted, head.ids.length - head.taken);
        if (batches != null) {
            batches.add(Rows.range(head.batch, head.taken, head.taken + count));
            ids.add(Arrays.copyOfRange(head.ids, head.taken, head.taken + count));
        }
        head.taken += count;
        if (head.taken == head.ids.length) {
            parts.removeFirst();
        }
        return count;
    }
}
