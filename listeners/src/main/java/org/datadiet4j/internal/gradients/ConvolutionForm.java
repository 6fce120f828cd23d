package org.datadiet4j.internal.gradients;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Which of two exact forms gives a convolution's per-example squared gradient norms. With δ_i the
 * gradient at the pre-activation [outC, positions] and U_i the unfolded input [inC·kH·kW, positions]
 * of example i, the weight gradient is δ_i U_iᵀ, and
 * ‖δ_i U_iᵀ‖²_F = ⟨U_iᵀU_i, δ_iᵀδ_i⟩_F (Goodfellow 2015, "Efficient per-example gradient
 * computations"; the "ghost norm" of Li et al., ICLR 2022, §4): {@link #EXPLICIT} forms the gradient,
 * {@link #GRAM} the two positions × positions Gram matrices. Both are exact; they differ in memory and
 * time only, by the layer's shapes.
 */
public enum ConvolutionForm {
    /** Per layer, whichever of the two {@link #cheaper} names for its shapes. */
    CHEAPER,
    /** The per-example weight gradient δ_i U_iᵀ: outC·inC·kH·kW numbers per example. */
    EXPLICIT,
    /** The Gram matrices U_iᵀU_i and δ_iᵀδ_i: 2·positions² numbers per example. */
    GRAM;

    /**
     * The form to use for a layer of these shapes: {@link #GRAM} when its two Gram matrices are
     * smaller than the per-example gradient and it needs at most twice the multiply-adds
     * (positions²·(patch + outC) against outC·patch·positions), else {@link #EXPLICIT}. Memory comes
     * first because the per-example gradient is written and read back whole; the factor two on the
     * arithmetic is what ND4J's batched matrix products showed at batch 256 on a 2-core CPU: on LeNet's
     * second convolution the Gram form, with 1.4 times the multiply-adds, ran 1.1 to 2.6 times faster,
     * and this rule picked the faster form for each of seven shapes timed (float and double).
     *
     * @param outChannels output channels (outC)
     * @param patch       unfolded patch length (inC·kH·kW)
     * @param positions   output positions (outH·outW)
     */
    static ConvolutionForm cheaper(long outChannels, long patch, long positions) {
        long gradient = outChannels * patch;
        long grams = 2 * positions * positions;
        boolean arithmeticWithinTwice = positions * (patch + outChannels) <= 2 * gradient;
        return grams < gradient && arithmeticWithinTwice ? GRAM : EXPLICIT;
    }

    /** This form for the given shapes: itself, or for {@link #CHEAPER} the one {@link #cheaper} names. */
    ConvolutionForm resolve(long outChannels, long patch, long positions) {
        return this == CHEAPER ? cheaper(outChannels, patch, positions) : this;
    }

    /**
     * Bytes of the per-example intermediates a batch needs in the resolved form: the gradients
     * batch·outC·patch, or the Gram matrices 2·batch·positions², plus batch·outC for the bias.
     */
    long intermediateBytes(long batch, long outChannels, long patch, long positions, int elementBytes) {
        long perExample = switch (resolve(outChannels, patch, positions)) {
            case GRAM -> 2 * positions * positions;
            default -> outChannels * patch;
        };
        return batch * (perExample + outChannels) * elementBytes;
    }

    /**
     * Per-example squared norms of a convolution's weight (and bias) gradients in the resolved form, its
     * channels in {@code groups} independent groups (1 for an ordinary convolution, the input channels for a
     * depthwise one): each group is a convolution of its own, the form chosen by one group's shapes, and an
     * example's squared norm is the sum over its groups.
     *
     * @param delta   [batch·groups, outC/groups, positions], rows example-major
     * @param patches [batch·groups, patch of one group, positions]
     */
    double[] squaredNorms(INDArray delta, INDArray patches, int groups, boolean hasBias) {
        double[] perGroup = switch (resolve(delta.size(1), patches.size(1), patches.size(2))) {
            case GRAM -> GramConvolutionNorms.squaredNorms(delta, patches, hasBias);
            default -> ClosedForms.convolution(delta, patches, hasBias);
        };
        if (groups == 1) {
            return perGroup;
        }
        double[] out = new double[perGroup.length / groups];
        for (int row = 0; row < perGroup.length; row++) {
            out[row / groups] += perGroup[row];
        }
        return out;
    }
}
