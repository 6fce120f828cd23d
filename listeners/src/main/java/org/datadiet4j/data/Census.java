package org.datadiet4j.data;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * What one pass over a user's iterator tells about its examples, made once when the iterator is
 * wrapped: how many there are, each one's class index (4 bytes per example), the feature shape, the
 * batch size and, when the batches carry DataVec record metadata, each example's location. It then
 * names the ids of every later batch ({@link #idsOf}) and checks that batch's labels against the
 * first pass, so a changed order is an error, never a silent mix-up.
 */
final class Census {

    private final int[] labels;
    private final int numClasses;
    private final long[] exampleShape;
    private final int batchSize;
    private final List<String> classNames;
    private final LocationIds locations;
    private final DataSet firstExample;

    private Census(int[] labels, int numClasses, long[] exampleShape, int batchSize, List<String> classNames,
                   LocationIds locations, DataSet firstExample) {
        this.labels = labels;
        this.numClasses = numClasses;
        this.exampleShape = exampleShape;
        this.batchSize = batchSize;
        this.classNames = classNames;
        this.locations = locations;
        this.firstExample = firstExample;
    }

    /** Reads the user's iterator once, from its start, and resets it. */
    static Census of(DataSetIterator iterator, boolean byLocation) {
        iterator.reset();
        int[] labels = new int[1024];
        int n = 0;
        int numClasses = -1;
        long[] shape = null;
        int batchSize = 0;
        LocationIds locations = null;
        DataSet first = null;
        while (iterator.hasNext()) {
            DataSet batch = iterator.next();
            int rows = batch.numExamples();
            if (rows == 0) {
                continue;
            }
            if (batch.getFeaturesMaskArray() != null || batch.getLabelsMaskArray() != null) {
                throw new IllegalArgumentException("the iterator's batches have mask arrays (time series): example"
                        + " scores need one feature row and one one-hot label row per example");
            }
            INDArray y = batch.getLabels();
            if (y == null || y.rank() != 2) {
                throw new IllegalArgumentException("labels must be [examples, classes] one-hot rows, got shape "
                        + (y == null ? "none" : Arrays.toString(y.shape())) + " at example " + n);
            }
            if (shape == null) {
                numClasses = (int) y.size(1);
                shape = Rows.exampleShape(batch.getFeatures());
                batchSize = rows;
                first = Rows.range(batch, 0, 1).copy();
                if (byLocation) {
                    if (!LocationIds.hasLocations(batch.getExampleMetaData(), rows)) {
                        throw new IllegalArgumentException("the iterator's batches carry no record metadata: call"
                                + " setCollectMetaData(true) on the RecordReaderDataSetIterator, or wrap it with ids"
                                + " by position (ExampleIds.wrap)");
                    }
                    locations = new LocationIds();
                }
            }
            requireShape(batch, shape, numClasses, n);
            if (n + rows > labels.length) {
                labels = Arrays.copyOf(labels, Math.max(2 * labels.length, n + rows));
            }
            System.arraycopy(Examples.classIndices(y.toFloatMatrix(), n), 0, labels, n, rows);
            if (locations != null) {
                locations.assign(batch.getExampleMetaData());
            }
            n += rows;
        }
        iterator.reset();
        if (n == 0) {
            throw new IllegalArgumentException("the iterator returned no examples: nothing to score");
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + numClasses);
        }
        return new Census(Arrays.copyOf(labels, n), numClasses, shape, batchSize, iterator.getLabels(), locations,
                first);
    }

    private static void requireShape(DataSet batch, long[] shape, int numClasses, int firstId) {
        long[] got = Rows.exampleShape(batch.getFeatures());
        if (!Arrays.equals(got, shape) || batch.getLabels().size(1) != numClasses) {
            throw new IllegalArgumentException("the batch starting at example " + firstId + " has features "
                    + Arrays.toString(got) + " and " + batch.getLabels().size(1) + " classes per example, earlier"
                    + " batches " + Arrays.toString(shape) + " and " + numClasses + ": every batch must describe"
                    + " examples of one shape");
        }
    }

    /**
     * The ids of the rows of a batch read at {@code cursor} (advanced past it), after checking each
     * row's label against the first pass; {@code selection} (or null) names the rows of the pass the
     * iterator was told to return ({@link SelectableRows}), so the i-th row read is example selection[i].
     */
    int[] idsOf(DataSet batch, StreamCursor cursor, int[] selection) {
        int rows = batch.numExamples();
        int[] ids;
        if (locations != null) {
            ids = locations.lookup(batch.getExampleMetaData());
        } else {
            int available = selection == null ? labels.length : selection.length;
            if (cursor.position + rows > available) {
                throw new IllegalStateException("the wrapped iterator returned more than the " + available
                        + " examples " + (selection == null ? "of its first pass" : "selected for this pass")
                        + ": it must visit the same examples every pass");
            }
            ids = new int[rows];
            Arrays.setAll(ids, r -> selection == null ? cursor.position + r : selection[cursor.position + r]);
        }
        requireShape(batch, exampleShape, numClasses, cursor.position);
        int[] classes = classesOf(batch.getLabels());
        for (int r = 0; r < rows; r++) {
            if (classes[r] != labels[ids[r]]) {
                throw new IllegalStateException("example " + ids[r] + " has label " + classes[r] + " in this pass but "
                        + labels[ids[r]] + " in the first: the wrapped iterator changed its order; ids by position need"
                        + " the same order every pass (do not shuffle, or use DataVec metadata: setCollectMetaData(true)"
                        + " and ExampleIds.wrapByRecordLocation)");
            }
            cursor.digest = cursor.digest * 0x9E3779B97F4A7C15L + ids[r] + 1;
        }
        cursor.position += rows;
        cursor.batches++;
        return ids;
    }

    /** The arg max of each label row. */
    private static int[] classesOf(INDArray oneHot) {
        float[][] rows = oneHot.toFloatMatrix();
        int[] classes = new int[rows.length];
        for (int r = 0; r < rows.length; r++) {
            int best = 0;
            for (int k = 1; k < rows[r].length; k++) {
                if (rows[r][k] > rows[r][best]) {
                    best = k;
                }
            }
            classes[r] = best;
        }
        return classes;
    }

    int size() {
        return labels.length;
    }

    int numClasses() {
        return numClasses;
    }

    int label(int id) {
        return labels[id];
    }

    int[] labels() {
        return labels.clone();
    }

    List<String> classNames() {
        return classNames;
    }

    long[] exampleShape() {
        return exampleShape.clone();
    }

    /** A copy of example 0 as the user's iterator returned it. */
    DataSet firstExample() {
        return firstExample.copy();
    }

    /** True when ids are positions in a pass (not record locations). */
    boolean byPosition() {
        return locations == null;
    }

    int batchSize() {
        return batchSize;
    }
}
