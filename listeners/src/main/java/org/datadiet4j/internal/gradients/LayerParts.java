package org.datadiet4j.internal.gradients;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The parts of a DL4J layer the closed forms compute with: its weights and bias, its activation as
 * applied in inference mode, its loss, and the two elementary maps (affine, per channel) built of them.
 */
final class LayerParts {

    private LayerParts() {
    }

    static INDArray weights(Layer layer) {
        return layer.getParam(DefaultParamInitializer.WEIGHT_KEY);
    }

    static INDArray bias(Layer layer) {
        return layer.getParam(DefaultParamInitializer.BIAS_KEY);
    }

    static boolean hasBias(Layer layer) {
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        if (conf instanceof org.deeplearning4j.nn.conf.layers.DenseLayer dense) {
            return dense.hasBias();
        }
        if (conf instanceof BaseOutputLayer output) {
            return output.hasBias();
        }
        return bias(layer) != null;
    }

    /** The activation the layer applies in inference mode (see {@link InferenceActivations}). */
    static IActivation activationFn(Layer layer) {
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        if (conf instanceof org.deeplearning4j.nn.conf.layers.ActivationLayer activationLayer) {
            return InferenceActivations.of(activationLayer.getActivationFn());
        }
        return InferenceActivations.of(((org.deeplearning4j.nn.conf.layers.BaseLayer) conf).getActivationFn());
    }

    /** The loss of an output or loss layer. */
    static ILossFunction lossFunction(Layer layer) {
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        if (conf instanceof BaseOutputLayer output) {
            return output.getLossFn();
        }
        return ((LossLayer) conf).getLossFn();
    }

    /** z = input·W + b of a dense or output layer, a new array. */
    static INDArray affine(INDArray input, Layer layer) {
        INDArray z = input.mmul(weights(layer));
        if (hasBias(layer)) {
            z.addiRowVector(bias(layer));
        }
        return z;
    }

    /**
     * δ·Wᵀ, the gradient with respect to a dense or output layer's input, as one BLAS gemm with W
     * transposed in place (column-major result; {@code mmul} of a transposed view costs a copy and a
     * temporary, about 2.5 times the time).
     */
    static INDArray inputGradient(INDArray delta, Layer layer) {
        return Nd4j.gemm(delta, weights(layer), false, true);
    }

    /** {@code values} multiplied (or added) channel-wise with a per-channel vector; [b, C] or [b, C, H, W]. */
    static INDArray perChannel(INDArray values, INDArray channelVector, boolean multiply) {
        INDArray vector = channelVector.reshape(-1);
        if (values.rank() == 2) {
            return multiply ? values.mulRowVector(vector) : values.addRowVector(vector);
        }
        INDArray broadcast = vector.reshape(1, vector.length(), 1, 1);
        return multiply ? values.mul(broadcast) : values.add(broadcast);
    }
}
