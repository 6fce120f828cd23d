package org.datadiet4j.data;

import java.util.List;
import org.datadiet4j.resume.Resumable;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * A {@link DataSetIterator} that knows the example id of every row it returns, for listeners that
 * score examples during {@code fit}, and that can be pruned to a keep-set inside one {@code fit} call.
 *
 * <p>Two kinds: over in-memory {@link Examples} ({@link Examples#shuffledIterator}, a new seeded
 * order per pass), or wrapping the user's own iterator ({@link ExampleIds#wrap}, a DataVec
 * {@code RecordReaderDataSetIterator} with its normaliser, streamed once per pass). Each pass (from
 * construction or {@code reset()} to exhaustion) visits every example, or every kept one, once.
 *
 * <p>{@link #keepOnly(int[])} prunes: from the next {@code reset()} on, passes visit only the kept
 * ids, re-batched into full batches. DL4J resets the iterator when it starts the next epoch of
 * {@code fit(iterator, epochs)}, before {@code onEpochStart} (and before its prefetch thread reads a
 * batch), so a keep-set installed at {@code onEpochEnd} applies from the next epoch on, inside the same
 * {@code fit} call (a wrapped iterator is not prefetched by DL4J, and {@code fit} resets it only after
 * {@code onEpochStart}: a keep-set installed when its pass was read to the end starts the next pass at
 * once, so that the next {@code onEpochStart} already sees the kept pass). Prefetching stays on (DL4J's for in-memory
 * examples, the wrapper's own read-ahead for a user's iterator): the ids of each batch go through
 * {@link FittedBatchIds}.
 *
 * <p>{@link #examples()} is what a scoring pass reads: the same examples, with the same preprocessor
 * ({@code setPreProcessor}) training gets. Its position (pass, position in it, keep-set) saves with a
 * model checkpoint ({@link Resumable}).
 */
public abstract class ExampleIdIterator implements DataSetIterator, Resumable {

    private static final long serialVersionUID = 1L;

    private final transient FittedBatchIds fittedBatchIds = new FittedBatchIds();
    private transient volatile DataSetPreProcessor preProcessor;
    private transient volatile int visitingStamp;

    ExampleIdIterator() {
    }

    /** The ids of the batch being fitted, for listeners. */
    public final FittedBatchIds fittedBatchIds() {
        return fittedBatchIds;
    }

    /** The examples this iterator visits, as training sees them (preprocessor applied): what scoring passes read. */
    public abstract ExampleSource examples();

    /**
     * Prunes the examples to {@code ids} (distinct, in [0, N)); {@code null} restores all examples.
     * A pass that has handed out batches is not touched: the keep-set applies from the next
     * {@code reset()}. Before the first batch of a pass (a new iterator, or right after a reset) it
     * applies at once.
     */
    public abstract void keepOnly(int[] ids);

    /** Number of examples the current pass visits. */
    public abstract int visitingCount();

    /** Ids the current pass visits, ascending. */
    public abstract int[] visiting();

    /** Number of passes started before the current one (0 during the first pass). */
    public abstract int pass();

    /**
     * A number that changes whenever the ids the current pass visits change (a new pass, or a keep-set
     * applied to a pass nothing was read from yet), for caches of what {@link #visiting()} gives.
     */
    public final int visitingStamp() {
        return visitingStamp;
    }

    /** Subclasses call it whenever the ids the current pass visits are replaced. */
    final void visitingChanged() {
        visitingStamp++;
    }

    /** Checks a keep-set against N examples and returns a copy: distinct ids in [0, n), at least one. */
    static int[] checkedKeepSet(int[] ids, int n) {
        if (ids.length == 0) {
            throw new IllegalArgumentException("the keep-set is empty: keep at least one example");
        }
        boolean[] seen = new boolean[n];
        for (int id : ids) {
            if (id < 0 || id >= n) {
                throw new IllegalArgumentException("kept id " + id + " is outside [0, " + n + ")");
            }
            if (seen[id]) {
                throw new IllegalArgumentException("kept id " + id + " appears twice in the keep-set");
            }
            seen[id] = true;
        }
        return ids.clone();
    }

    /** Applies the preprocessor (if any) to a batch, in place, as every training batch and scoring pass gets it. */
    final DataSet preprocessed(DataSet batch) {
        DataSetPreProcessor pre = preProcessor;
        if (pre != null) {
            pre.preProcess(batch);
        }
        return batch;
    }

    /** Training batches and the scoring passes over {@link #examples()} both go through it. */
    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    /** Marks each returned batch with its ids as example metadata ({@code Integer}s) and queues them for listeners. */
    final DataSet stamped(DataSet batch, int[] ids) {
        batch.setExampleMetaData(java.util.Arrays.stream(ids).boxed().toList());
        fittedBatchIds.enqueue(ids);
        return batch;
    }

    @Override
    public DataSet next(int num) {
        throw new UnsupportedOperationException("batches have a fixed size (" + batch() + ")");
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
    public int inputColumns() {
        return examples().width();
    }

    @Override
    public int totalOutcomes() {
        return examples().numClasses();
    }

    @Override
    public List<String> getLabels() {
        return examples().classNames();
    }
}
