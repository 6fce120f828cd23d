package org.datadiet4j.internal.gradients;

import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small double-precision networks, random data, and the finite-difference reference. */
public final class GradientTestNets {

    private GradientTestNets() {
    }

    static NeuralNetConfiguration.Builder base(long seed) {
        return new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.DOUBLE)
                .updater(new Adam(1e-2)).weightInit(WeightInit.XAVIER);
    }

    /** An MLP with dropout configured (inactive in inference mode) and a dense batch norm. */
    static MultiLayerNetwork mlp(long seed) {
        MultiLayerConfiguration conf = base(seed).list()
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.RELU).dropOut(0.6).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(6))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /**
     * LeNet-style: conv → batch norm → ReLU → max pool → conv (padding 1) → conv (same mode, stride 2)
     * → dense → dropout → output; both ways of propagating through a convolution are exercised.
     */
    static MultiLayerNetwork lenet(long seed) {
        MultiLayerConfiguration conf = base(seed).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).padding(1, 1).nOut(5).activation(Activation.ELU).build())
                .layer(new ConvolutionLayer.Builder(2, 2).stride(2, 2).nOut(3).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.SOFTPLUS).build())
                .layer(new DenseLayer.Builder().nOut(6).activation(Activation.SIGMOID).build())
                .layer(new DropoutLayer.Builder(0.5).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.NEGATIVELOGLIKELIHOOD).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(10, 10, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** The MLP as a chain-shaped ComputationGraph with the same parameters. */
    static ComputationGraph mlpGraph(MultiLayerNetwork mlp) {
        ComputationGraph graph = mlp.toComputationGraph();
        graph.setParams(mlp.params().dup());
        return graph;
    }

    /** Moves batch-norm running statistics away from (0, 1) and weights off their initial values. */
    static void perturb(Model model, long seed) {
        Random random = new Random(seed);
        for (Map.Entry<String, INDArray> entry : model.paramTable().entrySet()) {
            INDArray param = entry.getValue();
            for (long j = 0; j < param.length(); j++) {
                double value = param.getDouble(j);
                if (entry.getKey().endsWith("_var")) {
                    param.putScalar(j, 0.5 + random.nextDouble());
                } else if (entry.getKey().endsWith("_mean") || entry.getKey().endsWith("_beta")) {
                    param.putScalar(j, value + 0.3 * random.nextGaussian());
                } else {
                    param.putScalar(j, value + 0.1 * random.nextGaussian());
                }
            }
        }
    }

    /** The largest relative difference between the norms (square roots) of two arrays of squared norms. */
    static double maxRelativeError(double[] actual, double[] expected) {
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(Math.sqrt(actual[i]) - Math.sqrt(expected[i])) / Math.sqrt(expected[i]));
        }
        return worst;
    }

    static INDArray features(int n, int width, long seed) {
        return Nd4j.rand(DataType.DOUBLE, n, width).muli(2).subi(0.5).addi(Nd4j.randn(DataType.DOUBLE, n, width)
                .muli(seed % 2 == 0 ? 0.1 : 0.2));
    }

    static INDArray oneHot(int n, int classes, long seed) {
        Random random = new Random(seed);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, n, classes);
        for (int i = 0; i < n; i++) {
            labels.putScalar(i, random.nextInt(classes), 1.0);
        }
        return labels;
    }

    /**
     * Per-example squared gradient norms by central finite differences of the per-example
     * cross-entropy −Σ y log p in inference mode, over every learned parameter (running
     * statistics excluded): an independent reference with no backpropagation at all.
     */
    public static double[] finiteDifferenceSquaredNorms(Model model, INDArray x, INDArray y) {
        double[] squared = new double[(int) x.size(0)];
        for (double[] derivative : centralDifferences(model, m -> losses(m, x, y))) {
            for (int i = 0; i < squared.length; i++) {
                squared[i] += derivative[i] * derivative[i];
            }
        }
        return squared;
    }

    /**
     * The derivative of every output of {@code f} with respect to each learned parameter (running
     * statistics of batch norm excluded), by central differences with step 1e-6: one array of
     * derivatives per parameter.
     */
    public static java.util.List<double[]> centralDifferences(Model model,
                                                             java.util.function.Function<Model, double[]> f) {
        double h = 1e-6;
        java.util.List<double[]> derivatives = new java.util.ArrayList<>();
        for (Map.Entry<String, INDArray> entry : model.paramTable().entrySet()) {
            String key = entry.getKey();
            if (key.endsWith("_mean") || key.endsWith("_var") || key.endsWith("_log10stdev")) {
                continue;
            }
            INDArray param = entry.getValue();
            for (long j = 0; j < param.length(); j++) {
                double original = param.getDouble(j);
                param.putScalar(j, original + h);
                double[] plus = f.apply(model);
                param.putScalar(j, original - h);
                double[] minus = f.apply(model);
                param.putScalar(j, original);
                double[] derivative = new double[plus.length];
                for (int i = 0; i < plus.length; i++) {
                    derivative[i] = (plus[i] - minus[i]) / (2 * h);
                }
                derivatives.add(derivative);
            }
        }
        return derivatives;
    }

    private static double[] losses(Model model, INDArray x, INDArray y) {
        INDArray p = model instanceof MultiLayerNetwork network ? network.output(x, false)
                : ((ComputationGraph) model).outputSingle(false, x);
        double[][] probabilities = p.toDoubleMatrix();
        double[][] labels = y.toDoubleMatrix();
        double[] out = new double[probabilities.length];
        for (int i = 0; i < out.length; i++) {
            for (int k = 0; k < labels[i].length; k++) {
                out[i] -= labels[i][k] * Math.log(probabilities[i][k]);
            }
        }
        return out;
    }
}
