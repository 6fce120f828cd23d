package org.datadiet4j.internal.gradients;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.graph.ShiftVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PReLULayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small double-precision ComputationGraphs that are not chains: residual, merging, every vertex kind. */
final class DagTestNets {

    static final int SIDE = 8;
    static final int CHANNELS = 2;
    static final int CLASSES = 3;

    private DagTestNets() {
    }

    /**
     * ResNet-style: a stem (conv, batch norm, ReLU), a block with an identity shortcut, a block with a
     * projection shortcut (1×1 convolution, stride 2, batch norm), global average pooling, output.
     */
    static ComputationGraph resNet(long seed) {
        return resNet(seed, SIDE, CHANNELS, 4);
    }

    /** {@link #resNet(long)} on {@code side}×{@code side} images, {@code width} channels in the first block, 1.5× in the second. */
    static ComputationGraph resNet(long seed, int side, int channels, int width) {
        int wide = width + width / 2;
        ComputationGraphConfiguration.GraphBuilder b = GradientTestNets.base(seed).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(side, side, channels));
        convBnRelu(b, "stem", "in", width, 1, true);
        convBnRelu(b, "a1", "stem", width, 1, true);
        convBnRelu(b, "a2", "a1", width, 1, false);
        b.addVertex("a-add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "a2", "stem")
                .addLayer("a-out", new ActivationLayer.Builder().activation(Activation.RELU).build(), "a-add");
        convBnRelu(b, "b1", "a-out", wide, 2, true);
        convBnRelu(b, "b2", "b1", wide, 1, false);
        b.addLayer("proj", new ConvolutionLayer.Builder(1, 1).stride(2, 2).nOut(wide).activation(Activation.IDENTITY)
                        .convolutionMode(ConvolutionMode.Same).build(), "a-out")
                .addLayer("proj-bn", new BatchNormalization.Builder().build(), "proj")
                .addVertex("b-add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "b2", "proj-bn")
                .addLayer("b-out", new ActivationLayer.Builder().activation(Activation.RELU).build(), "b-add")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "b-out")
                .addLayer("out", output(), "pool")
                .setOutputs("out");
        return init(b);
    }

