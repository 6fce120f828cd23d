package org.datadiet4j.internal.gradients;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A depthwise 2-d convolution (NCHW) forward and backward with each input channel's unfolded input at
 * hand. Input channel c is convolved with its own m filters (m the depth multiplier) into output channels
 * c·m + j, z = depthwise(x, W) + b, W [kH, kW, C, m] as DL4J 1.0.0-M2.1 stores it and libnd4j's
 * {@code depthwise_conv2d} takes it. Example i's weight gradient for channel c is δ_ic U_icᵀ [m, kH·kW],
 * with δ_ic [m, positions] the gradient at c's output channels and U_ic [kH·kW, positions] the unfolded
 * input of channel c alone: one small convolution per channel, handed over as C groups
 * ({@link ParameterGradients#convolution}), so {@link ConvolutionForm} picks the explicit or the Gram form
 * by one channel's shapes. The input gradient is W_cᵀ δ_ic per channel, folded back by col2im.
 */
final class DepthwiseStep {

    private DepthwiseStep() {
    }

    /** The layer's own depthwise weights and bias (or null): z = depthwise(input, W) + b, and the patches. */
    static ConvolutionStep.Convolved forward(INDArray input, Layer layer) {
        ConvolutionLayer conf = (ConvolutionLayer) layer.conf().getLayer();
        return forward(input, conf, LayerParts.weights(layer), conf.hasBias() ? LayerParts.bias(layer) : null);
    }

    /**
     * z = depthwise(input, weights) (+ bias) as [batch, C·m, outH, outW], and the unfolded input as
     * [batch·C, kH·kW, positions], rows example-major.
     *
     * @param weights [kH, kW, C, m]
     * @param bias    C·m values, or null
     */
    static ConvolutionStep.Convolved forward(INDArray input, ConvolutionLayer conf, INDArray weights, INDArray bias) {
        ConvolutionGeometry geometry = ConvolutionGeometry.of(input, conf);
        long batch = input.size(0);
        long channels = input.size(1);
        INDArray z = Nd4j.createUninitialized(weights.dataType(),
                new long[] {batch, channels * weights.size(3), geometry.outH(), geometry.outW()}, 'c');
        INDArray[] operands = bias == null ? new INDArray[] {input, weights}
                : new INDArray[] {input, weights, bias.reshape(-1)};
        Nd4j.exec(DynamicCustomOp.builder("depthwise_conv2d").addInputs(operands).addOutputs(z)
                .addIntegerArguments(geometry.depthwiseArguments()).build());
        int[] kernel = geometry.kernel();
        INDArray patches = ConvolutionStep.unfold(input, geometry).reshape('c', batch * channels,
                (long) kernel[0] * kernel[1], (long) geometry.outH() * geometry.outW());
        return new ConvolutionStep.Convolved(patches, z);
    }

    /**
     * Backpropagates {@code epsilon} through the layer's activation, hands the per-channel δ and patches
     * to {@code visitor}, and returns the gradient with respect to the input (null unless asked).
     */
    static INDArray backward(Layer layer, INDArray input, ConvolutionStep.Convolved forward, INDArray epsilon,
                             ParameterGradients visitor, boolean needInputGradient) {
        ConvolutionLayer conf = (ConvolutionLayer) layer.conf().getLayer();
        INDArray delta = LayerParts.activationFn(layer).backprop(forward.preActivation().dup(), epsilon).getFirst();
        return backwardFromDelta(input, conf, LayerParts.weights(layer), forward.patches(), delta, conf.hasBias(),
                visitor, needInputGradient);
    }

    /**
     * As {@link #backward}, from δ, the gradient with respect to the pre-activation z [batch, C·m, outH, outW].
     *
     * @param weights [kH, kW, C, m]
     * @param patches [batch·C, kH·kW, positions], from {@link #forward}
     */
    static INDArray backwardFromDelta(INDArray input, ConvolutionLayer conf, INDArray weights, INDArray patches,
                                      INDArray delta, boolean hasBias, ParameterGradients visitor,
                                      boolean needInputGradient) {
        long batch = input.size(0);
        long channels = input.size(1);
        long multiplier = weights.size(3);
        long positions = patches.size(2);
        // [batch, C·m, outH, outW] → rows (i, c), example-major: output channel c·m + j is row i·C + c, column j
        INDArray grouped = delta.reshape('c', batch * channels, multiplier, positions);
        visitor.convolution(grouped, patches, (int) channels, hasBias);
        if (!needInputGradient) {
            return null;
        }
        ConvolutionGeometry geometry = ConvolutionGeometry.of(input, conf);
        int[] kernel = geometry.kernel();
        // per channel c: unfolded gradient [kH·kW, batch·positions] = W_c [kH·kW, m] · δ_c [m, batch·positions]
        INDArray perChannelWeights = weights.permute(2, 0, 1, 3).dup('c')
                .reshape('c', channels, (long) kernel[0] * kernel[1], multiplier);
        INDArray byChannel = grouped.reshape('c', batch, channels, multiplier, positions).permute(1, 2, 0, 3).dup('c')
                .reshape('c', channels, multiplier, batch * positions);
        INDArray columns = Nd4j.matmul(perChannelWeights, byChannel)
                .reshape('c', channels, kernel[0], kernel[1], batch, geometry.outH(), geometry.outW())
                .permute(3, 0, 1, 2, 4, 5);
        return ConvolutionStep.fold(columns, input, geometry);
    }
}
