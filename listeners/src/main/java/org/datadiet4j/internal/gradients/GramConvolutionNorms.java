package org.datadiet4j.internal.gradients;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A convolution's per-example squared gradient norms without forming the per-example gradient:
 * ‖δ_i U_iᵀ‖²_F = tr(U_i δ_iᵀ δ_i U_iᵀ) = ⟨U_iᵀU_i, δ_iᵀδ_i⟩_F, the element-wise product of two
 * positions × positions Gram matrices summed (Li et al., "Large Language Models Can Be Strong
 * Differentially Private Learners", ICLR 2022, §4, the "ghost norm"). Cheaper than
 * {@link ClosedForms#convolution} when positions² is small against outC·inC·kH·kW, as in the deeper
 * convolutions of a network; {@link ConvolutionForm} chooses.
 */
final class GramConvolutionNorms {

    private GramConvolutionNorms() {
    }

    /**
     * @param delta   gradient at the pre-activation, [batch, outC, positions]
     * @param patches unfolded input, [batch, inC·kH·kW, positions]
     */
    static double[] squaredNorms(INDArray delta, INDArray patches, boolean hasBias) {
        INDArray patchGram = Nd4j.matmul(patches, patches, true, false, false);
        INDArray deltaGram = Nd4j.matmul(delta, delta, true, false, false);
        double[] out = patchGram.muli(deltaGram).sum(1, 2).toDoubleVector();
        if (hasBias) {
            double[] bias = ClosedForms.rowSquares(delta.sum(2));
            for (int i = 0; i < out.length; i++) {
                out[i] += bias[i];
            }
        }
        return out;
    }
}
