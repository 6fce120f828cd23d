package org.datadiet4j.listeners;

import java.util.List;
import java.util.Random;
import org.datadiet4j.data.Examples;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.misc.ElementWiseMultiplicationLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small synthetic data and networks for the listener tests. */
public final class TestNets {

    private TestNets() {
    }

    /**
     * Gaussian blobs: class c is centred at a fixed random point; feature 0 holds the example id
     * exactly, so a batch's rows name the examples they came from.
     */
    public static Examples blobsWithIdFeature(int n, int width, int classes, long seed) {
        Random random = new Random(seed);
        double[][] centres = new double[classes][width];
        for (double[] centre : centres) {
            for (int j = 0; j < width; j++) {
                centre[j] = random.nextGaussian() * 2;
            }
        }
        float[][] features = new float[n][width];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(classes);
            for (int j = 0; j < width; j++) {
                features[i][j] = (float) (centres[labels[i]][j] + random.nextGaussian());
            }
            features[i][0] = i;
        }
        return Examples.of(Nd4j.create(features), labels, classes);
    }

    /** Gaussian blobs without an id feature, in the given precision. */
    public static Examples blobs(int n, int width, int classes, long seed, DataType type) {
        Random random = new Random(seed);
        double[][] centres = new double[classes][width];
        for (double[] centre : centres) {
            for (int j = 0; j < width; j++) {
                centre[j] = random.nextGaussian();
            }
        }
        double[][] features = new double[n][width];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(classes);
            for (int j = 0; j < width; j++) {
                features[i][j] = centres[labels[i]][j] + random.nextGaussian();
            }
        }
        INDArray array = Nd4j.create(features).castTo(type);
        return Examples.of(array, labels, classes);
    }

    public static MultiLayerNetwork mlp(int nIn, int classes, long seed, double dropOut) {
        return network(nIn, classes, seed,
                new DenseLayer.Builder().nIn(nIn).nOut(16).activation(Activation.RELU).dropOut(dropOut).build(),
                new DenseLayer.Builder().nOut(8).activation(Activation.TANH).build());
    }

    /**
     * An MLP with an element-wise multiplication layer after its hidden layer: a layer without a closed form,
     * which GraNd scores by brute force.
     */
    public static MultiLayerNetwork uncoveredMlp(int nIn, int classes, long seed, double dropOut) {
        return network(nIn, classes, seed, new DenseLayer.Builder().nIn(nIn).nOut(12).activation(Activation.RELU)
                .dropOut(dropOut).build(),
                new ElementWiseMultiplicationLayer.Builder().nIn(12).nOut(12).activation(Activation.TANH).build());
    }

    /** The hidden layers, then a softmax output layer with cross-entropy, Adam, Xavier; initialised. */
    private static MultiLayerNetwork network(int nIn, int classes, long seed,
                                             org.deeplearning4j.nn.conf.layers.Layer... hidden) {
        var list = new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(1e-2)).weightInit(WeightInit.XAVIER)
                .list();
        for (var layer : hidden) {
            list.layer(layer);
        }
        MultiLayerConfiguration conf = list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nOut(classes).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(nIn))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    public static ComputationGraph graph(int nIn, int classes, long seed, double dropOut) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(1e-2))
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("in")
                .addLayer("hidden", new DenseLayer.Builder().nIn(nIn).nOut(16).activation(Activation.RELU)
                        .dropOut(dropOut).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                        .activation(Activation.SOFTMAX).build(), "hidden")
                .setOutputs("out")
                .setInputTypes(InputType.feedForward(nIn))
                .build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    /** A small LeNet-style CNN with batch norm on flattened {@code side x side} single-channel images. */
    public static MultiLayerNetwork cnn(int side, int classes, long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(1e-2))
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(12).activation(Activation.RELU).dropOut(0.8).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.NEGATIVELOGLIKELIHOOD).nOut(classes)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(side, side, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Trains a MultiLayerNetwork or a ComputationGraph for {@code epochs} with exactly these listeners. */
    public static void fit(Model model, DataSetIterator data, int epochs, List<TrainingListener> listeners) {
        if (model instanceof MultiLayerNetwork mln) {
            mln.setListeners(listeners);
            mln.fit(data, epochs);
        } else {
            ComputationGraph graph = (ComputationGraph) model;
            graph.setListeners(listeners);
            graph.fit(data, epochs);
        }
    }
}
