package org.datadiet4j.data;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.datadiet4j.state.Resumable;
import org.datadiet4j.state.StateIo;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * A {@link DataSetIterator} over {@link Examples} that knows the example id of every row it
 * returns, for listeners that score examples during {@code fit}.
 *
 * <p>Each pass (from construction or from {@code reset()} to exhaustion) visits every example
 * once, in id order or, when seeded, in a new random order per pass; the order of pass {@code p} is
 * a function of the seed and {@code p} only, drawn from a generator of its own, so it never touches
 * ND4J's random state. The last batch of a pass may be smaller than the batch size.
 *
 * <p>{@link #keepOnly(int[])} prunes: from the next {@code reset()} on, passes visit only the kept
 * ids, re-batched into full batches, still shuffled. DL4J resets the iterator when it starts the next
 * epoch of {@code fit(iterator, epochs)}, before {@code onEpochStart} (and before its prefetch thread
 * reads a batch), so a keep-set installed at {@code onEpochEnd} applies from the next epoch on, inside
 * the same {@code fit} call.
 *
 * <p>Prefetching stays on ({@link #asyncSupported()} is true): the ids of each batch go through
 * {@link FittedBatchIds}, which hands them out in the order training consumes the batches. Each
 * returned {@link DataSet} also carries its ids as example metadata ({@code Integer}s).
 *
 * <p>Its position (pass, examples of the pass, position in it, keep-set) saves with a model checkpoint
 * ({@link Resumable}); restored into a twin (same examples, batch size and seed), the twin continues
 * the pass, batch for batch, where the saved one was.
 */
public final class ExampleIdIterator implements DataSetIterator, Resumable {

    private final Examples examples;
    private final int batchSize;
    private final Long shuffleSeed;
    private final FittedBatchIds fittedBatchIds = new FittedBatchIds();
    private DataSetPreProcessor preProcessor;
    /** Ids the next pass visits (all when null); installed by one thread, read by the one that resets. */
    private volatile int[] keep;
    private volatile int[] visiting;
    private volatile int pass;
    private int[] order;
    private int cursor;

    ExampleIdIterator(Examples examples, int batchSize, Long shuffleSeed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.examples = examples;
        this.batchSize = batchSize;
        this.shuffleSeed = shuffleSeed;
        this.order = orderOfPass(0);
    }

    /** The ids of the batch being fitted, for listeners. */
    public FittedBatchIds fittedBatchIds() {
        return fittedBatchIds;
    }

    /** The examples this iterator visits. */
    public Examples examples() {
        return examples;
    }

    /**
     * Prunes the examples to {@code ids} (distinct, in [0, N)); {@code null} restores all examples.
     * A pass that has handed out batches is not touched: the keep-set applies from the next
     * {@code reset()}. Before the first batch of a pass (a new iterator, or right after a reset) it
     * applies at once.
     */
    public synchronized void keepOnly(int[] ids) {
        if (ids == null) {
            keep = null;
            applyIfUnstarted();
            return;
        }
        if (ids.length == 0) {
            throw new IllegalArgumentException("the keep-set is empty: keep at least one example");
        }
        boolean[] seen = new boolean[examples.size()];
        for (int id : ids) {
            if (id < 0 || id >= seen.length) {
                throw new IllegalArgumentException("kept id " + id + " is outside [0, " + seen.length + ")");
            }
            if (seen[id]) {
                throw new IllegalArgumentException("kept id " + id + " appears twice in the keep-set");
            }
            seen[id] = true;
        }
        keep = ids.clone();
        applyIfUnstarted();
    }

    private void applyIfUnstarted() {
        if (cursor == 0) {
            order = orderOfPass(pass);
        }
    }

    /** Number of examples the current pass visits. */
    public int visitingCount() {
        return visiting.length;
    }

    /** Ids the current pass visits, ascending. */
    public int[] visiting() {
        int[] ids = visiting.clone();
        Arrays.sort(ids);
        return ids;
    }

    /** Number of passes started before the current one (0 during the first pass). */
    public int pass() {
        return pass;
    }

    @Override
    public synchronized boolean hasNext() {
        return cursor < order.length;
    }

    @Override
    public synchronized DataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException("pass " + pass + " is exhausted: call reset()");
        }
        int end = Math.min(cursor + batchSize, order.length);
        int[] ids = Arrays.copyOfRange(order, cursor, end);
        cursor = end;
        DataSet batch = examples.gather(ids);
        batch.setExampleMetaData(Arrays.stream(ids).boxed().toList());
        if (preProcessor != null) {
            preProcessor.preProcess(batch);
        }
        fittedBatchIds.enqueue(ids);
        return batch;
    }

    @Override
    public DataSet next(int num) {
        throw new UnsupportedOperationException("batches have a fixed size (" + batchSize + ")");
    }

    @Override
    public synchronized void reset() {
        fittedBatchIds.clear();
        int next = pass + 1;
        order = orderOfPass(next);
        cursor = 0;
        // published last: a reader that sees the new pass number sees the new pass's examples
        pass = next;
    }

    private int[] orderOfPass(int p) {
        int[] kept = keep;
        int[] ids;
        if (kept == null) {
            ids = new int[examples.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = i;
            }
        } else {
            ids = kept.clone();
            Arrays.sort(ids);
        }
        return shuffled(ids, p);
    }

    /** The order pass {@code p} visits {@code ids} (ascending) in; they become the pass's examples. */
    private int[] shuffled(int[] ids, int p) {
        visiting = ids.clone();
        int n = ids.length;
        if (shuffleSeed != null) {
            SplittableRandom random = new SplittableRandom(shuffleSeed ^ (0x9E3779B97F4A7C15L * (p + 1)));
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = ids[i];
                ids[i] = ids[j];
                ids[j] = swap;
            }
        }
        return ids;
    }

    @Override
    public String stateKey() {
        return "iterator(n=" + examples.size() + ",batch=" + batchSize + ",seed=" + shuffleSeed + ")";
    }

    @Override
    public synchronized void writeState(DataOutput out) throws IOException {
        out.writeInt(pass);
        StateIo.writeInts(out, visiting);
        StateIo.writeInts(out, keep);
        out.writeInt(fittedBatchIds.fittedInPass());
    }

    /**
     * Continues where the saved iterator was: in the middle of its pass, or, when that pass had been
     * fitted completely, at the start of the next one (the reset DL4J would have done).
     */
    @Override
    public synchronized void readState(DataInput in) throws IOException {
        int savedPass = in.readInt();
        int[] savedVisiting = StateIo.readInts(in);
        int[] savedKeep = StateIo.readInts(in);
        int fitted = in.readInt();
        for (int[] ids : new int[][] {savedVisiting, savedKeep}) {
            if (ids != null && Arrays.stream(ids).anyMatch(id -> id < 0 || id >= examples.size())) {
                throw new IOException("the saved iterator visits ids outside [0, " + examples.size()
                        + "): restore into an iterator over the same examples");
            }
        }
        if (fitted < 0 || fitted > savedVisiting.length || (fitted % batchSize != 0 && fitted != savedVisiting.length)) {
            throw new IOException("the saved iterator had fitted " + fitted + " of " + savedVisiting.length
                    + " examples with batches of " + batchSize + ": the state is damaged");
        }
        keep = savedKeep;
        if (fitted == savedVisiting.length) {
            order = orderOfPass(savedPass + 1);
            pass = savedPass + 1;
            cursor = 0;
        } else {
            order = shuffled(savedVisiting, savedPass);
            pass = savedPass;
            cursor = fitted;
        }
        fittedBatchIds.restart(cursor);
    }

    @Override
    public int inputColumns() {
        return examples.width();
    }

    @Override
    public int totalOutcomes() {
        return examples.numClasses();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return examples.classNames();
    }
}
