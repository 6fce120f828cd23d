package org.datadiet4j.bench;

import java.util.List;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Hands an iterator's batches to {@code fit} unchanged but declines DL4J's prefetch thread, so that
 * reading and stamping the batches runs on the training thread and counts in its CPU time.
 */
final class SynchronousIterator implements DataSetIterator {

    private static final long serialVersionUID = 1L;

    private final DataSetIterator inner;

    SynchronousIterator(DataSetIterator inner) {
        this.inner = inner;
    }

    @Override
    public DataSet next(int num) {
        return inner.next(num);
    }

    @Override
    public int inputColumns() {
        return inner.inputColumns();
    }

    @Override
    public int totalOutcomes() {
        return inner.totalOutcomes();
    }

    @Override
    public boolean resetSupported() {
        return inner.resetSupported();
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void reset() {
        inner.reset();
    }

    @Override
    public int batch() {
        return inner.batch();
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        inner.setPreProcessor(preProcessor);
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return inner.getPreProcessor();
    }

    @Override
    public List<String> getLabels() {
        return inner.getLabels();
    }

    @Override
    public boolean hasNext() {
        return inner.hasNext();
    }

    @Override
    public DataSet next() {
        return inner.next();
    }
}
