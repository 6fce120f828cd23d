package org.datadiet4j.internal.gradients;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LayerNorm;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LayerNormBp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A dense layer with layer normalisation (Ba et al. 2016), as DL4J 1.0.0-M2.1's
 * {@code BaseLayer.preOutputWithPreNorm} computes it: h = xW, n = h standardised along each row (libnd4j's
 * {@code layer_norm}, each example on its own), z = g ⊙ n + b, then the activation. With δ = ∂ℓ/∂z, example
 * i's gradients are δ_i ⊙ n_i (gain g), δ_i (bias b) and x_i ∂ℓ/∂h_iᵀ (weights W), ∂ℓ/∂h_i from libnd4j's
 * {@code layer_norm_bp} of row i alone: the dense closed form with the gradient at h in place of δ.
 */
final class LayerNormStep {

    /** The forward pass: h = xW, its standardised rows n, and z = g ⊙ n + b. */
    record Normalised(INDArray preNorm, INDArray normalised, INDArray preActivation) {
    }

    private LayerNormStep() {
    }

    private static INDArray gain(Layer layer) {
        return layer.getParam(DefaultParamInitializer.GAIN_KEY).reshape(-1);
    }

    static Normalised forward(INDArray input, Layer layer) {
        INDArray h = input.mmul(LayerParts.weights(layer));
        INDArray gain = gain(layer);
        INDArray n = Nd4j.createUninitialized(h.dataType(), h.shape(), 'c');
        Nd4j.exec(new LayerNorm(h, Nd4j.ones(gain.dataType(), gain.length()), n, true, 1));
        INDArray z = n.mulRowVector(gain);
        if (LayerParts.hasBias(layer)) {
            z.addiRowVector(LayerParts.bias(layer));
        }
        return new Normalised(h, n, z);
    }

    /**
     * Backpropagates {@code epsilon} through the activation, hands the gain and bias gradients (one row per
     * example) and then the weights' pieces to {@code visitor}, and returns the gradient with respect to the
     * input (null unless asked).
     */
    static INDArray backward(Layer layer, INDArray input, Normalised forward, INDArray epsilon,
                             ParameterGradients visitor, boolean needInputGradient) {
        INDArray delta = LayerParts.activationFn(layer).backprop(forward.preActivation().dup(), epsilon).getFirst();
        INDArray gainGradients = delta.mul(forward.normalised());
        visitor.perExample(LayerParts.hasBias(layer) ? Nd4j.concat(1, gainGradients, delta) : gainGradients);
        INDArray gain = gain(layer);
        INDArray preNormDelta = Nd4j.createUninitialized(delta.dataType(), delta.shape(), 'c');
        INDArray gainSum = Nd4j.createUninitialized(gain.dataType(), gain.shape(), 'c');
        Nd4j.exec(new LayerNormBp(forward.preNorm(), gain, delta, preNormDelta, gainSum, true, 1));
        visitor.dense(input, preNormDelta, false);
        return needInputGradient ? LayerParts.inputGradient(preNormDelta, layer) : null;
    }
}
