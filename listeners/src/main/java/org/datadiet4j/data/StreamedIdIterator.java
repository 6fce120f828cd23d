package org.datadiet4j.data;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.BooleanSupplier;
import org.datadiet4j.internal.state.StateIo;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The id-stamping wrapper around a user's own {@link DataSetIterator} (see {@link ExampleIds#wrap}):
 * nothing of the data is held, each pass streams the user's iterator once. Example ids come from a
 * first pass made when it is built (the {@link Census}): by position in the pass, or by DataVec record
 * location. Every later batch's labels are checked against that pass, so an iterator whose order
 * changes refuses to train instead of mixing up examples.
 *
 * <p>Pruned, a pass still reads every batch of the user's iterator, keeps the rows of kept examples and
 * re-batches them into batches of the user's batch size, in the user's order. A scoring pass (through
 * {@link #examples()}) in the middle of a training pass resets the user's iterator, streams it, and
 * then reads it again up to where training was, checking that it meets the same examples.
 *
 * <p>It reads ahead itself ({@link ReadAhead}, so decoding overlaps training) and tells DL4J not to
 * wrap it in an {@code AsyncDataSetIterator} ({@link #asyncSupported()} is false): a label check that
 * fails then fails {@code fit} on the training thread. A preprocessor set on the wrapper is applied to a
 * copy of each batch, never to the user's own objects (an iterator that serves cached batches would
 * otherwise be normalised again every pass).
 */
final class StreamedIdIterator extends ExampleIdIterator {

    private static final long serialVersionUID = 1L;

    private final transient DataSetIterator user;
    private final transient Census census;
    private final transient ExampleSource view = new View();
    /** The keep-set of the passes to come (null: all) and of the current pass, as sorted ids and as a mask. */
    private transient volatile int[] keep;
    private transient volatile boolean[] kept;
    private transient volatile int[] passKeep;
    private transient volatile boolean[] passKept;
    private transient volatile int pass;
    private transient ReadAhead readAhead;
    private transient boolean selecting;
    /** Pulled rows not yet handed out: a batch, its ids, and how many of its rows were handed out. */
    private final transient ArrayDeque<Pending> pending = new ArrayDeque<>();
    private transient StreamCursor cursor = new StreamCursor();

    private static final class Pending {
        final DataSet batch;
        final int[] ids;
        int taken;

        Pending(DataSet batch, int[] ids) {
            this.batch = batch;
            this.ids = ids;
        }
    }

    StreamedIdIterator(DataSetIterator user, Census census) {
        this.user = user;
        this.census = census;
        user.reset();
    }

    @Override
    public ExampleSource examples() {
        return view;
    }

    @Override
    public synchronized void keepOnly(int[] ids) {
        keep = sortedKeepSet(ids);
        kept = maskOf(keep);
        if (cursor.batches == 0 && pending.isEmpty()) {
            // nothing of this pass handed out yet: it visits the new keep-set already
            startPass(pass, keep);
        }
    }

    @Override
    public int visitingCount() {
        int[] k = passKeep;
        return k == null ? census.size() : k.length;
    }

    @Override
    public int[] visiting() {
        int[] k = passKeep;
        if (k != null) {
            return k.clone();
        }
        int[] all = new int[census.size()];
        Arrays.setAll(all, i -> i);
        return all;
    }

    @Override
    public int pass() {
        return pass;
    }

    @Override
    public synchronized boolean hasNext() {
        return fill();
    }

    /** Pulls from the user's iterator until a kept row is pending or the pass is read; true when one is pending. */
    private boolean fill() {
        while (pending.isEmpty() && !cursor.done) {
            if (readAhead == null) {
                readAhead = new ReadAhead(user, 3);
            }
            if (!readAhead.hasNext()) {
                cursor.done = true;
                break;
            }
            DataSet batch = readAhead.next();
            int[] ids = census.idsOf(batch, cursor, selection());
            batch = asTrainingSees(batch);
            // a selecting iterator returned the kept rows only
            boolean[] mask = selecting ? null : passKept;
            if (mask == null) {
                pending.add(new Pending(batch, ids));
            } else {
                int[] rows = java.util.stream.IntStream.range(0, ids.length).filter(r -> mask[ids[r]]).toArray();
                if (rows.length > 0) {
                    int[] keptIds = Arrays.stream(rows).map(r -> ids[r]).toArray();
                    pending.add(new Pending(Rows.pick(batch, rows), keptIds));
                }
            }
        }
        return !pending.isEmpty();
    }

    @Override
    public synchronized DataSet next() {
        if (!fill()) {
            throw new NoSuchElementException("pass " + pass + " is exhausted: call reset()");
        }
        List<DataSet> parts = new ArrayList<>();
        List<int[]> idParts = new ArrayList<>();
        int rows = take(census.batchSize(), parts, idParts);
        assert rows > 0;
        return stamped(Rows.concat(parts), Rows.concatIds(idParts));
    }

    /** Moves up to {@code wanted} pending rows into {@code parts}; returns how many. */
    private int take(int wanted, List<DataSet> parts, List<int[]> idParts) {
        int rows = 0;
        while (rows < wanted && fill()) {
            Pending head = pending.peekFirst();
            int count = Math.min(wanted - rows, head.ids.length - head.taken);
            if (parts != null) {
                parts.add(Rows.range(head.batch, head.taken, head.taken + count));
                idParts.add(Arrays.copyOfRange(head.ids, head.taken, head.taken + count));
            }
            head.taken += count;
            rows += count;
            if (head.taken == head.ids.length) {
                pending.removeFirst();
            }
        }
        return rows;
    }

    /** The batch through the wrapper's preprocessor, if any, on a copy: the user's objects are never changed. */
    private DataSet asTrainingSees(DataSet batch) {
        return getPreProcessor() == null ? batch : preprocessed(batch.copy());
    }

    @Override
    public synchronized void reset() {
        fittedBatchIds().clear();
        startPass(pass + 1);
    }

    private void startPass(int p) {
        startPass(p, keep);
    }

    /** Starts pass {@code p} over {@code visiting} (null: all examples). */
    private void startPass(int p, int[] visiting) {
        stopReadingAhead();
        passKeep = visiting;
        passKept = visiting == keep ? kept : maskOf(visiting);
        selectInUserIterator(visiting);
        user.reset();
        pending.clear();
        cursor = new StreamCursor();
        pass = p;
    }

    /** The rows the user's iterator was told to return this pass, or null when it returns all. */
    private int[] selection() {
        return selecting ? passKeep : null;
    }

    /** Tells a {@link SelectableRows} iterator (ids by position only) to return only {@code ids} from its next reset. */
    private void selectInUserIterator(int[] ids) {
        if (user instanceof SelectableRows rows && census.byPosition()) {
            rows.selectRows(ids);
            selecting = ids != null;
        }
    }

    private void stopReadingAhead() {
        if (readAhead != null) {
            readAhead.close();
            readAhead = null;
        }
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    /**
     * Streams the user's iterator from its start for a scoring pass, then puts the training pass back
     * where it was: untouched when it had not started or was read to its end, else by reading the
     * user's iterator again up to the same batch, which must hold the same examples.
     */
    private synchronized void scoringPass(BooleanSupplier enough, ExampleSource.BatchConsumer consumer, int size) {
        StreamCursor training = cursor;
        // batches read ahead for training are dropped; training's position is restored below
        stopReadingAhead();
        int[] trainingSelection = selection();
        selectInUserIterator(null);
        user.reset();
        ReadAhead ahead = null;
        try {
            StreamCursor scoring = new StreamCursor();
            List<DataSet> parts = new ArrayList<>();
            List<int[]> idParts = new ArrayList<>();
            int rows = 0;
            ahead = new ReadAhead(user, 3);
            while (!enough.getAsBoolean() && ahead.hasNext()) {
                DataSet batch = ahead.next();
                idParts.add(census.idsOf(batch, scoring, null));
                parts.add(asTrainingSees(batch));
                rows += batch.numExamples();
                if (rows >= size) {
                    consumer.accept(Rows.concatIds(idParts), Rows.concat(parts));
                    parts.clear();
                    idParts.clear();
                    rows = 0;
                }
            }
            if (rows > 0) {
                consumer.accept(Rows.concatIds(idParts), Rows.concat(parts));
            }
        } finally {
            if (ahead != null) {
                // stopped before the user's iterator is touched again
                ahead.close();
            }
            selectInUserIterator(trainingSelection);
            user.reset();
            cursor = new StreamCursor();
            if (training.done) {
                cursor.done = true;
            } else {
                for (int b = 0; b < training.batches; b++) {
                    census.idsOf(user.next(), cursor, selection());
                }
                if (cursor.digest != training.digest) {
                    throw new IllegalStateException("after a reset the wrapped iterator returned other examples in its"
                            + " first " + training.batches + " batches, so a scoring pass cannot run in the middle of"
                            + " an epoch: score at the end of an epoch (atEpochs(1) or later), or give an iterator"
                            + " whose order is the same after every reset");
                }
            }
        }
    }

    @Override
    public String stateKey() {
        return "iterator(n=" + census.size() + ",batch=" + census.batchSize() + ",streamed)";
    }

    @Override
    public synchronized void writeState(DataOutput out) throws IOException {
        out.writeInt(pass);
        StateIo.writeInts(out, passKeep);
        StateIo.writeInts(out, keep);
        out.writeInt(fittedBatchIds().fittedInPass());
    }

    /**
     * Continues where the saved iterator was: in the middle of its pass (reading the user's iterator up
     * to there, which needs the same order after a reset) or, when that pass had been fitted
     * completely, at the start of the next one.
     */
    @Override
    public synchronized void readState(DataInput in) throws IOException {
        int savedPass = in.readInt();
        int[] savedPassKeep = StateIo.readInts(in);
        int[] savedKeep = StateIo.readInts(in);
        int fitted = in.readInt();
        int[] resumedPassKeep;
        try {
            resumedPassKeep = sortedKeepSet(savedPassKeep);
            keep = sortedKeepSet(savedKeep);
            kept = maskOf(keep);
        } catch (IllegalArgumentException e) {
            throw new IOException("the saved keep-set does not fit this iterator's " + census.size()
                    + " examples: restore into an iterator over the same examples (" + e.getMessage() + ")", e);
        }
        int visited = resumedPassKeep == null ? census.size() : resumedPassKeep.length;
        if (fitted < 0 || fitted > visited) {
            throw new IOException("the saved iterator had fitted " + fitted + " of " + visited
                    + " examples: the state is damaged");
        }
        if (fitted == visited) {
            startPass(savedPass + 1);
            fittedBatchIds().restart(0);
            return;
        }
        startPass(savedPass, resumedPassKeep);
        for (int skipped = 0; skipped < fitted; ) {
            skipped += take(fitted - skipped, null, null);
        }
        fittedBatchIds().restart(fitted);
    }

    /** {@code ids} checked against the census and sorted, or null for all examples. */
    private int[] sortedKeepSet(int[] ids) {
        if (ids == null) {
            return null;
        }
        int[] checked = checkedKeepSet(ids, census.size());
        Arrays.sort(checked);
        return checked;
    }

    private boolean[] maskOf(int[] ids) {
        if (ids == null) {
            return null;
        }
        boolean[] mask = new boolean[census.size()];
        for (int id : ids) {
            mask[id] = true;
        }
        return mask;
    }

    @Override
    public int batch() {
        return census.batchSize();
    }

    /** The examples as training sees them, streamed from the user's iterator. */
    private final class View implements ExampleSource {

        @Override
        public int size() {
            return census.size();
        }

        @Override
        public int numClasses() {
            return census.numClasses();
        }

        @Override
        public int label(int id) {
            return census.label(id);
        }

        @Override
        public int[] labels() {
            return census.labels();
        }

        @Override
        public java.util.List<String> classNames() {
            return census.classNames();
        }

        @Override
        public long[] exampleShape() {
            return census.exampleShape();
        }

        @Override
        public void forEachBatch(int batchSize, BatchConsumer consumer) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
            }
            scoringPass(() -> false, consumer, batchSize);
        }

        @Override
        public DataSet firstExample() {
            return preprocessed(census.firstExample());
        }

        @Override
        public DataSet gather(int[] ids) {
            Gathered gathered = new Gathered(ids, census.size());
            scoringPass(gathered::complete, gathered::collect, 1);
            return gathered.result();
        }
    }
}
