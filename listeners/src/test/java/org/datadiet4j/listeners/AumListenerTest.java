package org.datadiet4j.listeners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.Examples;
import org.datadiet4j.scores.AreaUnderMargin;
import org.datadiet4j.scores.ScoreDirection;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/**
 * The listener against an independent log of what training fed ({@link FedLogits}): the logits computed
 * in plain Java (double), their margins averaged per example.
 */
class AumListenerTest {

    /** The mean margin z_label − max_{k≠label} z_k of each example's logged presentations. */
    private static void assertSameAum(float[] recorded, FedLogits log) {
        double[] sums = new double[recorded.length];
        int[] counts = new int[recorded.length];
        for (FedLogits.Presentation p : log.presentations) {
            double largestOther = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < p.logits().length; k++) {
                if (k != p.label()) {
                    largestOther = Math.max(largestOther, p.logits()[k]);
                }
            }
            sums[p.id()] += p.logits()[p.label()] - largestOther;
            counts[p.id()]++;
        }
        for (int id = 0; id < recorded.length; id++) {
            assertThat((double) recorded[id]).as("AUM of %d", id).isCloseTo(sums[id] / counts[id], within(1e-4));
        }
    }

    private static int presentationsOf(FedLogits log, int id) {
        return (int) log.presentations.stream().filter(p -> p.id() == id).count();
    }

    @Test
    void multiLayerNetworkAveragesTheMarginsOfThePresentationsUpToEachEpoch() {
        Examples examples = TestNets.blobsWithIdFeature(300, 5, 4, 91);
        ExampleIdIterator iterator = examples.shuffledIterator(16, 92);
        MultiLayerNetwork net = TestNets.mlp(5, 4, 93, 0.0);
        AumListener aum = AumListener.builder(iterator).atEpochs(2, 5).build();
        FedLogits log = new FedLogits(examples);
        net.setListeners(log, aum);

        net.fit(iterator, 5);

        assertSameAum(aum.store().column("aum_e5").means(), log);
        for (int id = 0; id < 300; id++) {
            assertThat(aum.margins().presentations(id)).isEqualTo(5).isEqualTo(presentationsOf(log, id));
        }
        assertThat(aum.store().has("aum_e2")).isTrue();
    }

    @Test
    void computationGraphAveragesTheMarginsToo() {
        Examples examples = TestNets.blobsWithIdFeature(200, 5, 3, 94);
        ExampleIdIterator iterator = examples.shuffledIterator(16, 95);
        ComputationGraph net = TestNets.graph(5, 3, 96, 0.0);
        AumListener aum = AumListener.builder(iterator).atEpochs(3).build();
        FedLogits log = new FedLogits(examples);
        net.setListeners(log, aum);

        net.fit(iterator, 3);

        assertSameAum(aum.store().column("aum").means(), log);
    }

    @Test
    void listenersOnOneIteratorShareOneProductPerBatchAndCountAsAlone() {
        Examples examples = TestNets.blobsWithIdFeature(200, 5, 3, 97);
        ExampleIdIterator iterator = examples.shuffledIterator(16, 98);
        MultiLayerNetwork net = TestNets.mlp(5, 3, 99, 0.0);
        AumListener aum = AumListener.builder(iterator).atEpochs(3).build();
        ForgettingListener forgetting = ForgettingListener.builder(iterator).atEpochs(3).build();
        FedLogits log = new FedLogits(examples);
        net.setListeners(log, aum, forgetting);
        net.fit(iterator, 3);

        // the same training with each listener alone (listeners do not change training)
        ExampleIdIterator aloneIterator = examples.shuffledIterator(16, 98);
        MultiLayerNetwork alone = TestNets.mlp(5, 3, 99, 0.0);
        ForgettingListener forgettingAlone = ForgettingListener.builder(aloneIterator).atEpochs(3).build();
        alone.setListeners(forgettingAlone);
        alone.fit(aloneIterator, 3);

        assertSameAum(aum.store().column("aum").means(), log);
        assertThat(forgetting.store().column("forgetting").means())
                .containsExactly(forgettingAlone.store().column("forgetting").means());
        assertThat(forgetting.tracker().totalEvents()).isPositive();
        // 13 batches of 16 (the last of 8) per epoch: one product each, read by both listeners
        assertThat(FittedLogits.sharedBy(iterator.fittedBatchIds()).computations()).isEqualTo(3 * 13);
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
