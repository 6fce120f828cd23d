package org.datadiet4j.internal.gradients;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.PReLULayer;
import org.deeplearning4j.nn.params.PReLUParamInitializer;
import org.nd4j.linalg.activations.impl.ActivationPReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A parametric ReLU layer (He et al. 2015), y = x for x ≥ 0 and α x below, with one learned slope α per
 * input position, shared along the layer's shared axes. The gradient of example i with respect to α is
 * ε_i ⊙ min(x_i, 0), summed along the shared axes; the input gradient is ε where x ≥ 0 and α ε below,
 * both from DL4J's own {@link ActivationPReLU}.
 */
final class PReluStep {

    private PReluStep() {
    }

    private static ActivationPReLU activation(Layer layer) {
        return new ActivationPReLU(alpha(layer), ((PReLULayer) layer.conf().getLayer()).getSharedAxes());
    }

    private static INDArray alpha(Layer layer) {
        return layer.getParam(PReLUParamInitializer.WEIGHT_KEY);
    }

    /** The layer's output for {@code input}. */
    static INDArray forward(Layer layer, INDArray input) {
        return activation(layer).getActivation(input.dup(), false);
    }

    /** Each example's gradient with respect to α, [batch, α's shape] (for a shared axis: size 1). */
    static INDArray slopeGradients(Layer layer, INDArray input, INDArray epsilon) {
        INDArray perPosition = epsilon.mul(Transforms.min(input, 0.0, true));
        long[] slopes = alpha(layer).shape();
        for (int axis = 1; axis < perPosition.rank(); axis++) {
            if (slopes.length == perPosition.rank() - 1 && slopes[axis - 1] == 1 && perPosition.size(axis) > 1) {
                perPosition = perPosition.sum(true, axis);
            }
        }
        return perPosition;
    }

    /** The gradient with respect to the layer's input. */
    static INDArray inputGradient(Layer layer, INDArray input, INDArray epsilon) {
        return activation(layer).backprop(input.dup(), epsilon).getFirst();
    }
}
