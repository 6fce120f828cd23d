package org.datadiet4j.listeners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.Examples;
import org.datadiet4j.scores.AreaUnderMargin;
import org.datadiet4j.scores.ScoreDirection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The listener against an independent log: for every training batch a second listener copies the fed
 * rows (feature 0 is the example id), the fed labels and the output layer's input and parameters,
 * computes the logits and margins in plain Java (double) and averages them per example.
 */
class AumListenerTest {

    private static final class MarginLog extends BaseTrainingListener {
        final double[] sums;
        final int[] counts;
        final Examples examples;

        MarginLog(Examples examples) {
            this.examples = examples;
            this.sums = new double[examples.size()];
            this.counts = new int[examples.size()];
        }

        @Override
        public void onForwardPass(Model model, List<INDArray> activations) {
            MultiLayerNetwork network = (MultiLayerNetwork) model;
            log(activations.get(0), network.getLabels(), activations.get(activations.size() - 1),
                    network.getOutputLayer());
        }

        @Override
        public void onForwardPass(Model model, Map<String, INDArray> activations) {
            log(activations.get("in"), null, activations.get("hidden"), ((ComputationGraph) model).getOutputLayer(0));
        }

        private void log(INDArray fed, INDArray fedLabels, INDArray h, Layer output) {
            double[][] x = fed.toDoubleMatrix();
            double[][] hidden = h.toDoubleMatrix();
            double[][] w = output.getParam("W").toDoubleMatrix();
            double[] b = output.getParam("b").toDoubleVector();
            for (int row = 0; row < x.length; row++) {
                int id = (int) x[row][0];
                int label = fedLabels == null ? examples.label(id) : fedLabels.getRow(row).argMax().getInt(0);
                double assigned = 0;
                double largestOther = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < b.length; k++) {
                    double z = b[k];
                    for (int j = 0; j < hidden[row].length; j++) {
                        z += hidden[row][j] * w[j][k];
                    }
                    if (k == label) {
                        assigned = z;
                    } else {
                        largestOther = Math.max(largestOther, z);
                    }
                }
                sums[id] += assigned - largestOther;
                counts[id]++;
            }
        }
    }

    private static void assertSameAum(float[] recorded, MarginLog log) {
        for (int id = 0; id < recorded.length; id++) {
            assertThat((double) recorded[id]).as("AUM of %d", id).isCloseTo(log.sums[id] / log.counts[id], within(1e-4));
        }
    }

    @Test
    void multiLayerNetworkAveragesTheMarginsOfThePresentationsUpToEachEpoch() {
        Examples examples = TestNets.blobsWithIdFeature(300, 5, 4, 91);
        ExampleIdIterator iterator = examples.shuffledIterator(16, 92);
        MultiLayerNetwork net = TestNets.mlp(5, 4, 93, 0.0);
        AumListener aum = AumListener.builder(iterator).atEpochs(2, 5).build();
        MarginLog log = new MarginLog(examples);
        net.setListeners(log, aum);

        net.fit(iterator, 5);

        assertSameAum(aum.store().column("aum_e5").means(), log);
        for (int id = 0; id < 300; id++) {
            assertThat(aum.margins().presentations(id)).isEqualTo(5).isEqualTo(log.counts[id]);
        }
        assertThat(aum.store().has("aum_e2")).isTrue();
    }

    @Test
    void computationGraphAveragesTheMarginsToo() {
        Examples examples = TestNets.blobsWithIdFeature(200, 5, 3, 94);
        ExampleIdIterator iterator = examples.shuffledIterator(16, 95);
        ComputationGraph net = TestNets.graph(5, 3, 96, 0.0);
        AumListener aum = AumListener.builder(iterator).atEpochs(3).build();
        MarginLog log = new MarginLog(examples);
        net.setListeners(log, aum);

        net.fit(iterator, 3);

        assertSameAum(aum.store().column("aum").means(), log);
    }

    @Test
    void marginAndDirectionByHand() {
        // logits (2, 5, -1): assigned 1 -> 5 - 2 = 3; assigned 0 -> 2 - 5 = -3; assigned 2 -> -1 - 5 = -6
        double[] z = {2, 5, -1};
        assertThat(AreaUnderMargin.margin(z, 1)).isEqualTo(3.0);
        assertThat(AreaUnderMargin.margin(z, 0)).isEqualTo(-3.0);
        assertThat(AreaUnderMargin.margin(z, 2)).isEqualTo(-6.0);
        AreaUnderMargin aum = new AreaUnderMargin(2);
        aum.record(new int[] {0, 1}, new double[] {3, -1});
        aum.record(new int[] {0}, new double[] {-2});
        assertThat(aum.scores()).containsExactly(0.5f, -1f);
        assertThat(ScoreDirection.hardness("aum", new float[] {0.5f, -1f})).containsExactly(-0.5f, 1f);
        assertThat(ScoreDirection.hardness("aum_e4", new float[] {2f})).containsExactly(-2f);
        assertThat(ScoreDirection.hardness("el2n", new float[] {0.5f})).containsExactly(0.5f);
        assertThat(ScoreDirection.lowerIsHarder("forgetting")).isFalse();
    }
}
