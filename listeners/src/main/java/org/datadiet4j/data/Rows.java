package org.datadiet4j.data;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Row selection and concatenation of batches whose first dimension is the example, of any rank. */
final class Rows {

    private Rows() {
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive) of a batch, as a new batch. */
    static DataSet range(DataSet batch, int from, int to) {
        if (from == 0 && to == batch.numExamples()) {
            return batch;
        }
        return new DataSet(range(batch.getFeatures(), from, to), range(batch.getLabels(), from, to));
    }

    private static INDArray range(INDArray array, int from, int to) {
        long[] shape = array.shape();
        INDArray flat = array.reshape('c', shape[0], array.length() / shape[0]);
        long[] rangeShape = shape.clone();
        rangeShape[0] = to - from;
        return flat.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup('c').reshape('c', rangeShape);
    }

    /** The given rows of a batch, in the given order, as a new batch. */
    static DataSet pick(DataSet batch, int[] rows) {
        if (rows.length == batch.numExamples() && isIdentity(rows)) {
            return batch;
        }
        return new DataSet(pick(batch.getFeatures(), rows), pick(batch.getLabels(), rows));
    }

    static INDArray pick(INDArray array, int[] rows) {
        long[] shape = array.shape();
        INDArray flat = array.reshape('c', shape[0], array.length() / shape[0]);
        long[] pickedShape = shape.clone();
        pickedShape[0] = rows.length;
        return Nd4j.pullRows(flat, 1, rows).reshape('c', pickedShape);
    }

    private static boolean isIdentity(int[] rows) {
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] != i) {
                return false;
            }
        }
        return true;
    }

    /** The batches one after the other, as one batch. */
    static DataSet concat(List<DataSet> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        INDArray features = Nd4j.concat(0, parts.stream().map(DataSet::getFeatures).toArray(INDArray[]::new));
        INDArray labels = Nd4j.concat(0, parts.stream().map(DataSet::getLabels).toArray(INDArray[]::new));
        return new DataSet(features, labels);
    }

    /** The id arrays one after the other. */
    static int[] concatIds(List<int[]> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int[] all = new int[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (int[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    /** The shape of one example: the batch's feature shape without its first dimension. */
    static long[] exampleShape(INDArray features) {
        long[] shape = features.shape();
        return Arrays.copyOfRange(shape, 1, shape.length);
    }
}
