package org.datadiet4j.listeners;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.Examples;
import org.datadiet4j.pruning.InfoBatchRule;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * InfoBatch inside fit: its losses against DL4J's own per-example scores, its epochs against the rule
 * applied to the losses it had, the rows actually fed against its weights, r = 0 against no listener.
 */
class InfoBatchListenerTest {

    /** Registered after InfoBatch: what it decided at each epoch end, and which ids each epoch fed. */
    private static final class Witness extends BaseTrainingListener {
        final InfoBatchListener infoBatch;
        final List<float[]> lossesAtEnd = new ArrayList<>();
        final List<double[]> weightsAfter = new ArrayList<>();
        final List<TreeSet<Integer>> fed = new ArrayList<>();
        int[] batchIds;
        int weightedBatches;

        Witness(InfoBatchListener infoBatch) {
            this.infoBatch = infoBatch;
        }

        @Override
        public void onEpochStart(Model model) {
            fed.add(new TreeSet<>());
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            // the score fit computed is the weighted mean of the losses InfoBatch read from this batch's forward pass
            float[] losses = infoBatch.losses();
            double[] weights = infoBatch.weights();
            double expected = 0;
            boolean weighted = false;
            for (int id : batchIds) {
                expected += weights[id] * losses[id];
                weighted |= weights[id] != 1.0;
            }
            expected /= batchIds.length;
            assertThat(model.score()).as("score of iteration %d", iteration)
                    .isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-5 * Math.max(1, expected)));
            weightedBatches += weighted ? 1 : 0;
        }

        @Override
        public void onForwardPass(Model model, List<INDArray> activations) {
            batchIds = java.util.Arrays.stream(activations.get(0).getColumn(0).toDoubleVector()).mapToInt(v -> (int) v)
                    .toArray();
            for (double id : activations.get(0).getColumn(0).toDoubleVector()) {
                assertThat(fed.get(fed.size() - 1).add((int) id)).as("id %s fed twice in an epoch", id).isTrue();
            }
        }

        @Override
        public void onForwardPass(Model model, Map<String, INDArray> activations) {
            onForwardPass(model, List.of(activations.get("in")));
        }

        @Override
        public void onEpochEnd(Model model) {
            lossesAtEnd.add(infoBatch.losses());
            weightsAfter.add(infoBatch.weights());
        }
    }

    @Test
    void epochsFollowTheRuleOnTheLossesTheListenerHad() {
        Examples examples = TestNets.blobsWithIdFeature(400, 5, 4, 71);
        ExampleIdIterator iterator = examples.shuffledIterator(32, 72);
        MultiLayerNetwork net = TestNets.mlp(5, 4, 73, 0.0);
        InfoBatchListener infoBatch = InfoBatchListener.builder(iterator).pruneRatio(0.5).anneal(0.75).epochs(8)
                .seed(9).build();
        Witness witness = new Witness(infoBatch);
        net.setListeners(infoBatch, witness);

        net.fit(iterator, 8);

        InfoBatchRule rule = new InfoBatchRule(0.5, 0.75, 8, 9);
        assertThat(witness.fed.get(0)).hasSize(400);
        long skipped = 0;
        for (int e = 0; e < 7; e++) {
            double[] expected = rule.weights(witness.lossesAtEnd.get(e), e + 1);
            assertThat(witness.weightsAfter.get(e)).as("weights for epoch %d", e + 1).containsExactly(expected);
            TreeSet<Integer> kept = new TreeSet<>();
            for (int id = 0; id < 400; id++) {
                if (expected[id] > 0) {
                    kept.add(id);
                }
            }
            assertThat(witness.fed.get(e + 1)).as("ids fed in epoch %d", e + 1).isEqualTo(kept);
            if (rule.prunes(e + 1)) {
                assertThat(kept.size()).isLessThan(400);
            } else {
                assertThat(kept).hasSize(400);
            }
            skipped += 400 - kept.size();
        }
        assertThat(infoBatch.examplesSkipped()).isEqualTo(skipped).isPositive();
        assertThat(witness.weightedBatches).isPositive();
        assertThat(infoBatch.examplesFitted()).isEqualTo(8 * 400 - skipped);
        // every example was presented: no loss is missing
        for (float loss : infoBatch.losses()) {
            assertThat(loss).isFinite().isGreaterThanOrEqualTo(0f);
        }
    }

    @Test
    void lossesAreTheModelsOwnPerExampleScores() {
        Examples examples = TestNets.blobsWithIdFeature(64, 5, 3, 74);
        ExampleIdIterator iterator = examples.iterator(64);
        MultiLayerNetwork net = TestNets.mlp(5, 3, 75, 0.0);
        DataSet all = examples.range(0, 64);
        // before the one update of the one-batch epoch: the parameters the forward pass used
        float[] expected = net.scoreExamples(all, false).toFloatVector();
        InfoBatchListener infoBatch = InfoBatchListener.builder(iterator).epochs(1).build();
        net.setListeners(infoBatch);

        net.fit(iterator, 1);

        assertThat(infoBatch.losses()).containsExactly(expected);
    }

    @Test
    void ratioZeroTrainsBitForBitAsWithoutTheListener() {
        Examples examples = TestNets.blobsWithIdFeature(300, 5, 4, 76);
        MultiLayerNetwork plain = TestNets.mlp(5, 4, 77, 0.0);
        plain.fit(examples.shuffledIterator(16, 78), 5);
        MultiLayerNetwork withListener = TestNets.mlp(5, 4, 77, 0.0);
        ExampleIdIterator iterator = examples.shuffledIterator(16, 78);
        InfoBatchListener infoBatch = InfoBatchListener.builder(iterator).pruneRatio(0).epochs(5).build();
        withListener.setListeners(infoBatch);
        withListener.fit(iterator, 5);
        assertThat(withListener.params().toFloatVector()).containsExactly(plain.params().toFloatVector());
        assertThat(infoBatch.examplesSkipped()).isZero();

        MultiLayerNetwork pruned = TestNets.mlp(5, 4, 77, 0.0);
        ExampleIdIterator again = examples.shuffledIterator(16, 78);
        pruned.setListeners(InfoBatchListener.builder(again).pruneRatio(0.5).epochs(5).build());
        pruned.fit(again, 5);
        assertThat(pruned.params().toFloatVector()).isNotEqualTo(plain.params().toFloatVector());
    }

    @Test
    void computationGraphsArePrunedToo() {
        Examples examples = TestNets.blobsWithIdFeature(200, 5, 3, 79);
        ExampleIdIterator iterator = examples.shuffledIterator(16, 80);
        ComputationGraph graph = TestNets.graph(5, 3, 81, 0.0);
        InfoBatchListener infoBatch = InfoBatchListener.builder(iterator).epochs(4).anneal(1).build();
        Witness witness = new Witness(infoBatch);
        graph.setListeners(infoBatch, witness);
        graph.fit(iterator, 4);
        InfoBatchRule rule = infoBatch.rule();
        for (int e = 0; e < 3; e++) {
            assertThat(witness.weightsAfter.get(e)).containsExactly(rule.weights(witness.lossesAtEnd.get(e), e + 1));
            assertThat(witness.fed.get(e + 1)).hasSize((int) java.util.Arrays.stream(witness.weightsAfter.get(e))
                    .filter(w -> w > 0).count());
        }
        assertThat(infoBatch.examplesSkipped()).isPositive();
    }

    @Test
    void stateRestoresLossesWeightsAndTheKeepSet() throws Exception {
        Examples examples = TestNets.blobsWithIdFeature(120, 5, 3, 82);
        ExampleIdIterator iterator = examples.shuffledIterator(16, 83);
        MultiLayerNetwork net = TestNets.mlp(5, 3, 84, 0.0);
        InfoBatchListener infoBatch = InfoBatchListener.builder(iterator).epochs(6).seed(3).build();
        net.setListeners(infoBatch);
        net.fit(iterator, 3);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        infoBatch.writeState(new DataOutputStream(bytes));

        ExampleIdIterator twinIterator = examples.shuffledIterator(16, 83);
        InfoBatchListener twin = InfoBatchListener.builder(twinIterator).epochs(6).seed(3).build();
        assertThat(twin.stateKey()).isEqualTo(infoBatch.stateKey());
        twin.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(twin.losses()).containsExactly(infoBatch.losses());
        assertThat(twin.weights()).containsExactly(infoBatch.weights());
        assertThat(twin.examplesSkipped()).isEqualTo(infoBatch.examplesSkipped());
        assertThat(twinIterator.visitingCount()).isEqualTo(120 - infoBatch.droppedNow()).isLessThan(120);
    }
}
