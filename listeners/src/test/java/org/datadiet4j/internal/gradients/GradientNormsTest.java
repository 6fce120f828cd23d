package org.datadiet4j.internal.gradients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.datadiet4j.internal.gradients.GradientTestNets.maxRelativeError;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.datadiet4j.data.Examples;
import org.datadiet4j.listeners.GrandListener;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.misc.ElementWiseMultiplicationLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The closed-form path against two references that share none of its code: central finite
 * differences of each example's loss (no backpropagation at all), and DL4J's own per-example
 * backpropagation on an inference-mode twin.
 */
class GradientNormsTest {

    /** The fast path, the brute force and finite differences agree on {@code net}; returns the fast norms. */
    private static double[] assertAllThreeAgree(MultiLayerNetwork net, INDArray x, INDArray y) {
        double[] exact = ExactGradientNorms.of(net).squaredNorms(x, y);
        double[] reference = GradientTestNets.finiteDifferenceSquaredNorms(net, x, y);
        double[] bruteForce = BruteForceGradientNorms.of(net).squaredNorms(x, y);

        assertThat(maxRelativeError(exact, reference)).isLessThan(1e-4);
        assertThat(maxRelativeError(bruteForce, reference)).isLessThan(1e-4);
        assertThat(maxRelativeError(exact, bruteForce)).isLessThan(1e-9);
        return exact;
    }

    @Test
    void mlpWithDenseBatchNormMatchesFiniteDifferencesAndBruteForce() {
        MultiLayerNetwork net = GradientTestNets.mlp(1);
        GradientTestNets.perturb(net, 2);

        double[] exact = assertAllThreeAgree(net, GradientTestNets.features(12, 6, 3), GradientTestNets.oneHot(12, 3, 4));

        assertThat(exact[0]).isNotEqualTo(exact[1]);
    }

    /** RReLU's inference-mode slope (l + u)/2, checked against finite differences of DL4J's own inference output. */
    @Test
    void rreluMatchesFiniteDifferencesOfItsInferenceModeOutput() {
        MultiLayerNetwork net = new MultiLayerNetwork(GradientTestNets.base(13).list()
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nOut(7)
                        .activation(new org.nd4j.linalg.activations.impl.ActivationRReLU(0.1, 0.3)).build())
                .layer(new org.deeplearning4j.nn.conf.layers.ActivationLayer.Builder()
                        .activation(new org.nd4j.linalg.activations.impl.ActivationRReLU(0.2, 0.5)).build())
                .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(
                        org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build())
                .setInputType(org.deeplearning4j.nn.conf.inputs.InputType.feedForward(6)).build());
        net.init();
        GradientTestNets.perturb(net, 14);

