package org.datadiet4j.listeners;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * arg max_k (h W + b)_k for every row of h, the output layer's prediction in the forward pass that
 * training has just done, from the same numbers: the product is one BLAS gemm into a column-major
 * array of W's data type, which is what DL4J's {@code BaseLayer.preOutput} runs ({@code mmuli}), and
 * the bias is added with one rounding per element as its {@code addiRowVector} does, so the logits are
 * bit for bit those of training on the same backend and thread count. The bias and the arg max run in
 * plain Java over one bulk copy of the product. (A plain-Java product, used before, was about 4 times slower per batch and could break
 * near-ties differently from training.)
 *
 * <p>One instance per listener: it keeps its result array (outside any workspace) from batch to
 * batch and reallocates it only when the batch shape or W's data type changes. Not thread-safe.
 */
final class AffineArgMax {

    private INDArray logits;
    /**
     * The logits' memory seen from Java, taken once per allocation: asking ND4J for it every batch cost
     * 10–25 µs per call inside a training step (the product itself costs 25–27 µs for an MLP batch of 128).
     */
    private FloatBuffer floatView;
    private DoubleBuffer doubleView;
    private float[] values;
    private double[] wide;

    /**
     * @param h rows [batch, in]
     * @param w weights [in, out]
     * @param b bias with {@code out} elements, or null
     */
    int[] of(INDArray h, INDArray w, INDArray b) {
        int rows = (int) h.size(0);
        int out = (int) w.size(1);
        if (h.rank() != 2 || w.size(0) != h.size(1)) {
            throw new IllegalArgumentException("h is " + java.util.Arrays.toString(h.shape()) + " but W is "
                    + java.util.Arrays.toString(w.shape()));
        }
        DataType type = w.dataType();
        if (logits == null || logits.dataType() != type || logits.size(0) != rows || logits.size(1) != out) {
            logits = Nd4j.createUninitializedDetached(type, 'f', rows, out);
            floatView = type == DataType.FLOAT ? logits.data().asNioFloat() : null;
            doubleView = type == DataType.DOUBLE ? logits.data().asNioDouble() : null;
            values = type == DataType.FLOAT ? new float[rows * out] : null;
            wide = type == DataType.DOUBLE ? new double[rows * out] : null;
        }
        // as BaseLayer.preOutput: mmuli into a column-major array is one BLAS gemm straight into it
        h.castTo(type).mmuli(w, logits);
        int[] predicted = new int[rows];
        if (floatView != null) {
            floatView.get(0, values);
        } else if (doubleView != null) {
            doubleView.get(0, wide);
        } else {
            // other floating types are widened first, so their bias is added in double
            wide = logits.castTo(DataType.DOUBLE).data().asDouble();
        }
        for (int k = 0; k < out && b != null; k++) {
            addToColumn(k, rows, b);
        }
        for (int r = 0; r < rows; r++) {
            predicted[r] = argMaxOfRow(r, rows, out);
        }
        return predicted;
    }

    /**
     * The logits hW + b of the last call's batch as a new array [rows, out] outside any workspace, in W's
     * data type (the same numbers as {@link #logit}), for a loss function to read; W's type is float or double.
     */
    INDArray logits() {
        int rows = (int) logits.size(0);
        int out = (int) logits.size(1);
        INDArray z = Nd4j.createUninitializedDetached(logits.dataType(), 'f', rows, out);
        if (wide == null) {
            z.data().asNioFloat().put(values, 0, rows * out);
        } else if (logits.dataType() == DataType.DOUBLE) {
            z.data().asNioDouble().put(wide, 0, rows * out);
        } else {
            throw new IllegalStateException("logits of a " + logits.dataType() + " network: use float or double");
        }
        return z;
    }

    /** The logit of class k in row r of the last call's batch. */
    double logit(int r, int k) {
        int rows = (int) logits.size(0);
        return wide == null ? values[k * rows + r] : wide[k * rows + r];
    }

    /**
     * Adds b_k to column k of the column-major logits: one rounding per element, as ND4J's
     * {@code addiRowVector} does, without its native call (which costs more than the product).
     */
    private void addToColumn(int k, int rows, INDArray b) {
        if (wide == null) {
            float bias = b.getFloat(k);
            for (int r = 0; r < rows; r++) {
                values[k * rows + r] += bias;
            }
        } else {
            double bias = b.getDouble(k);
            for (int r = 0; r < rows; r++) {
                wide[k * rows + r] += bias;
            }
        }
    }

    /** The class of the largest logit of row r, the first of equals, as ND4J's argMax picks. */
    private int argMaxOfRow(int r, int rows, int out) {
        int best = 0;
        double bestValue = logit(r, 0);
        for (int k = 1; k < out; k++) {
            double value = wide == null ? values[k * rows + r] : wide[k * rows + r];
            if (value > bestValue) {
                bestValue = value;
                best = k;
            }
        }
        return best;
    }
}
