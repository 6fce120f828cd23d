package org.datadiet4j.listeners;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * arg max_k (h W + b)_k for every row of h, computed in plain Java in single precision (a different
 * summation order than the BLAS call of training, so a near-tie between two classes may fall the
 * other way) from one copy of each
 * array's elements. For the small per-batch products of the forgetting listener this is several
 * times cheaper than a chain of ND4J ops, each of which pays a native call and an allocation.
 */
final class AffineArgMax {

    private AffineArgMax() {
    }

    /**
     * @param h rows [batch, in]
     * @param w weights [in, out]
     * @param b bias with {@code out} elements, or null
     */
    static int[] of(INDArray h, INDArray w, INDArray b) {
        int rows = (int) h.size(0);
        int in = (int) h.size(1);
        int out = (int) w.size(1);
        if (w.size(0) != in) {
            throw new IllegalArgumentException("h is [" + rows + ", " + in + "] but W is " + java.util.Arrays.toString(w.shape()));
        }
        float[] rowsOfH = rowMajor(h);
        float[] columnsOfW = rowMajor(w.transpose());
        float[] bias = b == null ? new float[out] : rowMajor(b.reshape(1, out));
        int[] predicted = new int[rows];
        float[] four = new float[4];
        for (int r = 0; r < rows; r++) {
            int best = 0;
            float bestValue = Float.NEGATIVE_INFINITY;
            int k = 0;
            for (; k + 3 < out; k += 4) {
                fourDots(rowsOfH, r * in, columnsOfW, k * in, in, four);
                for (int c = 0; c < 4; c++) {
                    float value = bias[k + c] + four[c];
                    if (value > bestValue) {
                        bestValue = value;
                        best = k + c;
                    }
                }
            }
            for (; k < out; k++) {
                float value = bias[k] + dot(rowsOfH, r * in, columnsOfW, k * in, in);
                if (value > bestValue) {
                    bestValue = value;
                    best = k;
                }
            }
            predicted[r] = best;
        }
        return predicted;
    }

    /**
     * {@link #dot} of a[aFrom..] with four consecutive columns b[bFrom + c·length..], c = 0..3, in one
     * pass over a: each sum takes exactly the steps {@code dot} takes (same partial sums, same order),
     * so the results are bit for bit those of four {@code dot} calls, in about half the time.
     */
    private static void fourDots(float[] a, int aFrom, float[] b, int bFrom, int length, float[] result) {
        int b1 = bFrom + length;
        int b2 = b1 + length;
        int b3 = b2 + length;
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float t0 = 0;
        float t1 = 0;
        float t2 = 0;
        float t3 = 0;
        float u0 = 0;
        float u1 = 0;
        float u2 = 0;
        float u3 = 0;
        float v0 = 0;
        float v1 = 0;
        float v2 = 0;
        float v3 = 0;
        int j = 0;
        for (; j + 3 < length; j += 4) {
            float a0 = a[aFrom + j];
            float a1 = a[aFrom + j + 1];
            float a2 = a[aFrom + j + 2];
            float a3 = a[aFrom + j + 3];
            s0 += a0 * b[bFrom + j];
            s1 += a1 * b[bFrom + j + 1];
            s2 += a2 * b[bFrom + j + 2];
            s3 += a3 * b[bFrom + j + 3];
            t0 += a0 * b[b1 + j];
            t1 += a1 * b[b1 + j + 1];
            t2 += a2 * b[b1 + j + 2];
            t3 += a3 * b[b1 + j + 3];
            u0 += a0 * b[b2 + j];
            u1 += a1 * b[b2 + j + 1];
            u2 += a2 * b[b2 + j + 2];
            u3 += a3 * b[b2 + j + 3];
            v0 += a0 * b[b3 + j];
            v1 += a1 * b[b3 + j + 1];
            v2 += a2 * b[b3 + j + 2];
            v3 += a3 * b[b3 + j + 3];
        }
        for (; j < length; j++) {
            float x = a[aFrom + j];
            s0 += x * b[bFrom + j];
            t0 += x * b[b1 + j];
            u0 += x * b[b2 + j];
            v0 += x * b[b3 + j];
        }
        result[0] = (s0 + s1) + (s2 + s3);
        result[1] = (t0 + t1) + (t2 + t3);
        result[2] = (u0 + u1) + (u2 + u3);
        result[3] = (v0 + v1) + (v2 + v3);
    }

    /** Σ_j a[aFrom + j]·b[bFrom + j] with four independent partial sums. */
    private static float dot(float[] a, int aFrom, float[] b, int bFrom, int length) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int j = 0;
        for (; j + 3 < length; j += 4) {
            s0 += a[aFrom + j] * b[bFrom + j];
            s1 += a[aFrom + j + 1] * b[bFrom + j + 1];
            s2 += a[aFrom + j + 2] * b[bFrom + j + 2];
            s3 += a[aFrom + j + 3] * b[bFrom + j + 3];
        }
        for (; j < length; j++) {
            s0 += a[aFrom + j] * b[bFrom + j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** A 2-d array's elements as a contiguous row-major float array, read from its buffer in one copy. */
    private static float[] rowMajor(INDArray a) {
        int rows = (int) a.size(0);
        int cols = (int) a.size(1);
        int rowStride = (int) a.stride(0);
        int colStride = (int) a.stride(1);
        float[] values = new float[(rows - 1) * rowStride + (cols - 1) * colStride + 1];
        if (a.dataType() == DataType.FLOAT) {
            // one bulk copy from native memory; an array's buffer starts at its first element
            a.data().asNioFloat().get(values);
        } else {
            double[] wide = a.data().getDoublesAt(0, values.length);
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) wide[i];
            }
        }
        if (rowStride == cols && colStride == 1) {
            return values;
        }
        float[] dense = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                dense[i * cols + j] = values[i * rowStride + j * colStride];
            }
        }
        return dense;
    }
}
