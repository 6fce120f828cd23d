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

    /** Convolution: per-example gradient δ_i U_iᵀ; δ [batch, outC, positions], U [batch, inC·kH·kW, positions]. */
    void convolution(INDArray delta, INDArray patches, boolean hasBias);

    /** Batch norm with learned γ, β: per example and channel Σ ε x̂ (γ) and Σ ε (β); ε, x̂ [batch, C(, H, W)]. */
    void batchNorm(INDArray epsilon, INDArray xHat);

    /** A layer whose per-example parameter gradients are at hand: row i (first dimension) is example i's. */
    void perExample(INDArray gradients);
}
