package com.example.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.ExampleIds;
import org.datadiet4j.listeners.GrandListener;
import org.datadiet4j.scores.ScoreStore;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/**
 * Last-layer GraNd on a user's own convolutional network fed by their DataVec pipeline: its batch sized to
 * the activations DL4J's forward pass holds, within the memory budget the user gives, and its scores
 * checked against DL4J's own backpropagation of the output layer, example by example.
 */
class LastLayerGrandTest {

    @Test
    void lastLayerGrandOfAUsersCnnFitsItsBudgetAndAgreesWithBackprop() throws Exception {
        MultiLayerNetwork model = UserCnn.build(7);
        ExampleIdIterator data = ExampleIds.wrap(UserData.trainIterator());
        ScoreStore store = new ScoreStore(data.examples().size());
        GrandListener grand = GrandListener.builder(data).atEpochs(1).mode(GrandListener.Mode.LAST_LAYER)
                .memoryBudget(16L << 20).store(store).build();
        model.addListeners(grand);

        model.fit(data, 1);

        // held per example: the input (784 floats), the 5x5 convolution's output (8 x 24 x 24 = 4 608), the
        // pooling's (8 x 12 x 12 = 1 152), the strided 3x3 convolution's (8 x 5 x 5 = 200), the dense layer's
        // (32): 6 776 floats, 27 104 bytes, so 16 MB hold 619 examples
        assertThat(grand.scoringBatchSize()).isEqualTo((16 << 20) / 27_104);
        float[] scores = store.column("grand").means();
        assertThat(scores).hasSize(UserData.ROWS);
        for (float score : scores) {
            assertThat(score).isFinite().isGreaterThan(0f);
        }
        double error = grand.verify(model, 40, 3).maxRelativeError();
        assertThat(error).as("largest relative difference from DL4J's backprop of the output layer").isLessThan(1e-4);
    }
}
