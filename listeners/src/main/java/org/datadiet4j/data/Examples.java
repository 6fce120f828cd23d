package org.datadiet4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * An in-memory set of labelled training examples in which example {@code i} has the id {@code i}:
 * the position of the example in the input data, 0..N-1. Every per-example score in this project is
 * indexed by this id.
 *
 * <p>Features are held as one array whose first dimension is the example (for images either
 * flattened, {@code [N, H*W]}, or {@code [N, C, H, W]}); labels as class indices and as the
 * one-hot matrix DL4J's output layers expect.
 *
 * <p>As an {@link ExampleSource} it streams the rows as they are. To score what training sees when an
 * iterator over these examples normalises its batches, build the listeners from that iterator
 * ({@link ExampleIdIterator#examples()}); a listener given these examples directly while such an
 * iterator has a preprocessor refuses to start.
 */
public final class Examples implements ExampleSource {

    private final INDArray features;
    private final INDArray oneHotLabels;
    private final int[] labels;
    private final int numClasses;
    private final List<String> classNames;
    private volatile Object iteratorPreProcessor;

    private Examples(INDArray features, int[] labels, int numClasses, List<String> classNames) {
        this.features = features;
        this.labels = labels;
        this.numClasses = numClasses;
        this.classNames = classNames;
        this.oneHotLabels = oneHot(labels, numClasses, features.dataType());
    }

    /**
     * Examples from a feature array (first dimension = example) and class indices in [0, numClasses).
     * The label array is copied; the feature array is used as it is.
     */
    public static Examples of(INDArray features, int[] labels, int numClasses) {
        return of(features, labels, numClasses, null);
    }

    /** As {@link #of(INDArray, int[], int)}, with a display name per class (or null). */
    public static Examples of(INDArray features, int[] labels, int numClasses, List<String> classNames) {
        if (features == null || labels == null) {
            throw new IllegalArgumentException("features and labels must not be null");
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException("the example set is empty: give at least one example");
        }
        if (features.rank() < 2 || features.size(0) != labels.length) {
            throw new IllegalArgumentException("features must have one row per example: got shape "
                    + Arrays.toString(features.shape()) + " for " + labels.length + " labels");
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + numClasses);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("label " + labels[i] + " of example " + i
                        + " is outside [0, " + numClasses + ")");
            }
        }
        if (classNames != null && classNames.size() != numClasses) {
            throw new IllegalArgumentException("expected " + numClasses + " class names, got " + classNames.size());
        }
        return new Examples(features, labels.clone(), numClasses, classNames == null ? null : List.copyOf(classNames));
    }

    /**
     * Drains a user's iterator into memory. Example ids are the order in which this pass returns the
     * examples; the iterator is reset first when it supports it. Labels must be one-hot rows.
     */
    public static Examples collect(DataSetIterator iterator) {
        if (iterator.resetSupported()) {
            iterator.reset();
        }
        List<INDArray> featureBatches = new ArrayList<>();
        List<INDArray> labelBatches = new ArrayList<>();
        while (iterator.hasNext()) {
            DataSet batch = iterator.next();
            featureBatches.add(batch.getFeatures().detach());
            labelBatches.add(batch.getLabels().detach());
        }
        if (featureBatches.isEmpty()) {
            throw new IllegalArgumentException("the iterator returned no examples: nothing to score");
        }
        INDArray features = Nd4j.concat(0, featureBatches.toArray(INDArray[]::new));
        INDArray labelMatrix = Nd4j.concat(0, labelBatches.toArray(INDArray[]::new));
        if (labelMatrix.rank() != 2) {
            throw new IllegalArgumentException("labels must be [examples, classes] one-hot rows, got shape "
                    + Arrays.toString(labelMatrix.shape()));
        }
        int[] labels = classIndices(labelMatrix.toFloatMatrix(), 0);
        return of(features, labels, (int) labelMatrix.size(1), iterator.getLabels());
    }

    /** The class of each one-hot row (of examples {@code firstId}, …); fails on the first row that is not one-hot. */
    static int[] classIndices(float[][] rows, int firstId) {
        int[] labels = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            int hot = -1;
            for (int k = 0; k < rows[i].length; k++) {
                float v = rows[i][k];
                if (v == 1 && hot < 0) {
                    hot = k;
                } else if (v != 0) {
                    hot = -2;
                    break;
                }
            }
            if (hot < 0) {
                throw new IllegalArgumentException("the label row of example " + (firstId + i) + " is not one-hot: "
                        + Arrays.toString(rows[i]) + "; scores need exactly one 1 per row (soft or multi-label"
                        + " targets are not supported)");
            }
            labels[i] = hot;
        }
        return labels;
    }

    /** The first {@code n} examples, keeping their ids. */
    public Examples head(int n) {
        if (n < 1 || n > size()) {
            throw new IllegalArgumentException("head size must be in [1, " + size() + "], got " + n);
        }
        if (n == size()) {
            return this;
        }
        INDArray rows = features.get(NDArrayIndex.interval(0, n)).dup();
        return new Examples(rows, Arrays.copyOf(labels, n), numClasses, classNames);
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public int label(int id) {
        return labels[id];
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public long[] exampleShape() {
        long[] shape = features.shape();
        return Arrays.copyOfRange(shape, 1, shape.length);
    }

    @Override
    public int width() {
        return Math.toIntExact(features.length() / features.size(0));
    }

    public DataType dataType() {
        return features.dataType();
    }

    /** Examples {@code from} (inclusive) to {@code to} (exclusive), as views, no copy. */
    public DataSet range(int from, int to) {
        return new DataSet(features.get(NDArrayIndex.interval(from, to)),
                oneHotLabels.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()));
    }

    /** Batches of views into the rows, in id order, as they are; the consumer must not modify them. */
    @Override
    public void forEachBatch(int batchSize, BatchConsumer consumer) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        for (int from = 0; from < size(); from += batchSize) {
            int to = Math.min(from + batchSize, size());
            int[] ids = new int[to - from];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = from + i;
            }
            consumer.accept(ids, range(from, to));
        }
    }

    /** A new batch holding the given examples, in the given order. */
    @Override
    public DataSet gather(int[] ids) {
        long[] shape = features.shape();
        long width = features.length() / shape[0];
        INDArray flat = features.reshape('c', shape[0], width);
        INDArray rows = Nd4j.pullRows(flat, 1, ids);
        long[] batchShape = shape.clone();
        batchShape[0] = ids.length;
        return new DataSet(rows.reshape('c', batchShape), Nd4j.pullRows(oneHotLabels, 1, ids));
    }

    /** An iterator over all examples in id order that stamps the ids of each batch. */
    public ExampleIdIterator iterator(int batchSize) {
        return new InMemoryIdIterator(this, batchSize, null);
    }

    /**
     * An iterator that visits the examples in a new random order each epoch (seeded: the same seed
     * gives the same orders) and stamps the ids of each batch.
     */
    public ExampleIdIterator shuffledIterator(int batchSize, long seed) {
        return new InMemoryIdIterator(this, batchSize, seed);
    }

    /**
     * The preprocessor an iterator over these examples applies to its training batches (the last one
     * set), or null: the examples themselves are raw, so scoring them directly would not score what
     * training sees.
     */
    public Object iteratorPreProcessor() {
        return iteratorPreProcessor;
    }

    void noteIteratorPreProcessor(Object preProcessor) {
        this.iteratorPreProcessor = preProcessor;
    }

    private static INDArray oneHot(int[] labels, int numClasses, DataType type) {
        INDArray oneHot = Nd4j.zeros(type, labels.length, numClasses);
        for (int i = 0; i < labels.length; i++) {
            oneHot.putScalar(i, labels[i], 1.0);
        }
        return oneHot;
    }
}
