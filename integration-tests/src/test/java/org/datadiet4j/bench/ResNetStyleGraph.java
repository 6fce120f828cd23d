package org.datadiet4j.bench;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The bench's ResNet-style graph for flat 28×28×1 images: a stem (3×3 convolution, batch norm,
 * ReLU), a block with an identity shortcut, a block whose shortcut is a 1×1 stride-2 projection
 * with batch norm, both joined by an element-wise add, global average pooling, softmax output.
 */
final class ResNetStyleGraph {

    private ResNetStyleGraph() {
    }

    /** A fresh, initialised graph: {@code width} channels in the first block, 1.5× in the second. */
    static ComputationGraph build(int side, int classes, int width, long seed) {
        int wide = width + width / 2;
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder().seed(seed)
                .updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutionalFlat(side, side, 1));
        String stem = convBn(b, "stem", "in", width, 1, true);
        String a1 = convBn(b, "a1", stem, width, 1, true);
        String a2 = convBn(b, "a2", a1, width, 1, false);
        b.addVertex("a-add", new ElementWiseVertex(ElementWiseVertex.Op.Add), a2, stem)
                .addLayer("a-out", new ActivationLayer.Builder().activation(Activation.RELU).build(), "a-add");
        String b1 = convBn(b, "b1", "a-out", wide, 2, true);
        String b2 = convBn(b, "b2", b1, wide, 1, false);
        b.addLayer("proj", new ConvolutionLayer.Builder(1, 1).stride(2, 2).nOut(wide).activation(Activation.IDENTITY)
                        .convolutionMode(ConvolutionMode.Same).build(), "a-out")
                .addLayer("proj-bn", new BatchNormalization.Builder().build(), "proj")
                .addVertex("b-add", new ElementWiseVertex(ElementWiseVertex.Op.Add), b2, "proj-bn")
                .addLayer("b-out", new ActivationLayer.Builder().activation(Activation.RELU).build(), "b-add")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "b-out")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                        .activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out");
        ComputationGraph graph = new ComputationGraph(b.build());
        graph.init();
        return graph;
    }

    /** 3×3 convolution ({@code Same} mode), batch norm, and a ReLU when {@code relu}; returns the last vertex. */
    private static String convBn(ComputationGraphConfiguration.GraphBuilder b, String name, String input, int channels,
                               int stride, boolean relu) {
        b.addLayer(name, new ConvolutionLayer.Builder(3, 3).stride(stride, stride).nOut(channels)
                        .activation(Activation.IDENTITY).convolutionMode(ConvolutionMode.Same).build(), input)
                .addLayer(name + "-bn", new BatchNormalization.Builder().build(), name);
        if (relu) {
            b.addLayer(name + "-relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), name + "-bn");
            return name + "-relu";
        }
        return name + "-bn";
    }
}
