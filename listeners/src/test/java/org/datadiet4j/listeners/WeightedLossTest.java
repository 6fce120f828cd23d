package org.datadiet4j.listeners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/** The weighted loss against finite differences, a hand-computed cross-entropy and per-example gradients. */
class WeightedLossTest {

    private static final double[] WEIGHTS = {0.5, 2.0, 1.0, 0.0};

    private static INDArray oneHot(int... classes) {
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, classes.length, 3);
        for (int r = 0; r < classes.length; r++) {
            labels.putScalar(r, classes[r], 1.0);
        }
        return labels;
    }

    @Test
    void scoreIsTheWeightedSumOfHandComputedCrossEntropies() {
        INDArray z = Nd4j.create(new double[][] {{1, 2, 3}, {0, 0, 0}, {-1, 0.5, 2}, {3, 1, 0}});
        int[] classes = {2, 0, 1, 1};
        WeightedLoss loss = new WeightedLoss(new LossMCXENT());
        loss.weighRows(WEIGHTS);
        double expected = 0;
        for (int r = 0; r < 4; r++) {
            double[] row = z.getRow(r).toDoubleVector();
            double logSum = Math.log(Math.exp(row[0]) + Math.exp(row[1]) + Math.exp(row[2]));
            expected += WEIGHTS[r] * (logSum - row[classes[r]]);
        }
        IActivation softmax = Activation.SOFTMAX.getActivationFunction();
        assertThat(loss.computeScore(oneHot(classes), z, softmax, null, false)).isCloseTo(expected, within(1e-12));
        assertThat(loss.computeScore(oneHot(classes), z, softmax, null, true)).isCloseTo(expected / 4, within(1e-12));
    }

    @Test
    void gradientEqualsFiniteDifferencesOfTheWeightedScore() {
        INDArray z = Nd4j.randn(DataType.DOUBLE, 4, 3);
        INDArray labels = oneHot(1, 2, 0, 1);
        IActivation softmax = Activation.SOFTMAX.getActivationFunction();
        WeightedLoss loss = new WeightedLoss(new LossMCXENT());
        loss.weighRows(WEIGHTS);
        INDArray gradient = loss.computeGradient(labels, z.dup(), softmax, null);
        double h = 1e-6;
        for (int r = 0; r < 4; r++) {
            for (int k = 0; k < 3; k++) {
                INDArray plus = z.dup();
                plus.putScalar(r, k, z.getDouble(r, k) + h);
                INDArray minus = z.dup();
                minus.putScalar(r, k, z.getDouble(r, k) - h);
                double numeric = (loss.computeScore(labels, plus, softmax, null, false)
                        - loss.computeScore(labels, minus, softmax, null, false)) / (2 * h);
                assertThat(gradient.getDouble(r, k)).as("d/dz[%d,%d]", r, k).isCloseTo(numeric, within(1e-7));
            }
        }
        // the zero-weight row has no gradient at all, the weight-2 row twice the plain one
        INDArray plain = new LossMCXENT().computeGradient(labels, z.dup(), softmax, null);
        for (double g : gradient.getRow(3).toDoubleVector()) {
            assertThat(g == 0.0).as("gradient of the zero-weight row").isTrue();
        }
        assertThat(gradient.getRow(1).toDoubleVector()).containsExactly(plain.getRow(1).mul(2.0).toDoubleVector());
    }

    @Test
    void networkGradientIsTheWeightedSumOfPerExampleGradients() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.1)).list()
                .layer(new DenseLayer.Builder().nIn(5).nOut(6).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder().nIn(6).nOut(3).activation(Activation.SOFTMAX)
                        .lossFunction(new WeightedLoss(new LossMCXENT())).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        WeightedLoss loss = (WeightedLoss) ((org.deeplearning4j.nn.conf.layers.BaseOutputLayer)
                net.getOutputLayer().conf().getLayer()).getLossFn();
        INDArray x = Nd4j.randn(DataType.DOUBLE, 4, 5);
        INDArray y = oneHot(0, 2, 1, 1);
        INDArray expected = Nd4j.zeros(DataType.DOUBLE, 1, net.numParams());
        for (int r = 0; r < 4; r++) {
            INDArray g = net.calculateGradients(x.getRow(r, true), y.getRow(r, true), null, null).getFirst().gradient();
            expected.addi(g.mul(WEIGHTS[r]));
        }
        loss.weighRows(WEIGHTS);
        INDArray weighted = net.calculateGradients(x, y, null, null).getFirst().gradient().dup();
        loss.clearRows();
        double[] a = weighted.toDoubleVector();
        double[] b = expected.toDoubleVector();
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).as("parameter %d", i).isCloseTo(b[i], within(1e-12));
        }
    }

    @Test
    void unitWeightsAreTheWrappedLossBitForBitAndTheConfigurationRoundTrips() {
        INDArray z = Nd4j.randn(DataType.FLOAT, 4, 3);
        INDArray labels = oneHot(1, 2, 0, 1).castTo(DataType.FLOAT);
        IActivation softmax = Activation.SOFTMAX.getActivationFunction();
        WeightedLoss loss = new WeightedLoss(new LossMCXENT());
        loss.weighRows(new double[] {1, 1, 1, 1});
        assertThat(loss.rowWeights()).isNull();
        assertThat(loss.computeScore(labels, z, softmax, null, true))
                .isEqualTo(new LossMCXENT().computeScore(labels, z, softmax, null, true));
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(new OutputLayer.Builder().nIn(2).nOut(3).activation(Activation.SOFTMAX).lossFunction(loss).build())
                .build();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertThat(((org.deeplearning4j.nn.conf.layers.BaseOutputLayer) back.getConf(0).getLayer()).getLossFn())
                .isEqualTo(loss).isNotSameAs(loss);
        assertThatThrownBy(() -> new WeightedLoss(loss)).hasMessageContaining("weighted already");
    }

    @Test
    void weightsOfAnotherBatchSizeAreRefused() {
        WeightedLoss loss = new WeightedLoss(new LossMCXENT());
        loss.weighRows(new double[] {2, 1});
        assertThatThrownBy(() -> loss.computeGradient(oneHot(0, 1, 2), Nd4j.zeros(DataType.DOUBLE, 3, 3),
                Activation.SOFTMAX.getActivationFunction(), null)).hasMessageContaining("holds 2 row weights");
    }
}
