package org.datadiet4j.internal.gradients;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Geometry of one convolution: kernel, strides, padding and dilation as DL4J applies them. */
record ConvolutionGeometry(int[] kernel, int[] strides, int[] pad, int[] dilation, boolean same, int outH, int outW) {

    static ConvolutionGeometry of(INDArray input, org.deeplearning4j.nn.conf.layers.ConvolutionLayer conf) {
        int[] kernel = conf.getKernelSize();
        int[] strides = conf.getStride();
        int[] dilation = conf.getDilation();
        boolean same = conf.getConvolutionMode() == ConvolutionMode.Same;
        int[] pad;
        int[] outSize;
        if (same) {
            outSize = ConvolutionUtils.getOutputSize(input, kernel, strides, null, conf.getConvolutionMode(),
                    dilation, CNN2DFormat.NCHW);
            pad = ConvolutionUtils.getSameModeTopLeftPadding(outSize, new int[] {(int) input.size(2),
                    (int) input.size(3)}, kernel, strides, dilation);
        } else {
            pad = conf.getPadding();
            outSize = ConvolutionUtils.getOutputSize(input, kernel, strides, pad, conf.getConvolutionMode(),
                    dilation, CNN2DFormat.NCHW);
        }
        return new ConvolutionGeometry(kernel, strides, pad, dilation, same, outSize[0], outSize[1]);
    }

    /** Integer arguments of libnd4j's depthwise_conv2d op: NCHW data, [kH, kW, inC, multiplier] weights. */
    int[] depthwiseArguments() {
        return new int[] {kernel[0], kernel[1], strides[0], strides[1], pad[0], pad[1], dilation[0], dilation[1],
                same ? 1 : 0, 0};
    }

    /** Integer arguments of libnd4j's conv2d ops: NCHW data, [outC, inC, kH, kW] weights. */
    int[] opArguments() {
        return new int[] {kernel[0], kernel[1], strides[0], strides[1], pad[0], pad[1], dilation[0], dilation[1],
                same ? 1 : 0, 0, 1};
    }
}
