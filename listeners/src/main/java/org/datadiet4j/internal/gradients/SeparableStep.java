package org.datadiet4j.internal.gradients;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.params.SeparableConvolutionParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A separable 2-d convolution (NCHW), as DL4J 1.0.0-M2.1's {@code SeparableConvolution2DLayer} computes it
 * with libnd4j's {@code sconv2d}: a depthwise convolution without bias, d = depthwise(x, W_d), then a
 * pointwise (1×1) convolution with bias, z = W_p d + b, then the activation. DL4J stores W_d as
 * [m, C, kH, kW] ("W") and W_p as [nOut, C·m, 1, 1] ("pW"). Example i's gradients: W_p's is δ_i d_iᵀ
 * (a 1×1 convolution whose unfolded input is d_i itself), b's is δ_i summed over positions, and W_d's
 * comes from the depthwise convolution backpropagated from ε_d = W_pᵀ δ_i ({@link DepthwiseStep}).
 */
final class SeparableStep {

    /** The forward pass: the depthwise convolution's patches and output d, and the pre-activation z. */
    record Separated(INDArray patches, INDArray depthwise, INDArray preActivation) {
    }

    private SeparableStep() {
    }

    private static ConvolutionLayer conf(Layer layer) {
        return (ConvolutionLayer) layer.conf().getLayer();
    }

    /** W_d as libnd4j's depthwise op takes it, [kH, kW, C, m]. */
    private static INDArray depthwiseWeights(Layer layer) {
        return layer.getParam(SeparableConvolutionParamInitializer.DEPTH_WISE_WEIGHT_KEY).permute(2, 3, 1, 0);
    }

    /** W_p as a matrix [nOut, C·m]. */
    private static INDArray pointwiseWeights(Layer layer) {
        INDArray pointwise = layer.getParam(SeparableConvolutionParamInitializer.POINT_WISE_WEIGHT_KEY);
        return pointwise.reshape('c', pointwise.size(0), pointwise.size(1));
    }

    static Separated forward(INDArray input, Layer layer) {
        ConvolutionStep.Convolved depthwise = DepthwiseStep.forward(input, conf(layer), depthwiseWeights(layer), null);
        INDArray d = depthwise.preActivation();
        INDArray z = pointwise(pointwiseWeights(layer), d);
        if (conf(layer).hasBias()) {
            z.addi(LayerParts.bias(layer).reshape(1, -1, 1, 1));
        }
        return new Separated(depthwise.patches(), d, z);
    }

    /**
     * Backpropagates {@code epsilon} through the activation, hands the pointwise and depthwise pieces to
     * {@code visitor} (in that order), and returns the gradient with respect to the input (null unless asked).
     */
    static INDArray backward(Layer layer, INDArray input, Separated forward, INDArray epsilon,
                             ParameterGradients visitor, boolean needInputGradient) {
        INDArray delta = LayerParts.activationFn(layer).backprop(forward.preActivation().dup(), epsilon).getFirst();
        INDArray d = forward.depthwise();
        long batch = d.size(0);
        long positions = d.size(2) * d.size(3);
        visitor.convolution(delta.reshape('c', batch, delta.size(1), positions),
                d.reshape('c', batch, d.size(1), positions), 1, conf(layer).hasBias());
        INDArray depthwiseDelta = pointwise(pointwiseWeights(layer).transpose(), delta);
        return DepthwiseStep.backwardFromDelta(input, conf(layer), depthwiseWeights(layer), forward.patches(),
                depthwiseDelta, false, visitor, needInputGradient);
    }

    /** The 1×1 convolution of {@code images} [batch, in, H, W] with {@code matrix} [out, in]: [batch, out, H, W]. */
    private static INDArray pointwise(INDArray matrix, INDArray images) {
        long batch = images.size(0);
        long height = images.size(2);
        long width = images.size(3);
        INDArray byChannel = images.permute(1, 0, 2, 3).dup('c').reshape('c', images.size(1), batch * height * width);
        return matrix.mmul(byChannel).reshape('c', matrix.size(0), batch, height, width).permute(1, 0, 2, 3).dup('c');
    }
}
