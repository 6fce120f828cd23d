package org.datadiet4j.listeners;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.Examples;
import org.datadiet4j.data.FittedBatchIds;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch by batch, the ids a listener is given must name exactly the rows the model was fed, with
 * DL4J's prefetching on and a new shuffle every epoch.
 */
class FittedBatchIdsTest {

    private static final int N = 250;
    private static final int BATCH = 16;

    /** Checks every fitted batch against the examples its ids name; records the ids per epoch. */
    private static final class Checker extends BaseTrainingListener {
        final Examples examples;
        final FittedBatchIds fitted;
        final List<List<Integer>> idsPerEpoch = new ArrayList<>();
        int batchesChecked;

        Checker(Examples examples, FittedBatchIds fitted) {
            this.examples = examples;
            this.fitted = fitted;
        }

        @Override
        public void onEpochStart(Model model) {
            fitted.passStarting(model);
            idsPerEpoch.add(new ArrayList<>());
        }

        @Override
        public void onForwardPass(Model model, List<INDArray> activations) {
            check(model, activations.get(0), ((MultiLayerNetwork) model).getLabels());
        }

        @Override
        public void onForwardPass(Model model, Map<String, INDArray> activations) {
            check(model, activations.get("in"), null);
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            // a second request in the same iteration gets the same batch, not the next one
            int[] again = fitted.idsOfCurrentBatch(model);
            List<Integer> epochIds = idsPerEpoch.get(idsPerEpoch.size() - 1);
            assertThat(epochIds.subList(epochIds.size() - again.length, epochIds.size()))
                    .containsExactlyElementsOf(Arrays.stream(again).boxed().toList());
        }

        private void check(Model model, INDArray fedFeatures, INDArray fedLabels) {
            int[] ids = fitted.idsOfCurrentBatch(model);
            assertThat(fedFeatures.size(0)).isEqualTo(ids.length);
            INDArray expected = examples.gather(ids).getFeatures();
            assertThat(fedFeatures.toFloatMatrix()).isDeepEqualTo(expected.toFloatMatrix());
            for (int row = 0; row < ids.length; row++) {
                assertThat(fedFeatures.getFloat(row, 0)).isEqualTo((float) ids[row]);
                if (fedLabels != null) {
                    assertThat(fedLabels.getRow(row).argMax().getInt(0)).isEqualTo(examples.label(ids[row]));
                }
            }
            idsPerEpoch.get(idsPerEpoch.size() - 1).addAll(Arrays.stream(ids).boxed().toList());
            batchesChecked++;
        }
    }

    @Test
    void multiLayerNetworkSeesTheIdsOfTheRowsItIsFed() {
        Examples examples = TestNets.blobsWithIdFeature(N, 5, 3, 1);
        ExampleIdIterator iterator = examples.shuffledIterator(BATCH, 42);
        assertThat(iterator.asyncSupported()).isTrue();
        MultiLayerNetwork net = TestNets.mlp(5, 3, 7, 0.0);
        Checker checker = new Checker(examples, iterator.fittedBatchIds());
        net.setListeners(checker);

        net.fit(iterator, 3);

        assertEpochsCoverEveryExampleInNewOrders(checker);
    }

    @Test
    void computationGraphSeesTheIdsOfTheRowsItIsFed() {
        Examples examples = TestNets.blobsWithIdFeature(N, 5, 3, 2);
        ExampleIdIterator iterator = examples.shuffledIterator(BATCH, 43);
        ComputationGraph net = TestNets.graph(5, 3, 7, 0.0);
        Checker checker = new Checker(examples, iterator.fittedBatchIds());
        net.setListeners(checker);

        net.fit(iterator, 3);

        assertEpochsCoverEveryExampleInNewOrders(checker);
    }

    @Test
    void repeatedSingleEpochFitCallsKeepTrack() {
        Examples examples = TestNets.blobsWithIdFeature(N, 5, 3, 3);
        ExampleIdIterator iterator = examples.shuffledIterator(BATCH, 44);
        MultiLayerNetwork net = TestNets.mlp(5, 3, 7, 0.0);
        Checker checker = new Checker(examples, iterator.fittedBatchIds());
        net.setListeners(checker);

        for (int epoch = 0; epoch < 3; epoch++) {
            net.fit(iterator);
        }

        assertEpochsCoverEveryExampleInNewOrders(checker);
    }

    /** Asks only every third iteration, from the second on: still the batch being fitted, never an older one. */
    private static final class SparseAsker extends BaseTrainingListener {
        final Examples examples;
        final FittedBatchIds fitted;
        int asked;

        SparseAsker(Examples examples, FittedBatchIds fitted) {
            this.examples = examples;
            this.fitted = fitted;
        }

        @Override
        public void onEpochStart(Model model) {
            fitted.passStarting(model);
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            if (iteration % 3 != 1) {
                return;
            }
            int[] ids = fitted.idsOfCurrentBatch(model);
            INDArray fed = ((MultiLayerNetwork) model).getInput();
            assertThat(fed.size(0)).isEqualTo(ids.length);
            for (int row = 0; row < ids.length; row++) {
                assertThat(fed.getFloat(row, 0)).isEqualTo((float) ids[row]);
            }
            asked++;
        }
    }

    @Test
    void aListenerThatAsksEveryThirdIterationGetsTheBatchBeingFitted() {
        Examples examples = TestNets.blobsWithIdFeature(N, 5, 3, 4);
        ExampleIdIterator iterator = examples.shuffledIterator(BATCH, 45);
        MultiLayerNetwork net = TestNets.mlp(5, 3, 7, 0.0);
        SparseAsker asker = new SparseAsker(examples, iterator.fittedBatchIds());
        net.setListeners(asker);

        net.fit(iterator, 3);

        int iterations = 3 * ((N + BATCH - 1) / BATCH);
        assertThat(asker.asked).isEqualTo((iterations + 1) / 3);
    }

    @Test
    void askingWithoutAKnownEpochStartFailsInsteadOfGuessing() {
        Examples examples = TestNets.blobsWithIdFeature(N, 5, 3, 5);
        ExampleIdIterator iterator = examples.shuffledIterator(BATCH, 46);
        MultiLayerNetwork net = TestNets.mlp(5, 3, 7, 0.0);
        net.setListeners(new BaseTrainingListener() {
            @Override
            public void iterationDone(Model model, int iteration, int epoch) {
                iterator.fittedBatchIds().idsOfCurrentBatch(model);
            }
        });

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> net.fit(iterator, 1))
                .hasMessageContaining("passStarting(model)");
    }

    private static void assertEpochsCoverEveryExampleInNewOrders(Checker checker) {
        assertThat(checker.idsPerEpoch).hasSize(3);
        assertThat(checker.batchesChecked).isEqualTo(3 * ((N + BATCH - 1) / BATCH));
        List<Integer> all = java.util.stream.IntStream.range(0, N).boxed().toList();
        for (List<Integer> epoch : checker.idsPerEpoch) {
            assertThat(epoch).containsExactlyInAnyOrderElementsOf(all);
        }
        assertThat(checker.idsPerEpoch.get(0)).isNotEqualTo(checker.idsPerEpoch.get(1));
        assertThat(checker.idsPerEpoch.get(1)).isNotEqualTo(checker.idsPerEpoch.get(2));
        assertThat(checker.fitted.pending()).isZero();
    }
}
