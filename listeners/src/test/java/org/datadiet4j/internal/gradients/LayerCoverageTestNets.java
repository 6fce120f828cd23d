package org.datadiet4j.internal.gradients;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Small double-precision networks around the depthwise and separable convolutions, dense layers with
 * layer normalisation and embedding layers, and their inputs.
 */
final class LayerCoverageTestNets {

    static final int CLASSES = 3;
    static final int CHANNELS = 2;
    static final int SIDE = 7;

    private LayerCoverageTestNets() {
    }

    /**
     * A convolution in front (so the layer under test passes a gradient back), the layer under test, a
     * dense layer and the output, on {@link #SIDE}×{@link #SIDE} images of {@link #CHANNELS} channels.
     */
    static MultiLayerNetwork imageChain(long seed, CNN2DFormat format, Layer underTest) {
        MultiLayerNetwork net = new MultiLayerNetwork(GradientTestNets.base(seed).list()
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(3).dataFormat(format).activation(Activation.TANH).build())
                .layer(underTest)
                .layer(new DenseLayer.Builder().nOut(4).activation(Activation.SIGMOID).build())
                .layer(output())
                .setInputType(InputType.convolutional(SIDE, SIDE, CHANNELS, format))
                .build());
        net.init();
        return net;
    }

    static DepthwiseConvolution2D.Builder depthwise(int multiplier, CNN2DFormat format) {
        return new DepthwiseConvolution2D.Builder().depthMultiplier(multiplier).dataFormat(format)
                .activation(Activation.ELU);
    }

    static SeparableConvolution2D.Builder separable(int multiplier, int nOut, CNN2DFormat format) {
        return new SeparableConvolution2D.Builder().depthMultiplier(multiplier).nOut(nOut).dataFormat(format)
                .activation(Activation.SOFTPLUS);
    }

    /** Dense with layer normalisation (bias and tanh), again without bias (ReLU), dense, output; 5 inputs. */
    static MultiLayerNetwork layerNormMlp(long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(GradientTestNets.base(seed).list()
                .layer(new DenseLayer.Builder().nOut(6).hasLayerNorm(true).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nOut(4).hasLayerNorm(true).hasBias(false)
                        .activation(Activation.LEAKYRELU).build())
                .layer(output())
                .setInputType(InputType.feedForward(5))
                .build());
        net.init();
        return net;
    }

    /**
     * An embedding of {@code vocabulary} classes (bias or not), a dense layer, the output. No input type is
     * set: DL4J would then override the embedding's nIn (the vocabulary) with the input width, 1.
     */
    static MultiLayerNetwork embeddingMlp(long seed, int vocabulary, boolean bias) {
        MultiLayerNetwork net = new MultiLayerNetwork(GradientTestNets.base(seed).list()
                .layer(new EmbeddingLayer.Builder().nIn(vocabulary).nOut(5).hasBias(bias)
                        .activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nIn(5).nOut(4).activation(Activation.SIGMOID).build())
                .layer(output(4))
                .build());
        net.init();
        return net;
    }

    /**
     * An embedding of sequences of {@code steps} indices, global pooling over the steps (average over the
     * second axis for NCW, over the third, i.e. over the embedding, for NWC, as DL4J's pooling takes NCW), the
     * output; no input type (see {@link #embeddingMlp}).
     */
    static MultiLayerNetwork embeddingSequenceNet(long seed, int vocabulary, int steps, RNNFormat format,
                                                  boolean bias) {
        MultiLayerNetwork net = new MultiLayerNetwork(GradientTestNets.base(seed).list()
                .layer(new EmbeddingSequenceLayer.Builder().nIn(vocabulary).nOut(4).inputLength(steps)
                        .outputDataFormat(format).hasBias(bias).activation(Activation.TANH).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(output(format == RNNFormat.NCW ? 4 : steps))
                .build());
        net.init();
        return net;
    }

    /**
     * Depthwise (NHWC, multiplier 2, stride 2, same mode) and separable (NHWC, dilation 2, stride 2, same mode) branches merged,
     * global pooling, a dense layer with layer normalisation added to a plain one, output.
     */
    static ComputationGraph convolutionGraph(long seed) {
        CNN2DFormat nhwc = CNN2DFormat.NHWC;
        ComputationGraphConfiguration.GraphBuilder b = GradientTestNets.base(seed).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(SIDE + 1, SIDE + 1, CHANNELS, nhwc))
                .addLayer("stem", new ConvolutionLayer.Builder(2, 2).nOut(3).dataFormat(nhwc)
                        .activation(Activation.TANH).build(), "in")
                .addLayer("depthwise", depthwise(2, nhwc).kernelSize(3, 3).stride(2, 2)
                        .convolutionMode(ConvolutionMode.Same).build(), "stem")
                .addLayer("separable", separable(1, 4, nhwc).kernelSize(2, 2).dilation(2, 2).stride(2, 2)
                        .convolutionMode(ConvolutionMode.Same).build(),
                        "stem")
                .addVertex("merge", new MergeVertex(), "depthwise", "separable")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "merge")
                .addLayer("norm", new DenseLayer.Builder().nOut(5).hasLayerNorm(true).activation(Activation.TANH)
                        .build(), "pool")
                .addLayer("plain", new DenseLayer.Builder().nOut(5).activation(Activation.IDENTITY).build(), "pool")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "norm", "plain")
                .addLayer("out", output(), "add")
                .setOutputs("out");
        return init(b);
    }

    /** An embedding into a dense layer with layer normalisation and a plain one, added, output; no input type. */
    static ComputationGraph embeddingGraph(long seed, int vocabulary) {
        ComputationGraphConfiguration.GraphBuilder b = GradientTestNets.base(seed).graphBuilder().addInputs("in")
                .addLayer("embed", new EmbeddingLayer.Builder().nIn(vocabulary).nOut(6).activation(Activation.IDENTITY)
                        .build(), "in")
                .addLayer("norm", new DenseLayer.Builder().nIn(6).nOut(5).hasLayerNorm(true)
                        .activation(Activation.TANH).build(), "embed")
                .addLayer("plain", new DenseLayer.Builder().nIn(6).nOut(5).activation(Activation.SIGMOID).build(),
                        "embed")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "norm", "plain")
                .addLayer("out", output(5), "add")
                .setOutputs("out");
        return init(b);
    }

    /** Images [n, C, H, W] or, channels-last, [n, H, W, C]. */
    static INDArray images(int n, int side, CNN2DFormat format, long seed) {
        INDArray nchw = GradientTestNets.features(n, CHANNELS * side * side, seed).reshape(n, CHANNELS, side, side);
        return format == CNN2DFormat.NHWC ? nchw.permute(0, 2, 3, 1).dup('c') : nchw;
    }

    /** Class indices [n, steps] in [0, vocabulary), drawn so that indices repeat within and across examples. */
    static INDArray indices(int n, int steps, int vocabulary, long seed) {
        java.util.Random random = new java.util.Random(seed);
        INDArray indices = Nd4j.zeros(DataType.DOUBLE, n, steps);
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < steps; t++) {
                indices.putScalar(i, t, t > 0 && random.nextInt(3) == 0 ? indices.getDouble(i, t - 1)
                        : random.nextInt(vocabulary));
            }
        }
        return indices;
    }

    private static OutputLayer output() {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES).activation(Activation.SOFTMAX)
                .build();
    }

    private static OutputLayer output(int nIn) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(nIn).nOut(CLASSES)
                .activation(Activation.SOFTMAX).build();
    }

    private static ComputationGraph init(ComputationGraphConfiguration.GraphBuilder builder) {
        ComputationGraph graph = new ComputationGraph(builder.build());
        graph.init();
        return graph;
    }
}
