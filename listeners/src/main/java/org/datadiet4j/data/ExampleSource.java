package org.datadiet4j.data;

import java.util.List;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The labelled examples a scoring pass reads, as training sees them: every example has an int id
 * in [0, N), and {@link #forEachBatch} streams them with the training preprocessor (a normaliser,
 * an image scaler) already applied, so a score is computed on the very inputs the model trains on.
 *
 * <p>Per example a source holds at most its class index; the features may live anywhere. Two
 * implementations: {@link Examples} (in memory, rows as they are) and the view of an
 * {@link ExampleIdIterator} ({@link ExampleIdIterator#examples()}), which reads the examples the way
 * the iterator hands them to {@code fit}: from memory through the iterator's preprocessor, or by
 * streaming a user's own {@code DataSetIterator} once per pass ({@link ExampleIds#wrap}).
 */
public interface ExampleSource {

    /** Receives one batch of a pass. */
    @FunctionalInterface
    interface BatchConsumer {
        /**
         * @param ids   the example id of each row of the batch, in row order (do not modify)
         * @param batch features and one-hot labels of those examples, preprocessed as for training
         */
        void accept(int[] ids, DataSet batch);
    }

    /** Number of examples N; ids are 0..N-1. */
    int size();

    /** Number of classes K; labels are class indices in [0, K). */
    int numClasses();

    /** Class index of example {@code id}. */
    int label(int id);

    /** A copy of all class indices, by id. */
    int[] labels();

    /** Class names, or null when the data has none. */
    List<String> classNames();

    /** Feature shape of one example (a batch's feature shape without its first dimension). */
    long[] exampleShape();

    /** Features per example: the product of {@link #exampleShape()}. */
    default int width() {
        long width = 1;
        for (long d : exampleShape()) {
            width *= d;
        }
        return Math.toIntExact(width);
    }

    /**
     * Streams every example once, in batches of about {@code batchSize} examples (in memory exactly,
     * streamed whole batches of the underlying iterator until at least {@code batchSize} rows), with
     * the training preprocessor applied. The consumer must not modify a batch (it may be a view of the
     * examples themselves).
     */
    void forEachBatch(int batchSize, BatchConsumer consumer);

    /**
     * The given examples (distinct ids in [0, N)), in the given order, preprocessed as for training.
     * A streamed source finds them in one pass (ending early once all are found); meant for small
     * sets such as a probe or a verification sample.
     */
    DataSet gather(int[] ids);

    /**
     * Example 0, preprocessed as for training: what checks before training (does the model take these
     * features?) look at. A streamed source answers from a copy kept by its first pass, without reading
     * its iterator again (which would reorder one that shuffles on reset).
     */
    default DataSet firstExample() {
        return gather(new int[] {0});
    }
}
