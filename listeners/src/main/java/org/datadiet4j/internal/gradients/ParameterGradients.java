package org.datadiet4j.internal.gradients;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What {@link GraphBackprop#backward} hands out of one backward pass: each layer with parameters is
 * visited, output to input, with the batched quantities its per-example parameter gradients are made
 * of. Row i of every array belongs to example i alone (nothing mixes examples in inference mode).
 */
interface ParameterGradients {

    /** Dense or output layer: per-example gradient a_i δ_iᵀ (and δ_i for the bias); a [batch, in], δ [batch, out]. */
    void dense(INDArray input, INDArray delta, boolean hasBias);

    /**
     * Convolution: per-example gradient δ_i U_iᵀ; δ [batch, outC, positions], U [batch, inC·kH·kW, positions].
     * A convolution whose channels split into {@code groups} independent groups (depthwise: one per input
     * channel) comes as rows i·groups + g, example-major: δ [batch·groups, outC/groups, positions] and U
     * [batch·groups, patch of one group, positions]; example i's gradient is its groups' gradients side by side.
     */
    void convolution(INDArray delta, INDArray patches, int groups, boolean hasBias);

    /** Batch norm with learned γ, β: per example and channel Σ ε x̂ (γ) and Σ ε (β); ε, x̂ [batch, C(, H, W)]. */
    void batchNorm(INDArray epsilon, INDArray xHat);

    /**
     * Embedding: example i's weight gradient has row v = Σ_{t : x_it = v} δ_it (and Σ_t δ_it for the bias);
     * indices x [batch, steps] (one step for an {@code EmbeddingLayer}), δ [batch, nOut, steps].
     */
    void embedding(INDArray indices, INDArray delta, boolean hasBias);

    /** A layer whose per-example parameter gradients are at hand: row i (first dimension) is example i's. */
    void perExample(INDArray gradients);
}
