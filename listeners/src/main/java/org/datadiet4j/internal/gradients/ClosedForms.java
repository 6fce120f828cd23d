package org.datadiet4j.internal.gradients;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-example squared gradient norms of one layer's parameters, from the layer's input and the
 * gradient of the example's loss with respect to the layer's pre-activation output (δ). Each is
 * the squared Frobenius norm of a per-example gradient that the batched backward pass only ever
 * holds summed over the batch.
 */
final class ClosedForms {

    private ClosedForms() {
    }

    /**
     * Dense layer z = aW + b: the gradient of example i is the outer product a_i δ_iᵀ (weights) and
     * δ_i (bias), so ‖g_i‖² = ‖a_i‖²‖δ_i‖² + ‖δ_i‖².
     *
     * @param input [batch, nIn]
     * @param delta [batch, nOut]
     */
    static double[] dense(INDArray input, INDArray delta, boolean hasBias) {
        double[] a = rowSquares(input);
        double[] d = rowSquares(delta);
        double[] out = new double[a.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = a[i] * d[i] + (hasBias ? d[i] : 0);
        }
        return out;
    }

    /**
     * Convolution z_i = W U_i + b over the unfolded (im2col) input U_i [inC·kH·kW, positions]: the
     * weight gradient of example i is δ_i U_iᵀ [outC, inC·kH·kW] and the bias gradient is δ_i summed
     * over positions.
     *
     * @param delta   [batch, outC, positions]
     * @param patches [batch, inC·kH·kW, positions]
     */
    static double[] convolution(INDArray delta, INDArray patches, boolean hasBias) {
        INDArray weightGradients = Nd4j.matmul(delta, patches, false, true, false);
        double[] out = rowSquares(weightGradients.reshape(weightGradients.size(0), -1));
        if (hasBias) {
            double[] bias = rowSquares(delta.sum(2));
            for (int i = 0; i < out.length; i++) {
                out[i] += bias[i];
            }
        }
        return out;
    }

    /**
     * Batch normalisation in inference mode, y = γ x̂ + β with x̂ from the running statistics: the
     * gradient of example i is Σ_positions ε_i x̂_i (γ) and Σ_positions ε_i (β), per channel.
     *
     * @param epsilon gradient of the loss with respect to y: [batch, C] or [batch, C, H, W]
     * @param xHat    normalised input, same shape
     */
    static double[] batchNorm(INDArray epsilon, INDArray xHat) {
        INDArray gamma = sumOverPositions(epsilon.mul(xHat));
        INDArray beta = sumOverPositions(epsilon);
        double[] out = rowSquares(gamma);
        double[] b = rowSquares(beta);
        for (int i = 0; i < out.length; i++) {
            out[i] += b[i];
        }
        return out;
    }

    /**
     * Embedding layer, row x_it of the table W plus b for each step t: example i's weight gradient has
     * row v = Σ_{t : x_it = v} δ_it, so ‖g_i‖² = Σ_{t,s : x_it = x_is} δ_it·δ_is, plus ‖Σ_t δ_it‖² for the
     * bias. One step (an {@code EmbeddingLayer}): ‖δ_i‖² for the weights.
     *
     * @param indices [batch, steps], whole numbers
     * @param delta   [batch, nOut, steps]
     */
    static double[] embedding(INDArray indices, INDArray delta, boolean hasBias) {
        int batch = (int) delta.size(0);
        int steps = (int) delta.size(2);
        double[] out;
        if (steps == 1) {
            out = rowSquares(delta);
        } else {
            int[][] x = indices.toIntMatrix();
            double[] gram = Nd4j.matmul(delta, delta, true, false, false).reshape(-1).toDoubleVector();
            out = new double[batch];
            for (int i = 0; i < batch; i++) {
                for (int t = 0; t < steps; t++) {
                    for (int s = 0; s < steps; s++) {
                        if (x[i][t] == x[i][s]) {
                            out[i] += gram[(i * steps + t) * steps + s];
                        }
                    }
                }
            }
        }
        if (hasBias) {
            double[] bias = rowSquares(delta.sum(2));
            for (int i = 0; i < batch; i++) {
                out[i] += bias[i];
            }
        }
        return out;
    }

    private static INDArray sumOverPositions(INDArray perPosition) {
        return perPosition.rank() == 2 ? perPosition : perPosition.sum(2, 3);
    }

    /** Sum of squares of each row (first dimension = row). */
    static double[] rowSquares(INDArray rows) {
        INDArray flat = rows.rank() == 2 ? rows : rows.reshape(rows.size(0), -1);
        double[] norms = flat.norm2(1).toDoubleVector();
        for (int i = 0; i < norms.length; i++) {
            norms[i] *= norms[i];
        }
        return norms;
    }
}
