package org.datadiet4j.gradients;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationRReLU;

/**
 * The deterministic function an activation computes in inference mode, where it differs from the
 * activation object DL4J can backpropagate through. RReLU (Xu et al. 2015) draws a random negative
 * slope in [l, u] per element in training and uses the fixed slope (l + u)/2 in inference; DL4J
 * 1.0.0-M2.1's inference forward pass leaves no slopes behind, so its {@code backprop} after it throws a
 * NullPointerException. The inference-mode RReLU is exactly a leaky ReLU with α = (l + u)/2, which
 * both gradient paths use instead.
 */
public final class InferenceActivations {

    private InferenceActivations() {
    }

    /** {@code activation} itself, or its inference-mode equivalent where backprop needs one. */
    public static IActivation of(IActivation activation) {
        if (activation instanceof ActivationRReLU rrelu) {
            return new ActivationLReLU(0.5 * (rrelu.getL() + rrelu.getU()));
        }
        return activation;
    }
}
