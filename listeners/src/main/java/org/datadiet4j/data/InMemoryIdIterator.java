package org.datadiet4j.data;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.datadiet4j.internal.state.StateIo;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;

/**
 * The id-stamping iterator over in-memory {@link Examples}: each pass visits the examples in id order
 * or, when seeded, in a new random order per pass; the order of pass {@code p} is a function of the
 * seed and {@code p} only, drawn from a generator of its own, so it never touches ND4J's random
 * state. The last batch of a pass may be smaller than the batch size. Restored into a twin (same
 * examples, batch size and seed), it continues the pass, batch for batch, where the saved one was.
 */
final class InMemoryIdIterator extends ExampleIdIterator {

    private final Examples examples;
    private final int batchSize;
    private final Long shuffleSeed;
    private final ExampleSource view;
    /** Ids the next pass visits (all when null); installed by one thread, read by the one that resets. */
    private volatile int[] keep;
    private volatile int[] visiting;
    private volatile int pass;
    private int[] order;
    private int cursor;

    InMemoryIdIterator(Examples examples, int batchSize, Long shuffleSeed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.examples = examples;
        this.batchSize = batchSize;
        this.shuffleSeed = shuffleSeed;
        this.view = new PreprocessedExamples(examples, this::getPreProcessor);
        this.order = orderOfPass(0);
    }

    @Override
    public ExampleSource examples() {
        return view;
    }

    @Override
    public synchronized void keepOnly(int[] ids) {
        keep = ids == null ? null : checkedKeepSet(ids, examples.size());
        applyIfUnstarted();
    }

    private void applyIfUnstarted() {
        if (cursor == 0) {
            order = orderOfPass(pass);
        }
    }

    @Override
    public int visitingCount() {
        return visiting.length;
    }

    @Override
    public int[] visiting() {
        int[] ids = visiting.clone();
        Arrays.sort(ids);
        return ids;
    }

    @Override
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
        return stamped(preprocessed(batch), ids);
    }

    @Override
    public synchronized void reset() {
        fittedBatchIds().clear();
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
        visitingChanged();
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
        out.writeInt(fittedBatchIds().fittedInPass());
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
        fittedBatchIds().restart(cursor);
    }

    @Override
    public int batch() {
        return batchSize;
    }

    /**
     * Training batches and the scoring passes over {@link #examples()} both go through it; the
     * examples themselves are noted as normalised for training, so a listener that scores them raw
     * refuses to start.
     */
    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        super.setPreProcessor(preProcessor);
        examples.noteIteratorPreProcessor(preProcessor);
    }

}