    /** Two convolution branches (1×1 and 3×3) merged along the channels, global max pooling, dense, output. */
    static ComputationGraph inception(long seed, PoolingType pooling) {
        ComputationGraphConfiguration.GraphBuilder b = GradientTestNets.base(seed).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(SIDE, SIDE, CHANNELS))
                .addLayer("narrow", new ConvolutionLayer.Builder(1, 1).nOut(3).activation(Activation.TANH).build(), "in")
                .addLayer("wide", new ConvolutionLayer.Builder(3, 3).nOut(2).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.RELU).build(), "in")
                .addVertex("merge", new MergeVertex(), "narrow", "wide")
                .addLayer("pool", new GlobalPoolingLayer.Builder(pooling).build(), "merge")
                .addLayer("dense", new DenseLayer.Builder().nOut(5).activation(Activation.SIGMOID).build(), "pool")
                .addLayer("out", output(), "dense")
                .setOutputs("out");
        return init(b);
    }

    /**
     * A feed-forward graph through every element-wise operation, a merge, a subset, scale and shift
     * vertices, and a preprocessor vertex into zero padding, cropping, upsampling and global pooling.
     */
    static ComputationGraph everyVertex(long seed) {
        ComputationGraphConfiguration.GraphBuilder b = GradientTestNets.base(seed).graphBuilder().addInputs("in")
                .setInputTypes(InputType.feedForward(6))
                .addLayer("d1", new DenseLayer.Builder().nOut(8).activation(Activation.TANH).build(), "in")
                .addLayer("d2", new DenseLayer.Builder().nOut(8).activation(Activation.SIGMOID).build(), "in")
                .addVertex("sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), "d1", "d2", "in-wide")
                .addLayer("in-wide", new DenseLayer.Builder().nOut(8).activation(Activation.IDENTITY).build(), "in")
                .addVertex("diff", new ElementWiseVertex(ElementWiseVertex.Op.Subtract), "d1", "d2")
                .addVertex("prod", new ElementWiseVertex(ElementWiseVertex.Op.Product), "sum", "diff")
                .addVertex("avg", new ElementWiseVertex(ElementWiseVertex.Op.Average), "prod", "d1")
                .addVertex("max", new ElementWiseVertex(ElementWiseVertex.Op.Max), "avg", "d2", "sum")
                .addVertex("scale", new ScaleVertex(1.7), "max")
                .addVertex("shift", new ShiftVertex(-0.3), "scale")
                .addVertex("subset", new SubsetVertex(2, 5), "d1")
                .addVertex("merge", new MergeVertex(), "shift", "subset", "diff")
                .addLayer("d3", new DenseLayer.Builder().nOut(8).activation(Activation.ELU).build(), "merge")
                .addVertex("image", new PreprocessorVertex(new FeedForwardToCnnPreProcessor(2, 2, 2)), "d3")
                .addLayer("pad", new ZeroPaddingLayer.Builder(1, 0, 2, 1).build(), "image")
                .addLayer("conv", new ConvolutionLayer.Builder(2, 2).nOut(3).activation(Activation.SOFTPLUS).build(),
                        "pad")
                .addLayer("up", new Upsampling2D.Builder(2).build(), "conv")
                .addLayer("crop", new Cropping2D(1, 0, 0, 2), "up")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.PNORM).pnorm(3).build(), "crop")
                .addVertex("both", new MergeVertex(), "pool", "subset")
                .addLayer("out", output(), "both")
                .setOutputs("out");
        return init(b);
    }

    /**
     * A residual block on channels-last (NHWC) images: convolution, batch norm, ReLU, convolution, added
     * to a 1×1 projection of the input, max pooling, global average pooling, output.
     */
    static ComputationGraph channelsLast(long seed) {
        CNN2DFormat nhwc = CNN2DFormat.NHWC;
        ComputationGraphConfiguration.GraphBuilder b = GradientTestNets.base(seed).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(SIDE, SIDE, CHANNELS, nhwc))
                .addLayer("c1", new ConvolutionLayer.Builder(3, 3).nOut(4).dataFormat(nhwc)
                        .convolutionMode(ConvolutionMode.Same).activation(Activation.IDENTITY).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().dataFormat(nhwc).build(), "c1")
                .addLayer("relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), "bn")
                .addLayer("c2", new ConvolutionLayer.Builder(3, 3).padding(1, 1).nOut(4).dataFormat(nhwc)
                        .activation(Activation.TANH).build(), "relu")
                .addLayer("proj", new ConvolutionLayer.Builder(1, 1).nOut(4).dataFormat(nhwc)
                        .activation(Activation.IDENTITY).build(), "in")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "c2", "proj")
                .addLayer("max", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2)
                        .stride(2, 2).dataFormat(nhwc).build(), "add")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "max")
                .addLayer("out", output(), "pool")
                .setOutputs("out");
        return init(b);
    }

    /**
     * PReLU twice: on images with one slope per channel (shared over height and width), and on a dense
     * layer. No PReLU's input feeds anything else: DL4J 1.0.0-M2.1's PReLU overwrites its input in place
     * in {@code feedForward} (inference, no workspaces), which a reference built on it would see.
     */
    static ComputationGraph prelu(long seed) {
        ComputationGraphConfiguration.GraphBuilder b = GradientTestNets.base(seed).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(4, 4, CHANNELS))
                .addLayer("conv", new ConvolutionLayer.Builder(2, 2).nOut(3).activation(Activation.IDENTITY).build(),
                        "in")
                .addLayer("prelu-image", new PReLULayer.Builder().inputShape(3, 3, 3).sharedAxes(2, 3).build(), "conv")
                .addLayer("dense", new DenseLayer.Builder().nOut(4).activation(Activation.IDENTITY).build(),
                        "prelu-image")
                .addLayer("prelu-dense", new PReLULayer.Builder().inputShape(4).build(), "dense")
                .addLayer("side", new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build(), "prelu-image")
                .addVertex("skip", new ElementWiseVertex(ElementWiseVertex.Op.Add), "prelu-dense", "side")
                .addLayer("out", output(), "skip")
                .setOutputs("out");
        return init(b);
    }

    private static void convBnRelu(ComputationGraphConfiguration.GraphBuilder b, String name, String input, int channels,
                                   int stride, boolean relu) {
        b.addLayer(name + "-conv", new ConvolutionLayer.Builder(3, 3).stride(stride, stride).nOut(channels)
                        .convolutionMode(ConvolutionMode.Same).activation(Activation.IDENTITY).build(), input)
                .addLayer(relu ? name + "-bn" : name, new BatchNormalization.Builder().build(), name + "-conv");
        if (relu) {
            b.addLayer(name, new ActivationLayer.Builder().activation(Activation.RELU).build(), name + "-bn");
        }
    }

    private static OutputLayer output() {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES).activation(Activation.SOFTMAX)
                .build();
    }

    private static ComputationGraph init(ComputationGraphConfiguration.GraphBuilder builder) {
        ComputationGraph graph = new ComputationGraph(builder.build());
        graph.init();
        return graph;
    }
}
