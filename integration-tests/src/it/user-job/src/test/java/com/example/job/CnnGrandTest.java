package com.example.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.ExampleIds;
import org.datadiet4j.listeners.GrandListener;
import org.datadiet4j.scores.ScoreStore;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/**
 * Exact GraNd on a user's own convolutional network, fed by their DataVec pipeline (flat CSV rows, a
 * standardising normaliser, DL4J's own reshaping preprocessor): the fast path, checked against
 * per-example backpropagation through DL4J.
 */
class CnnGrandTest {

    @Test
    void exactGrandOfAUsersCnnAgreesWithPerExampleBackprop() throws Exception {
        MultiLayerNetwork model = UserCnn.build(5);
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
