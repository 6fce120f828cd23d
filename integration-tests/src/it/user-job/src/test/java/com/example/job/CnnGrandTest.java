package com.example.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.ExampleIds;
import org.datadiet4j.listeners.GrandListener;
import org.datadiet4j.scores.ScoreStore;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Exact GraNd on a user's own convolutional network, fed by their DataVec pipeline (flat CSV rows, a
 * standardising normaliser, DL4J's own reshaping preprocessor): the fast path, checked against
 * per-example backpropagation through DL4J.
 */
class CnnGrandTest {

    @Test
    void exactGrandOfAUsersCnnAgreesWithPerExampleBackprop() throws Exception {
        MultiLayerNetwork model = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(5).updater(new Adam(1e-3)).list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(8).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(new ConvolutionLayer.Builder(3, 3).stride(2, 2).nOut(8).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(32).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1)).build());
        model.init();
        ExampleIdIterator data = ExampleIds.wrap(UserData.trainIterator());
        ScoreStore store = new ScoreStore(data.examples().size());
        GrandListener grand = GrandListener.builder(data).atEpochs(1).store(store).build();
        model.addListeners(grand);

        model.fit(data, 1);

        assertThat(grand.usesBruteForce()).as("both convolutions on the fast path").isFalse();
        float[] scores = store.column("grand").means();
        assertThat(scores).hasSize(UserData.ROWS);
        for (float score : scores) {
            assertThat(score).isFinite().isGreaterThan(0f);
        }
        double error = grand.verify(model, 40, 3).maxRelativeError();
        assertThat(error).as("largest relative difference from per-example backprop, float").isLessThan(1e-3);
    }
}
