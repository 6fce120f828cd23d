package org.datadiet4j.data;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
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
 * <p>Its parts: {@link StreamPass} reads one pass of the user's iterator and names each batch's ids,
 * {@link PendingRows} re-batches the kept rows, {@link KeepSet} holds a keep-set with its mask, and
 * {@link StreamedExamples} answers for the examples. It reads ahead itself ({@link ReadAhead}, so
 * decoding overlaps training) and tells DL4J not to wrap it in an {@code AsyncDataSetIterator}
 * ({@link #asyncSupported()} is false): a label check that fails then fails {@code fit} on the training
 * thread. A preprocessor set on the wrapper is applied to a
 * copy of each batch, never to the user's own objects (an iterator that serves cached batches would
 * otherwise be normalised again every pass).
 */
final class StreamedIdIterator extends ExampleIdIterator {

    private static final long serialVersionUID = 1L;

    private final transient DataSetIterator user;
    private final transient Census census;
    private final transient ExampleSource view;
    /** The keep-set of the passes to come, and of the current pass (null: all examples). */
    private transient volatile KeepSet keep;
    private transient volatile KeepSet passKeep;
    private transient volatile int pass;
    /** True when hasNext() last answered false: fit has seen the end of this pass. */
    private boolean exhausted;
    /** Whether the user's iterator returns only the current pass's kept rows ({@link SelectableRows}). */
    private transient boolean selecting;
    private transient StreamPass reading;
    private final transient PendingRows pending = new PendingRows();

    StreamedIdIterator(DataSetIterator user, Census census) {
        this.user = user;
        this.census = census;
        this.view = new StreamedExamples(census, this::scoringPass, this::preprocessed);
        this.reading = new StreamPass(user, census, null);
        user.reset();
    }

    @Override
    public ExampleSource examples() {
        return view;
    }

    @Override
    public synchronized void keepOnly(int[] ids) {
        keep = KeepSet.of(ids, census.size());
        if (!pending.isEmpty()) {
            return;
        }
        if (reading.unstarted()) {
            // nothing of this pass handed out yet: it visits the new keep-set already
            startPass(pass, keep);
        } else if (exhausted) {
            // installed after fit saw the end of the pass (the pruner's onEpochEnd): the next pass starts
            // now, so that from the next onEpochStart on it is the kept pass that is counted and visited
            // (fit resets this iterator only after onEpochStart, and not at all while it has a next batch);
            // during the pass's last batch fit has not asked yet, and the keep-set waits for the reset
            reset();
        }
    }

    @Override
    public int visitingCount() {
        KeepSet k = passKeep;
        return k == null ? census.size() : k.size();
    }

    @Override
    public int[] visiting() {
        KeepSet k = passKeep;
        if (k != null) {
            return k.ids().clone();
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
        boolean more = fill();
        exhausted = !more;
        return more;
    }

    /** Reads the user's iterator until a kept row is pending or the pass is read; true when one is pending. */
    private boolean fill() {
        while (pending.isEmpty()) {
            StreamPass.Batch read = reading.next();
            if (read == null) {
                break;
            }
            KeepSet k = passKeep;
            // a selecting iterator returned the kept rows only
            pending.add(asTrainingSees(read.data()), read.ids(), selecting || k == null ? null : k.mask());
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

    /** Moves up to {@code wanted} pending rows into {@code parts} (null: dropped); returns how many. */
    private int take(int wanted, List<DataSet> parts, List<int[]> idParts) {
        int rows = 0;
        while (rows < wanted && fill()) {
            rows += pending.take(wanted - rows, parts, idParts);
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
        // a pass nothing was read from (one a keep-set just started) is started again, not counted twice
        boolean untouched = reading.unstarted() && pending.isEmpty();
        startPass(untouched ? pass : pass + 1, keep);
    }

    /** Starts pass {@code p} over {@code visiting} (null: all examples). */
    private void startPass(int p, KeepSet visiting) {
        reading.close();
        passKeep = visiting;
        visitingChanged();
        exhausted = false;
        selectInUserIterator(visiting == null ? null : visiting.ids());
        user.reset();
        pending.clear();
        reading = new StreamPass(user, census, selection());
        pass = p;
    }

    /** The rows the user's iterator was told to return this pass, or null when it returns all. */
    private int[] selection() {
        return selecting ? passKeep.ids() : null;
    }

    /** Tells a {@link SelectableRows} iterator (ids by position only) to return only {@code ids} from its next reset. */
    private void selectInUserIterator(int[] ids) {
        if (user instanceof SelectableRows rows && census.byPosition()) {
            rows.selectRows(ids);
            selecting = ids != null;
        }
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    /**
     * Streams the user's iterator from its start for a scoring pass ({@link StreamedExamples.ScoringPasses}),
     * then puts the training pass back where it was ({@link StreamPass#again()}).
     */
    private synchronized void scoringPass(BooleanSupplier enough, ExampleSource.BatchConsumer consumer, int size) {
        // batches read ahead for training are dropped; training's position is restored below
        reading.close();
        int[] trainingSelection = selection();
        selectInUserIterator(null);
        user.reset();
        // closed (its reading stopped) before the user's iterator is touched again
        try (StreamPass scoring = new StreamPass(user, census, null)) {
            List<DataSet> parts = new ArrayList<>();
            List<int[]> idParts = new ArrayList<>();
            int rows = 0;
            StreamPass.Batch read;
            while (!enough.getAsBoolean() && (read = scoring.next()) != null) {
                idParts.add(read.ids());
                parts.add(asTrainingSees(read.data()));
                rows += read.ids().length;
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
            selectInUserIterator(trainingSelection);
            user.reset();
            reading = reading.again();
        }
    }

    @Override
    public String stateKey() {
        return "iterator(n=" + census.size() + ",batch=" + census.batchSize() + ",streamed)";
    }

    @Override
    public synchronized void writeState(DataOutput out) throws IOException {
        KeepSet k = passKeep;
        KeepSet next = keep;
        out.writeInt(pass);
        StateIo.writeInts(out, k == null ? null : k.ids());
        StateIo.writeInts(out, next == null ? null : next.ids());
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
        KeepSet resumedPassKeep;
        try {
            resumedPassKeep = KeepSet.of(savedPassKeep, census.size());
            keep = KeepSet.of(savedKeep, census.size());
        } catch (IllegalArgumentException e) {
            throw new IOException("the saved keep-set does not fit this iterator's " + census.size()
                    + " examples: restore into an iterator over the same examples (" + e.getMessage() + ")", e);
        }
        int visited = resumedPassKeep == null ? census.size() : resumedPassKeep.size();
        if (fitted < 0 || fitted > visited) {
            throw new IOException("the saved iterator had fitted " + fitted + " of " + visited
                    + " examples: the state is damaged");
        }
        if (fitted == visited) {
            startPass(savedPass + 1, keep);
            fittedBatchIds().restart(0);
            return;
        }
        startPass(savedPass, resumedPassKeep);
        for (int skipped = 0; skipped < fitted; ) {
            skipped += take(fitted - skipped, null, null);
        }
        fittedBatchIds().restart(fitted);
    }

    @Override
    public int batch() {
        return census.batchSize();
    }
}
