package org.datadiet4j.listeners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.Examples;
import org.datadiet4j.scores.ForgettingTracker;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The listener against an independent log of what was fed: for every training batch a second
 * listener copies the fed rows (whose feature 0 is the example id), the fed labels (the
 * network's own, not the listener's lookup) and the output layer's input and weights, predicts in
 * plain Java, and replays the log into a fresh tracker.
 */
class ForgettingListenerTest {

    private record Presentation(int id, boolean correct, int epoch) {
    }

    private static final class FedLog extends BaseTrainingListener {
        final List<Presentation> presentations = new ArrayList<>();
        final Examples examples;
        int epoch;

        FedLog(Examples examples) {
            this.examples = examples;
        }

        @Override
        public void onEpochStart(Model model) {
            epoch++;
        }

        @Override
        public void onForwardPass(Model model, List<INDArray> activations) {
            MultiLayerNetwork network = (MultiLayerNetwork) model;
            log(activations.get(0), network.getLabels(), activations.get(activations.size() - 1), network.getOutputLayer());
        }

        @Override
        public void onForwardPass(Model model, Map<String, INDArray> activations) {
            ComputationGraph graph = (ComputationGraph) model;
            log(activations.get("in"), null, activations.get("hidden"), graph.getOutputLayer(0));
        }

        private void log(INDArray fed, INDArray fedLabels, INDArray h, Layer output) {
            double[][] x = fed.toDoubleMatrix();
            double[][] hidden = h.toDoubleMatrix();
            double[][] w = output.getParam("W").toDoubleMatrix();
            double[] b = output.getParam("b").toDoubleVector();
            for (int row = 0; row < x.length; row++) {
                int id = (int) x[row][0];
                int label = fedLabels == null ? examples.label(id) : fedLabels.getRow(row).argMax().getInt(0);
                int best = 0;
                double bestValue = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < b.length; k++) {
                    double z = b[k];
                    for (int j = 0; j < hidden[row].length; j++) {
                        z += hidden[row][j] * w[j][k];
                    }
                    if (z > bestValue) {
                        bestValue = z;
                        best = k;
                    }
                }
                presentations.add(new Presentation(id, best == label, epoch));
            }
        }
    }

    private static void assertSameCounts(ForgettingListener listener, FedLog log, int n) {
        ForgettingTracker replay = new ForgettingTracker(n);
        for (Presentation p : log.presentations) {
            replay.record(p.id(), p.correct(), p.epoch());
        }
        ForgettingTracker counted = listener.tracker();
        for (int id = 0; id < n; id++) {
            assertThat(counted.events(id)).as("events of %d", id).isEqualTo(replay.events(id));
            assertThat(counted.presentations(id)).as("presentations of %d", id).isEqualTo(replay.presentations(id));
            assertThat(counted.firstLearnedEpoch(id)).isEqualTo(replay.firstLearnedEpoch(id));
        }
        assertThat(counted.totalEvents()).isPositive();
    }

    @Test
    void multiLayerNetworkCountsTheExamplesActuallyFed() {
        Examples examples = TestNets.blobsWithIdFeature(300, 5, 4, 31);
        ExampleIdIterator iterator = examples.shuffledIterator(16, 32);
        MultiLayerNetwork net = TestNets.mlp(5, 4, 33, 0.0);
        ForgettingListener forgetting = ForgettingListener.builder(iterator).atEpochs(2, 6).build();
        FedLog log = new FedLog(examples);
        net.setListeners(log, forgetting);

        net.fit(iterator, 6);

        assertThat(log.presentations).hasSize(6 * 300);
        assertSameCounts(forgetting, log, 300);
        float[] atEnd = forgetting.store().column("forgetting_e6").means();
        float[] learned = forgetting.store().column("ever_learned_e6").means();
        for (int id = 0; id < 300; id++) {
            boolean everLearned = forgetting.tracker().everLearned(id);
            assertThat(learned[id]).isEqualTo(everLearned ? 1f : 0f);
            assertThat(atEnd[id]).isEqualTo(everLearned ? forgetting.tracker().events(id) : Float.POSITIVE_INFINITY);
        }
        assertThat(forgetting.store().has("forgetting_e2")).isTrue();
    }

    @Test
    void computationGraphCountsTheExamplesActuallyFed() {
        Examples examples = TestNets.blobsWithIdFeature(200, 5, 3, 34);
        ExampleIdIterator iterator = examples.shuffledIterator(16, 35);
        ComputationGraph net = TestNets.graph(5, 3, 36, 0.0);
        ForgettingListener forgetting = ForgettingListener.builder(iterator).atEpochs(4).build();
        FedLog log = new FedLog(examples);
        net.setListeners(log, forgetting);

        net.fit(iterator, 4);

        assertSameCounts(forgetting, log, 200);
    }

    @Test
    void recordingAtInitialisationIsRefused() {
        Examples examples = TestNets.blobsWithIdFeature(20, 5, 3, 37);
        assertThatThrownBy(() -> ForgettingListener.builder(examples.iterator(4)).atEpochs(0, 3).build())
                .hasMessageContaining("distinct and >= 1");
    }
}
