package org.datadiet4j.internal.gradients;

import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A 2-d convolution layer (NCHW) forward and backward with the unfolded input at hand: the forward
 * pass by ND4J's conv2d op plus im2col, which gives the patches U_i of the per-example weight gradient
 * δ_i U_iᵀ; the backward pass to the layer's input by one matrix product Wᵀδ and col2im of the
 * unfolded gradient.
 */
final class ConvolutionStep {

    /** The forward pass of one convolution: unfolded input and pre-activation output. */
    record Convolved(INDArray patches, INDArray preActivation) {
    }

    private ConvolutionStep() {
    }

    private static org.deeplearning4j.nn.conf.layers.ConvolutionLayer conf(Layer layer) {
        return (org.deeplearning4j.nn.conf.layers.ConvolutionLayer) layer.conf().getLayer();
    }

    /**
     * The pre-activation output z = conv(input, W) + b as [batch, outC, outH, outW] (ND4J's conv2d
     * op), and the unfolded input Uᵀ as [batch, inC·kH·kW, positions] (im2col in its natural,
     * contiguous layout).
     */
    static Convolved forward(INDArray input, Layer layer) {
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer conf = conf(layer);
        ConvolutionGeometry geometry = ConvolutionGeometry.of(input, conf);
        INDArray weights = LayerParts.weights(layer);
        long batch = input.size(0);
        INDArray z = Nd4j.createUninitialized(weights.dataType(),
                new long[] {batch, weights.size(0), geometry.outH(), geometry.outW()}, 'c');
        INDArray[] operands = conf.hasBias()
                ? new INDArray[] {input, weights, LayerParts.bias(layer).reshape(-1)}
                : new INDArray[] {input, weights};
        Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(operands).addOutputs(z)
                .addIntegerArguments(geometry.opArguments()).build());
        int[] kernel = geometry.kernel();
        INDArray patches = unfold(input, geometry).reshape('c', batch, input.size(1) * kernel[0] * kernel[1],
                (long) geometry.outH() * geometry.outW());
        return new Convolved(patches, z);
    }

    /** The input unfolded (im2col): [batch, inC, kH, kW, outH, outW], contiguous. */
    static INDArray unfold(INDArray input, ConvolutionGeometry geometry) {
        int[] kernel = geometry.kernel();
        INDArray columns = Nd4j.createUninitialized(input.dataType(),
                new long[] {input.size(0), input.size(1), kernel[0], kernel[1], geometry.outH(), geometry.outW()}, 'c');
        Convolution.im2col(input, kernel[0], kernel[1], geometry.strides()[0], geometry.strides()[1], geometry.pad()[0],
                geometry.pad()[1], geometry.dilation()[0], geometry.dilation()[1], geometry.same(), columns);
        return columns;
    }

    /**
     * Folds unfolded gradients [batch, inC, kH, kW, outH, outW] back onto an input of {@code input}'s shape
     * (col2im): each input element gets the sum over the patches it took part in.
     */
    static INDArray fold(INDArray columns, INDArray input, ConvolutionGeometry geometry) {
        INDArray inputGradient = Nd4j.createUninitialized(input.dataType(), input.shape(), 'c');
        Convolution.col2im(columns, inputGradient, geometry.strides()[0], geometry.strides()[1], geometry.pad()[0],
                geometry.pad()[1], (int) input.size(2), (int) input.size(3), geometry.dilation()[0],
                geometry.dilation()[1]);
        return inputGradient;
    }

    /**
     * Backpropagates {@code epsilon} (the gradient with respect to the layer's output) through the
     * activation, hands δ and the patches to {@code visitor}, and returns the gradient with respect to
     * the layer's input (null unless {@code needInputGradient}).
     */
    static INDArray backward(Layer layer, INDArray input, Convolved forward, INDArray epsilon,
                             ParameterGradients visitor, boolean needInputGradient) {
        INDArray patches = forward.patches();
        INDArray delta = LayerParts.activationFn(layer).backprop(forward.preActivation().dup(), epsilon).getFirst();
        long batch = input.size(0);
        INDArray delta3 = delta.reshape('c', batch, delta.size(1), patches.size(2));
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer conf = conf(layer);
        visitor.convolution(delta3, patches, 1, conf.hasBias());
        if (!needInputGradient) {
            return null;
        }
        ConvolutionGeometry geometry = ConvolutionGeometry.of(input, conf);
        INDArray weights = LayerParts.weights(layer);
        // the unfolded gradient Wᵀδ_i per example as one matrix product, folded back by col2im: on LeNet's
        // second convolution 1.5 to 2 times faster than libnd4j's deconv2d op (batch 1040, 1 and 2 threads)
        int[] kernel = geometry.kernel();
        long positions = patches.size(2);
        INDArray byChannel = delta3.permute(1, 0, 2).dup('c').reshape('c', delta.size(1), batch * positions);
        INDArray columns = weights.reshape('c', weights.size(0), patches.size(1)).transpose().mmul(byChannel)
                .reshape('c', input.size(1), kernel[0], kernel[1], batch, geometry.outH(), geometry.outW())
                .permute(3, 0, 1, 2, 4, 5);
        return fold(columns, input, geometry);
    }
}