        assertAllThreeAgree(net, GradientTestNets.features(10, 6, 15), GradientTestNets.oneHot(10, 3, 16));
    }

    @Test
    void lenetStyleCnnWithBatchNormMatchesFiniteDifferencesAndBruteForce() {
        MultiLayerNetwork net = GradientTestNets.lenet(5);
        GradientTestNets.perturb(net, 6);

        assertAllThreeAgree(net, GradientTestNets.features(8, 100, 7), GradientTestNets.oneHot(8, 3, 8));
    }

    @Test
    void chainShapedGraphGivesTheSameNormsAsTheNetwork() {
        MultiLayerNetwork net = GradientTestNets.mlp(9);
        GradientTestNets.perturb(net, 10);
        ComputationGraph graph = GradientTestNets.mlpGraph(net);
        INDArray x = GradientTestNets.features(10, 6, 11);
        INDArray y = GradientTestNets.oneHot(10, 3, 12);

        double[] network = ExactGradientNorms.of(net).squaredNorms(x, y);
        double[] asGraph = ExactGradientNorms.of(graph).squaredNorms(x, y);
        double[] graphBruteForce = BruteForceGradientNorms.of(graph).squaredNorms(x, y);

        assertThat(maxRelativeError(asGraph, network)).isLessThan(1e-12);
        assertThat(maxRelativeError(graphBruteForce, network)).isLessThan(1e-9);
    }

    @Test
    void lastLayerModeEqualsTheOutputLayersOwnGradient() {
        MultiLayerNetwork net = GradientTestNets.lenet(13);
        GradientTestNets.perturb(net, 14);
        INDArray x = GradientTestNets.features(6, 100, 15);
        INDArray y = GradientTestNets.oneHot(6, 3, 16);

        double[] lastLayer = LastLayerGradientNorms.of(net).squaredNorms(x, y);

        int outputIndex = net.getnLayers() - 1;
        BruteForceGradientNorms bruteForce = BruteForceGradientNorms.of(net);
        for (int i = 0; i < 6; i++) {
            INDArray xi = x.getRow(i, true);
            INDArray yi = y.getRow(i, true);
            var gradient = bruteForce.gradientOfOneExample(xi, yi);
            double w = gradient.getGradientFor(outputIndex + "_W").norm2Number().doubleValue();
            double b = gradient.getGradientFor(outputIndex + "_b").norm2Number().doubleValue();
            double expected = w * w + b * b;
            assertThat(Math.abs(lastLayer[i] - expected) / expected).isLessThan(1e-10);
            // and the softmax + cross-entropy form ‖p − y‖·√(1 + ‖h‖²)
            INDArray h = net.feedForwardToLayer(outputIndex - 1, xi, false).get(outputIndex);
            double pMinusY = net.output(xi, false).sub(yi).norm2Number().doubleValue();
            double hNorm = h.norm2Number().doubleValue();
            assertThat(Math.sqrt(lastLayer[i])).isCloseTo(pMinusY * Math.sqrt(1 + hNorm * hNorm),
                    org.assertj.core.api.Assertions.within(1e-10));
        }
    }

    @Test
    void lockedBatchNormIsScoredAsDl4jComputesIt() {
        for (double[] gammaBeta : new double[][] {{2, 0}, {1, 0.5}, {2, 0.5}}) {
            MultiLayerNetwork net = new MultiLayerNetwork(GradientTestNets.base(21).list()
                    .layer(new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build())
                    .layer(new org.deeplearning4j.nn.conf.layers.BatchNormalization.Builder()
                            .lockGammaBeta(true).gamma(gammaBeta[0]).beta(gammaBeta[1]).build())
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                            .activation(Activation.SOFTMAX).build())
                    .setInputType(InputType.feedForward(4)).build());
            net.init();
            GradientTestNets.perturb(net, 22);
            assertAllThreeAgree(net, GradientTestNets.features(6, 4, 23), GradientTestNets.oneHot(6, 3, 24));
        }
    }

    @Test
    void aLossLayerAtTheEndIsCovered() {
        MultiLayerNetwork net = new MultiLayerNetwork(GradientTestNets.base(25).list()
                .layer(new DenseLayer.Builder().nOut(3).activation(Activation.IDENTITY).build())
                .layer(new org.deeplearning4j.nn.conf.layers.LossLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(4)).build());
        net.init();
        assertAllThreeAgree(net, GradientTestNets.features(5, 4, 26), GradientTestNets.oneHot(5, 3, 27));
    }

    /**
     * A recurrent layer has no closed form: building the fast path fails naming the layer and the reason in
     * one line, and GraNd logs that line once and scores by per-example backpropagation instead.
     */
    @Test
    void anLstmFallsBackToBruteForceWithOneLogLineNamingItAndTheReason() {
        MultiLayerNetwork net = new MultiLayerNetwork(GradientTestNets.base(29).list()
                .layer(new LSTM.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        INDArray x = GradientTestNets.features(6, 3 * 5, 30).reshape(6, 3, 5);
        int[] labels = {0, 2, 1, 1, 0, 2};
        Examples examples = Examples.of(x, labels, 3);
        GrandListener grand = GrandListener.builder(examples).atInit().build();

        assertThatThrownBy(() -> ExactGradientNorms.of(net)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("layer 0 is a LSTM, which has no closed form here");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        float[] scores;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            scores = grand.scoreAll(net);
        } finally {
            System.setErr(stderr);
        }

        assertThat(grand.usesBruteForce()).isTrue();
        assertThat(log.toString(StandardCharsets.UTF_8).lines().filter(line -> line.contains("GraNd")))
                .singleElement().asString()
                .endsWith("GraNd: layer 0 is a LSTM, which has no closed form here; using brute-force per-example"
                        + " backpropagation (exact, one backward pass per example, much slower)");
        double[] reference = GradientTestNets.finiteDifferenceSquaredNorms(net, x, examples.range(0, 6).getLabels());
        for (int i = 0; i < scores.length; i++) {
            assertThat((double) scores[i]).isCloseTo(Math.sqrt(reference[i]), within(1e-4 * Math.sqrt(reference[i])));
        }
    }

    @Test
    void layersWithoutAClosedFormAreNamedAndLeftToBruteForce() {
        MultiLayerConfiguration conf = GradientTestNets.base(17).list()
                .layer(new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build())
                .layer(new ElementWiseMultiplicationLayer.Builder().nIn(4).nOut(4).activation(Activation.IDENTITY).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(3))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        assertThatThrownBy(() -> ExactGradientNorms.of(net))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("layer 1 is a ElementWiseMultiplicationLayer");
        INDArray x = GradientTestNets.features(5, 3, 18);
        INDArray y = GradientTestNets.oneHot(5, 2, 19);
        assertThat(maxRelativeError(BruteForceGradientNorms.of(net).squaredNorms(x, y),
                GradientTestNets.finiteDifferenceSquaredNorms(net, x, y))).isLessThan(1e-4);
    }
}
