package org.datadiet4j.bench;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.datadiet4j.data.Examples;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * What a job without datadiet4j would train on: the same examples, gathered batch by batch in a new
 * random order per pass, as the id-stamping iterator does, but without stamping ids on the batches
 * or queuing them for listeners. The baseline that isolates the cost of the stamping.
 */
final class BareShuffledIterator implements DataSetIterator {

    private static final long serialVersionUID = 1L;

    private final transient Examples examples;
    private final int batchSize;
    private final long seed;
    private int[] order;
    private int cursor;
    private int pass;

    BareShuffledIterator(Examples examples, int batchSize, long seed) {
        this.examples = examples;
        this.batchSize = batchSize;
        this.seed = seed;
        this.order = orderOfPass(0);
    }

    private int[] orderOfPass(int p) {
        int[] ids = new int[examples.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (p + 1)));
        for (int i = ids.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = ids[i];
            ids[i] = ids[j];
            ids[j] = swap;
        }
        return ids;
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
        int[] ids = java.util.Arrays.copyOfRange(order, cursor, end);
        cursor = end;
        return examples.gather(ids);
    }

    @Override
    public synchronized void reset() {
        pass++;
        order = orderOfPass(pass);
        cursor = 0;
    }

    @Override
    public DataSet next(int num) {
        throw new UnsupportedOperationException("batches have a fixed size (" + batchSize + ")");
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
        throw new UnsupportedOperationException("the bare baseline applies no preprocessor");
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return null;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }
}
