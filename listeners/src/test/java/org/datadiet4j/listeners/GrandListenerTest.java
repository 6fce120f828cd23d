package org.datadiet4j.listeners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.datadiet4j.data.Examples;
import org.datadiet4j.internal.gradients.BruteForceGradientNorms;
import org.datadiet4j.internal.gradients.GradientTestNets;
import org.datadiet4j.scores.ScoreStore;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.ElementWiseMultiplicationLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class GrandListenerTest {

    private static MultiLayerNetwork doubleMlp(long seed, boolean withElementWise) {
        var list = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.DOUBLE).updater(new Adam(1e-2))
                .weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nOut(7).activation(Activation.RELU).dropOut(0.5).build());
        if (withElementWise) {
            list.layer(new ElementWiseMultiplicationLayer.Builder().nIn(7).nOut(7).activation(Activation.TANH).build());
        }
        list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(5));
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    @Test
    void atInitialisationInsideFitEqualsPerExampleBackpropOfTheInitialWeights() {
        Examples examples = TestNets.blobs(90, 5, 3, 1, DataType.DOUBLE);
        MultiLayerNetwork net = doubleMlp(2, false);
        MultiLayerNetwork initial = net.clone();
        GrandListener grand = GrandListener.builder(examples).atInit().batchSize(32).build();
        net.setListeners(grand);

        net.fit(examples.shuffledIterator(16, 3), 2);

        DataSet all = examples.range(0, examples.size());
        double[] reference = BruteForceGradientNorms.of(initial).squaredNorms(all.getFeatures(), all.getLabels());
        float[] scores = grand.store().column("grand").means();
        for (int i = 0; i < scores.length; i++) {
            assertThat((double) scores[i]).as("example %d", i).isCloseTo(Math.sqrt(reference[i]),
                    within(1e-6 * Math.sqrt(reference[i])));
        }
        assertThat(grand.usesBruteForce()).isFalse();
    }

    @Test
    void withoutABatchSizeTheExactPassSizesItsBatchToTheMemoryBudgetAndScoresAlike() {
        Examples examples = TestNets.blobs(300, 5, 3, 4, DataType.DOUBLE);
        MultiLayerNetwork net = doubleMlp(5, false);
        GrandListener fixed = GrandListener.builder(examples).atInit().batchSize(7).build();
        GrandListener sized = GrandListener.builder(examples).atInit().memoryBudget(1 << 20).build();
        GrandListener roomy = GrandListener.builder(examples).atInit().build();
        float[] expected = fixed.scoreAll(net);
        float[] actual = sized.scoreAll(net);
        float[] roomyScores = roomy.scoreAll(net);

        // this MLP's pass holds under a kilobyte per example: 512 MB allow the largest batch (4 096),
        // 1 MB a smaller one; scores do not depend on how the examples are batched
        assertThat(fixed.scoringBatchSize()).isEqualTo(7);
        assertThat(roomy.scoringBatchSize()).isEqualTo(4_096);
        assertThat(sized.scoringBatchSize()).isBetween(300, 4_095);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("example %d", i).isCloseTo(expected[i], within(1e-6f * expected[i]));
            assertThat(roomyScores[i]).as("example %d", i).isCloseTo(expected[i], within(1e-6f * expected[i]));
        }
    }

    @Test
    void aTightBudgetGivesASmallerBatchOnAConvolutionalNetwork() {
        MultiLayerNetwork lenet = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
                .dataType(DataType.DOUBLE).weightInit(WeightInit.XAVIER).list()
                .layer(new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder(3, 3).nOut(16)
                        .activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX)
                        .build())
                .setInputType(InputType.convolutionalFlat(12, 12, 1)).build());
        lenet.init();
        Examples examples = TestNets.blobs(40, 144, 3, 4, DataType.DOUBLE);
        GrandListener tight = GrandListener.builder(examples).atInit().memoryBudget(4L << 20).build();
        GrandListener loose = GrandListener.builder(examples).atInit().memoryBudget(1L << 30).build();
        float[] tightScores = tight.scoreAll(lenet);
        float[] looseScores = loose.scoreAll(lenet);

        assertThat(tight.scoringBatchSize()).isLessThan(loose.scoringBatchSize()).isGreaterThanOrEqualTo(16);
        for (int i = 0; i < tightScores.length; i++) {
            assertThat(tightScores[i]).as("example %d", i).isCloseTo(looseScores[i], within(1e-6f * looseScores[i]));
        }
    }

    @Test
    void lastLayerModeIsTheErrorNormTimesTheLiftedFeatureNorm() {
        Examples examples = TestNets.blobs(40, 5, 3, 4, DataType.DOUBLE);
        MultiLayerNetwork net = doubleMlp(5, false);
        GrandListener grand = GrandListener.builder(examples).atEpochs(1).mode(GrandListener.Mode.LAST_LAYER).build();
        net.setListeners(grand);
        net.fit(examples.shuffledIterator(8, 6), 1);

        float[] scores = grand.store().column("grand").means();
        DataSet all = examples.range(0, examples.size());
        INDArray p = net.output(all.getFeatures(), false);
        INDArray h = net.feedForwardToLayer(0, all.getFeatures(), false).get(1);
        for (int i = 0; i < examples.size(); i++) {
            double error = p.getRow(i).sub(all.getLabels().getRow(i)).norm2Number().doubleValue();
            double hNorm = h.getRow(i).norm2Number().doubleValue();
            assertThat((double) scores[i]).isCloseTo(error * Math.sqrt(1 + hNorm * hNorm), within(1e-6));
        }
        // an inference pass like EL2N's, in EL2N's batches
        assertThat(grand.scoringBatchSize()).isEqualTo(El2nListener.DEFAULT_BATCH_SIZE);
    }

    @Test
    void lastLayerModeSizesItsBatchToTheActivationsItsForwardPassHolds() {
        // 8×8 images, a 3×3 convolution to 4 channels (6×6), a dense layer of 10, 3 classes; DL4J's
        // inference pass up to the output layer holds the input (64), the convolution's output (4·36 = 144)
        // and the dense output (10): 218 floats, 872 bytes per example
        Examples examples = TestNets.blobs(50, 64, 3, 4, DataType.FLOAT);
        MultiLayerNetwork cnn = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(2)
                .dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER).list()
                .layer(new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder(3, 3).nOut(4)
                        .activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(10).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(8, 8, 1)).build());
        cnn.init();
        GrandListener tight = GrandListener.builder(examples).atInit().mode(GrandListener.Mode.LAST_LAYER)
                .memoryBudget(1 << 20).build();
        GrandListener roomy = GrandListener.builder(examples).atInit().mode(GrandListener.Mode.LAST_LAYER).build();
        GrandListener fixed = GrandListener.builder(examples).atInit().mode(GrandListener.Mode.LAST_LAYER)
                .batchSize(7).build();
        float[] expected = fixed.scoreAll(cnn);
        float[] tightScores = tight.scoreAll(cnn);

        assertThat(tight.scoringBatchSize()).isEqualTo((1 << 20) / 872);
        roomy.scoreAll(cnn);
        assertThat(roomy.scoringBatchSize()).isEqualTo(El2nListener.DEFAULT_BATCH_SIZE);
        assertThat(fixed.scoringBatchSize()).isEqualTo(7);
        for (int i = 0; i < expected.length; i++) {
            assertThat(tightScores[i]).as("example %d", i).isCloseTo(expected[i], within(1e-5f * expected[i]));
        }
    }

    @Test
    void aLayerWithoutClosedFormFallsBackToBruteForceAndStillVerifies() {
        Examples examples = TestNets.blobs(30, 5, 3, 7, DataType.DOUBLE);
        MultiLayerNetwork net = doubleMlp(8, true);
        ScoreStore store = new ScoreStore(examples.size());
        GrandListener grand = GrandListener.builder(examples).atEpochs(1).store(store).build();
        net.setListeners(grand);
        net.fit(examples.iterator(10), 1);

        assertThat(grand.usesBruteForce()).isTrue();
        DataSet all = examples.range(0, examples.size());
        double[] reference = GradientTestNets.finiteDifferenceSquaredNorms(net, all.getFeatures(), all.getLabels());
        float[] scores = store.column("grand").means();
        for (int i = 0; i < scores.length; i++) {
            assertThat((double) scores[i]).isCloseTo(Math.sqrt(reference[i]), within(1e-5 * Math.sqrt(reference[i])));
        }
    }

    @Test
    void verifyComparesTheFastPathWithBruteForce() {
        Examples examples = TestNets.blobs(200, 5, 3, 9, DataType.FLOAT);
        MultiLayerNetwork net = TestNets.mlp(5, 3, 10, 0.5);
        GrandListener grand = GrandListener.builder(examples).atEpochs(1).build();
        net.setListeners(grand);
        net.fit(examples.shuffledIterator(32, 11), 1);

        var result = grand.verify(net, 64, 12);

        assertThat(result.examples()).isEqualTo(64);
        assertThat(result.maxRelativeError()).isLessThan(1e-4);
    }
}
