package org.datadiet4j.listeners;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Supplier;
import org.datadiet4j.data.Examples;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Scoring must not perturb training: with dropout on (which draws from ND4J's random generator)
 * and EL2N and GraNd passes at several epochs and forgetting events counted from every forward
 * pass and NTK measurements every 5 iterations, the final weights are bit-identical to training without the listeners.
 */
class NoInterferenceTest {

    private static final int EPOCHS = 3;

    private static float[] train(Model model, DataSetIterator data, TrainingListener... listeners) {
        TestNets.fit(model, data, EPOCHS, List.of(listeners));
        return model.params().toFloatVector();
    }

    private static void assertScoringLeavesWeightsBitIdentical(Examples examples, Supplier<Model> network) {
        float[] without = train(network.get(), examples.shuffledIterator(32, 5));
        El2nListener el2n = El2nListener.builder(examples).atEpochs(0, 1, 2, 3).batchSize(100).build();
        GrandListener grand = GrandListener.builder(examples).atEpochs(0, 2).batchSize(64).build();
        var iterator = examples.shuffledIterator(32, 5);
        ForgettingListener forgetting = ForgettingListener.builder(iterator).atEpochs(1, 3).build();
        NtkVelocityListener ntk = NtkVelocityListener.builder(examples).randomProbe(10, 3).everyIterations(5).build();
        float[] with = train(network.get(), iterator, el2n, grand, forgetting, ntk);

        assertThat(el2n.store().columns()).hasSize(4);
        assertThat(grand.store().columns()).hasSize(2);
        assertThat(forgetting.tracker().presentations(0)).isEqualTo(EPOCHS);
        assertThat(ntk.points()).isNotEmpty();
        assertThat(with).containsExactly(without);
    }

    /**
     * GraNd on a model without closed forms goes through a twin network per pass (whose {@code init()}
     * reseeds ND4J's random generator) and its self-check mid-training builds another: dropout masks
     * after them must still be the ones drawn without the listener.
     */
    @Test
    void bruteForceGrandAndItsSelfCheckLeaveWeightsBitIdentical() {
        Examples examples = TestNets.blobs(120, 6, 3, 24, DataType.FLOAT);
        float[] without = train(TestNets.uncoveredMlp(6, 3, 80, 0.6), examples.shuffledIterator(32, 6));
        var iterator = examples.shuffledIterator(32, 6);
        GrandListener grand = GrandListener.builder(iterator).atEpochs(0, 1, 2).batchSize(50).build();
        TrainingListener selfCheck = new org.deeplearning4j.optimize.api.BaseTrainingListener() {
            @Override
            public void onEpochEnd(Model model) {
                assertThat(grand.verify(model, 4, 9).maxRelativeError()).isLessThan(1e-3);
            }
        };
        float[] with = train(TestNets.uncoveredMlp(6, 3, 80, 0.6), iterator, grand, selfCheck);

        assertThat(grand.usesBruteForce()).isTrue();
        assertThat(grand.store().columns()).hasSize(3);
        assertThat(with).containsExactly(without);
    }

    @Test
    void multiLayerNetworkWithDropout() {
        Examples examples = TestNets.blobs(400, 8, 3, 21, DataType.FLOAT);
        assertScoringLeavesWeightsBitIdentical(examples, () -> TestNets.mlp(8, 3, 77, 0.7));
    }

    @Test
    void computationGraphWithDropout() {
        Examples examples = TestNets.blobs(400, 8, 3, 22, DataType.FLOAT);
        assertScoringLeavesWeightsBitIdentical(examples, () -> TestNets.graph(8, 3, 78, 0.7));
    }

    @Test
    void convolutionalNetworkWithBatchNormAndDropout() {
        Examples examples = TestNets.blobs(200, 64, 3, 23, DataType.FLOAT);
        assertScoringLeavesWeightsBitIdentical(examples, () -> TestNets.cnn(8, 3, 79));
    }
}
