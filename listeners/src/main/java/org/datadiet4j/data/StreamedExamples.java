package org.datadiet4j.data;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The examples of a wrapped user's iterator as training sees them ({@link StreamedIdIterator#examples()}):
 * what the first pass learned ({@link Census}: count, labels, shape, example 0) is answered at once; a
 * pass over the examples streams the user's iterator, through the wrapper that owns it.
 */
final class StreamedExamples implements ExampleSource {

    /** A scoring pass over the user's iterator, run by the wrapper that owns it. */
    @FunctionalInterface
    interface ScoringPasses {
        /**
         * Streams the user's iterator from its start, preprocessed as for training, handing out its batches
         * gathered into groups of at least {@code size} rows, until the pass ends or {@code enough} is true.
         */
        void stream(BooleanSupplier enough, BatchConsumer consumer, int size);
    }

    private final Census census;
    private final ScoringPasses passes;
    private final UnaryOperator<DataSet> preprocessed;

    /**
     * @param preprocessed applies the training preprocessor to a batch, in place
     */
    StreamedExamples(Census census, ScoringPasses passes, UnaryOperator<DataSet> preprocessed) {
        this.census = census;
        this.passes = passes;
        this.preprocessed = preprocessed;
    }

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
    public List<String> classNames() {
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
        passes.stream(() -> false, consumer, batchSize);
    }

    @Override
    public DataSet firstExample() {
        return preprocessed.apply(census.firstExample());
    }

    @Override
    public DataSet gather(int[] ids) {
        Gathered gathered = new Gathered(ids, census.size());
        passes.stream(gathered::complete, gathered::collect, 1);
        return gathered.result();
    }
}
