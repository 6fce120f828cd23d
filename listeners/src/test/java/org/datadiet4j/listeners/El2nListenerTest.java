package org.datadiet4j.listeners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.datadiet4j.data.Examples;
import org.datadiet4j.scores.ScoreStore;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class El2nListenerTest {

    // W = [[1, 0, -1], [0, 2, 1]], b = 0: logits x·W of x0 = (1, 0), x1 = (0, 1), x2 = (1, 1) are
    // (1, 0, -1), (0, 2, 1), (1, 2, 0); with labels 0, 2, 1 the EL2N values, worked out by hand from
    // softmax(z) = exp(z) / sum(exp(z)), are:
    private static final double[] HAND_EL2N = {0.42433612424675904, 1.0104880582079183, 0.42433612424675904};

    private static Examples tinyExamples() {
        INDArray x = Nd4j.create(new double[][] {{1, 0}, {0, 1}, {1, 1}});
        return Examples.of(x, new int[] {0, 2, 1}, 3);
    }

    private static INDArray tinyWeights() {
        return Nd4j.create(new double[][] {{1, 0, -1}, {0, 2, 1}});
    }

    private static NeuralNetConfiguration.Builder tinyBase() {
        return new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.DOUBLE).updater(new Sgd(0.5));
    }

    private static OutputLayer tinyOutput(Activation activation) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(2).nOut(3).activation(activation).build();
    }

    private static MultiLayerNetwork tinyNetwork(Activation activation) {
        MultiLayerNetwork net = new MultiLayerNetwork(tinyBase().list().validateOutputLayerConfig(false)
                .layer(tinyOutput(activation)).build());
        net.init();
        net.setParam("0_W", tinyWeights());
        net.setParam("0_b", Nd4j.zeros(DataType.DOUBLE, 1, 3));
        return net;
    }

    private static ComputationGraph tinyGraph() {
        ComputationGraph net = new ComputationGraph(tinyBase().graphBuilder().addInputs("in")
                .addLayer("out", tinyOutput(Activation.SOFTMAX), "in").setOutputs("out")
                .setInputTypes(InputType.feedForward(2)).build());
        net.init();
        net.setParam("out_W", tinyWeights());
        net.setParam("out_b", Nd4j.zeros(DataType.DOUBLE, 1, 3));
        return net;
    }

    private static void assertHandValues(float[] scores) {
        assertThat(scores).hasSize(3);
        for (int i = 0; i < 3; i++) {
            // the store keeps floats: agreement to float precision
            assertThat((double) scores[i]).as("example %d", i).isCloseTo(HAND_EL2N[i], within(1e-7));
        }
    }

    @Test
    void scoresAtInitialisationMatchHandComputationOnMultiLayerNetwork() {
        Examples examples = tinyExamples();
        MultiLayerNetwork net = tinyNetwork(Activation.SOFTMAX);
        El2nListener listener = El2nListener.builder(examples).atEpochs(0).batchSize(2).build();
        net.setListeners(listener);

        net.fit(examples.iterator(3), 1);

        assertHandValues(listener.store().column("el2n").means());
        assertThat(net.getParam("0_W").toDoubleMatrix()).isNotEqualTo(tinyWeights().toDoubleMatrix());
    }

    @Test
    void scoresAtInitialisationMatchHandComputationOnComputationGraph() {
        Examples examples = tinyExamples();
        ComputationGraph net = tinyGraph();
        El2nListener listener = El2nListener.builder(examples).atEpochs(0).build();
        net.setListeners(listener);

        net.fit(examples.iterator(2), 1);

        assertHandValues(listener.store().column("el2n").means());
    }

    @Test
    void identityOutputIsTreatedAsLogits() {
        MultiLayerNetwork net = tinyNetwork(Activation.IDENTITY);
        assertHandValues(El2nListener.builder(tinyExamples()).atEpochs(1).build().scoreAll(net));
    }

    @Test
    void scoresAfterTrainingEqualAnIndependentForwardPassOverTheFinalWeights() {
        Examples examples = TestNets.blobs(300, 6, 4, 5, DataType.FLOAT);
        MultiLayerNetwork net = TestNets.mlp(6, 4, 11, 0.5);
        El2nListener listener = El2nListener.builder(examples).atEpochs(1, 2).batchSize(64).build();
        net.setListeners(listener);

        net.fit(examples.shuffledIterator(32, 3), 2);

        float[] atTwo = listener.store().column("el2n_e2").means();
        float[] atOne = listener.store().column("el2n_e1").means();
        double[][] x = examples.range(0, examples.size()).getFeatures().toDoubleMatrix();
        for (int i = 0; i < examples.size(); i++) {
            double expected = handEl2n(net, x[i], examples.label(i));
            assertThat((double) atTwo[i]).as("example %d", i).isCloseTo(expected, within(2e-5));
            assertThat(atTwo[i]).isBetween(0f, (float) Math.sqrt(2) + 1e-6f);
        }
        assertThat(atOne).isNotEqualTo(atTwo);
    }

    /** EL2N by plain Java arithmetic: relu dense, tanh dense, softmax output (dropout off at inference). */
    private static double handEl2n(MultiLayerNetwork net, double[] x, int label) {
        double[] h1 = dense(x, net.getParam("0_W").toDoubleMatrix(), net.getParam("0_b").toDoubleVector());
        for (int j = 0; j < h1.length; j++) {
            h1[j] = Math.max(0, h1[j]);
        }
        double[] h2 = dense(h1, net.getParam("1_W").toDoubleMatrix(), net.getParam("1_b").toDoubleVector());
        for (int j = 0; j < h2.length; j++) {
            h2[j] = Math.tanh(h2[j]);
        }
        double[] z = dense(h2, net.getParam("2_W").toDoubleMatrix(), net.getParam("2_b").toDoubleVector());
        double max = java.util.Arrays.stream(z).max().orElseThrow();
        double sum = 0;
        for (int k = 0; k < z.length; k++) {
            z[k] = Math.exp(z[k] - max);
            sum += z[k];
        }
        double squares = 0;
        for (int k = 0; k < z.length; k++) {
            double error = z[k] / sum - (k == label ? 1 : 0);
            squares += error * error;
        }
        return Math.sqrt(squares);
    }

    private static double[] dense(double[] in, double[][] w, double[] b) {
        double[] out = b.clone();
        for (int i = 0; i < in.length; i++) {
            for (int j = 0; j < out.length; j++) {
                out[j] += in[i] * w[i][j];
            }
        }
        return out;
    }

    @Test
    void runsSharingAStoreAreAveraged() {
        Examples examples = TestNets.blobs(120, 4, 3, 9, DataType.FLOAT);
        ScoreStore store = new ScoreStore(examples.size());
        float[][] perRun = new float[2][];
        for (int run = 0; run < 2; run++) {
            MultiLayerNetwork net = TestNets.mlp(4, 3, 100 + run, 0.0);
            El2nListener listener = El2nListener.builder(examples).atEpochs(1).store(store).build();
            net.setListeners(listener);
            net.fit(examples.shuffledIterator(16, run), 1);
            perRun[run] = listener.scoreAll(net);
        }
        assertThat(store.column("el2n").runs()).isEqualTo(2);
        for (int i = 0; i < examples.size(); i++) {
            double a = perRun[0][i];
            double b = perRun[1][i];
            assertThat((double) store.column("el2n").mean(i)).isCloseTo((a + b) / 2, within(1e-6));
            assertThat((double) store.column("el2n").std(i)).isCloseTo(Math.abs(a - b) / Math.sqrt(2), within(1e-6));
        }
    }

    @Test
    void aListenerReusedOnTheNextRunScoresThatRunToo() {
        Examples examples = TestNets.blobs(60, 4, 3, 13, DataType.FLOAT);
        El2nListener listener = El2nListener.builder(examples).atEpochs(1).build();
        for (int run = 0; run < 2; run++) {
            MultiLayerNetwork net = TestNets.mlp(4, 3, 200 + run, 0.0);
            net.setListeners(listener);
            net.fit(examples.shuffledIterator(16, run), 1);
        }
        assertThat(listener.store().column("el2n").runs()).isEqualTo(2);
        assertThat(listener.passes()).isEqualTo(2);
    }

    @Test
    void aStreamIsScoredByPositionLikeTheInMemoryPass() {
        Examples examples = TestNets.blobs(150, 4, 3, 17, DataType.FLOAT);
        MultiLayerNetwork net = TestNets.mlp(4, 3, 18, 0.0);
        float[] inMemory = El2nListener.builder(examples).atEpochs(1).build().scoreAll(net);

        float[] streamed = El2nListener.scoreStream(net, examples.iterator(32), 150);

        assertThat(streamed).containsExactly(inMemory);
        assertThatThrownBy(() -> El2nListener.scoreStream(net, examples.iterator(32), 149))
                .hasMessageContaining("more than the 149 examples declared");
        assertThatThrownBy(() -> El2nListener.scoreStream(net, examples.iterator(32), 151))
                .hasMessageContaining("held 150 examples, 151 were declared");
    }

    @Test
    void refusesAnOutputThatIsNotAProbability() {
        MultiLayerNetwork net = tinyNetwork(Activation.SIGMOID);
        Examples examples = tinyExamples();
        net.setListeners(El2nListener.builder(examples).atEpochs(1).build());
        assertThatThrownBy(() -> net.fit(examples.iterator(3), 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("softmax");
    }

    @Test
    void builderRejectsMissingOrNegativeEpochs() {
        Examples examples = tinyExamples();
        assertThatThrownBy(() -> El2nListener.builder(examples).build()).hasMessageContaining("atEpochs");
        assertThatThrownBy(() -> El2nListener.builder(examples).atEpochs(2, -1).build())
                .hasMessageContaining("distinct and >= 0");
        assertThatThrownBy(() -> El2nListener.builder(examples).atEpochs(1).store(new ScoreStore(5)).build())
                .hasMessageContaining("holds 5 examples but 3");
    }

}
