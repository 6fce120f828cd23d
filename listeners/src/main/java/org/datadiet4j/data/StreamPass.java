package org.datadiet4j.data;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * One pass over a user's iterator, from where it was last reset: its batches, read ahead on a thread of
 * their own ({@link ReadAhead}), each with its ids from the {@link Census} (which checks its labels). A
 * {@link StreamCursor} counts the batches read and digests their ids, so that after the user's iterator
 * was reset for something else the pass can be found again ({@link #again()}).
 */
final class StreamPass implements AutoCloseable {

    /** Batches read ahead: decoding a few batches ahead overlaps training without holding much. */
    private static final int READ_AHEAD = 3;

    /** A batch as the user's iterator returned it, and its ids. */
    record Batch(DataSet data, int[] ids) {
    }

    private final DataSetIterator user;
    private final Census census;
    private final int[] selection;
    private final StreamCursor cursor = new StreamCursor();
    private ReadAhead readAhead;

    /**
     * @param selection the ids the user's iterator was told to return this pass ({@link SelectableRows}),
     *                  ascending, or null when it returns every example
     */
    StreamPass(DataSetIterator user, Census census, int[] selection) {
        this.user = user;
        this.census = census;
        this.selection = selection;
    }

    /** The next batch and its ids, or null at the end of the pass. */
    Batch next() {
        if (cursor.done) {
            return null;
        }
        if (readAhead == null) {
            readAhead = new ReadAhead(user, READ_AHEAD);
        }
        if (!readAhead.hasNext()) {
            cursor.done = true;
            return null;
        }
        DataSet batch = readAhead.next();
        return new Batch(batch, census.idsOf(batch, cursor, selection));
    }

    /** Whether no batch of this pass was read yet. */
    boolean unstarted() {
        return cursor.batches == 0;
    }

    /**
     * This pass again, at the same place, over the user's iterator just reset (and told the same
     * selection): untouched when it had not started or was read to its end, else by reading the user's
     * iterator again up to the same batch, which must hold the same examples.
     */
    StreamPass again() {
        StreamPass again = new StreamPass(user, census, selection);
        if (cursor.done) {
            // a finished pass stays finished, and started: a keep-set installed now waits for the next pass
            again.cursor.done = true;
            again.cursor.batches = cursor.batches;
            again.cursor.position = cursor.position;
            again.cursor.digest = cursor.digest;
            return again;
        }
        for (int b = 0; b < cursor.batches; b++) {
            census.idsOf(user.next(), again.cursor, selection);
        }
        if (again.cursor.digest != cursor.digest) {
            throw new IllegalStateException("after a reset the wrapped iterator returned other examples in its"
                    + " first " + cursor.batches + " batches, so a scoring pass cannot run in the middle of"
                    + " an epoch: score at the end of an epoch (atEpochs(1) or later), or give an iterator"
                    + " whose order is the same after every reset");
        }
        return again;
    }

    /**
     * Stops reading ahead: the batches read ahead are dropped, and the user's iterator is the caller's
     * again. A later {@link #next()} reads ahead again from wherever the user's iterator then is.
     */
    @Override
    public void close() {
        if (readAhead != null) {
            readAhead.close();
            readAhead = null;
        }
    }
}
