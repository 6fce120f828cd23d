package org.datadiet4j.data;

import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Gives the examples of a user's own {@link DataSetIterator} ids, so the datadiet listeners work on the
 * job as it is: a DataVec {@code RecordReaderDataSetIterator} over a CSV or records, its batch size,
 * its normaliser. The user's iterator is wrapped, not replaced or drained into memory: each training
 * epoch and each scoring pass streams it once, and the library keeps per example only its class
 * index (and, while pruned, a kept flag).
 *
 * <pre>{@code
 * DataSetIterator trainIter = new RecordReaderDataSetIterator(csvReader, 128, labelIndex, numClasses);
 * trainIter.setPreProcessor(normalizer);             // as usual, before or after wrapping
 * ExampleIdIterator data = ExampleIds.wrap(trainIter);
 * El2nListener el2n = El2nListener.builder(data).atEpochs(2).build();
 * model.addListeners(el2n);
 * model.fit(data, 10);
 * }</pre>
 *
 * <p>Which iterators qualify: one that can be reset and, after every reset, returns the same examples
 * ({@link #wrap}: ids by position, 0..N-1 in the order of the first pass; every batch's labels are
 * checked against that pass, so a reordering iterator fails loudly), or one whose batches carry
 * DataVec record metadata ({@link #wrapByRecordLocation}: ids by file and line, so the order may change
 * from pass to pass). Labels must be one-hot rows; time series (mask arrays) are refused. An iterator
 * that shuffles per pass without metadata cannot be given stable ids: shuffle the data once on disk,
 * or collect it into memory ({@link Examples#collect}) and use {@link Examples#shuffledIterator}.
 *
 * <p>Scoring passes reset the user's iterator and read it (and a pass in the middle of an epoch reads
 * it again up to where training was). An iterator whose {@code reset()} or {@code next()} draws random
 * numbers of its own (a {@code FileSplit} with a {@code Random}, random augmentation) therefore gives
 * training other draws than it would without the listeners, and its scores are of augmented inputs;
 * the "scoring never changes training" guarantee holds for iterators that read the same data the same
 * way every pass, as a CSV reader with a normaliser does.
 */
public final class ExampleIds {

    private ExampleIds() {
    }

    /**
     * Wraps {@code iterator} with ids by position: reads it once now (to count the examples and record
     * their labels) and resets it. Its preprocessor, if any, stays in place and applies to scoring too.
     */
    public static ExampleIdIterator wrap(DataSetIterator iterator) {
        return new StreamedIdIterator(requireWrappable(iterator), Census.of(iterator, false));
    }

    /**
     * Wraps {@code iterator} with ids by DataVec record location ({@code RecordMetaData.getLocation()},
     * which a {@code RecordReaderDataSetIterator} attaches with {@code setCollectMetaData(true)}): ids are
     * the order of the first pass, and later passes may come in another order. A scoring pass in the
     * middle of an epoch (GraNd at initialisation) then needs the same order after a reset too.
     */
    public static ExampleIdIterator wrapByRecordLocation(DataSetIterator iterator) {
        return new StreamedIdIterator(requireWrappable(iterator), Census.of(iterator, true));
    }

    private static DataSetIterator requireWrappable(DataSetIterator iterator) {
        if (iterator == null) {
            throw new IllegalArgumentException("the iterator to wrap must not be null");
        }
        if (iterator instanceof ExampleIdIterator) {
            throw new IllegalArgumentException("this iterator stamps example ids already: give it to the listeners as"
                    + " it is");
        }
        if (!iterator.resetSupported()) {
            throw new IllegalArgumentException(iterator.getClass().getSimpleName() + " cannot be reset, but every"
                    + " epoch and every scoring pass reads the examples again: give an iterator that can be reset");
        }
        return iterator;
    }
}
