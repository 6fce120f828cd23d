package org.datadiet4j.spark;

import java.nio.FloatBuffer;
import java.util.List;
import org.datadiet4j.io.InvalidInputException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A batch of {@link ExampleRow}s as a network takes it: features {@code [b, width]} (or
 * {@code [b, channels, height, width]} given an input shape), float like the command line's, and one-hot
 * labels of K classes; each row checked on the way in.
 *
 * @param ids      the example ids, in row order
 * @param labels   class indices, in row order
 * @param features the features
 * @param oneHot   one-hot labels {@code [b, K]}
 */
record BatchInputs(int[] ids, int[] labels, INDArray features, INDArray oneHot) {

    /**
     * @param width      features per example (example 0's)
     * @param inputShape shape of one example's features, or null for flat rows
     */
    static BatchInputs of(List<ExampleRow> rows, int width, long[] inputShape, int numClasses) {
        int b = rows.size();
        // written straight into the array's native memory: Nd4j.create(float[], …) copies one value at a time
        INDArray features = Nd4j.createUninitialized(DataType.FLOAT, b, width);
        FloatBuffer values = features.data().asNioFloat();
        int[] ids = new int[b];
        int[] labels = new int[b];
        for (int i = 0; i < b; i++) {
            ExampleRow row = rows.get(i);
            float[] rowFeatures = row.getFeatures();
            if (rowFeatures.length != width) {
                throw new InvalidInputException("example " + row.getId() + " has " + rowFeatures.length
                        + " features but example 0 has " + width + "; every example needs the same number");
            }
            if (row.getLabel() >= numClasses) {
                throw new InvalidInputException("example " + row.getId() + ": label " + row.getLabel()
                        + " is out of range [0, " + numClasses + ")");
            }
            values.put(rowFeatures, 0, width);
            ids[i] = row.getId();
            labels[i] = row.getLabel();
        }
        if (inputShape != null) {
            long[] shape = new long[inputShape.length + 1];
            shape[0] = b;
            System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
            features = features.reshape('c', shape);
        }
        INDArray oneHot = Nd4j.zeros(DataType.FLOAT, b, numClasses);
        for (int i = 0; i < b; i++) {
            oneHot.putScalar(i, labels[i], 1.0);
        }
        return new BatchInputs(ids, labels, features, oneHot);
    }

    /** Number of examples. */
    int size() {
        return ids.length;
    }
}
