package org.datadiet4j.listeners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.Examples;
import org.datadiet4j.scores.ForgettingTracker;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/**
 * The listener against an independent log of what training fed ({@link FedLogits}: the fed rows, the
 * network's own labels, the logits in plain Java), replayed into a fresh tracker.
 */
class ForgettingListenerTest {

    /** Replays the log into a fresh tracker: a row is correct when its largest logit (the first of equals) is its label's. */
    private static void assertSameCounts(ForgettingListener listener, FedLogits log, int n) {
        ForgettingTracker replay = new ForgettingTracker(n);
        for (FedLogits.Presentation p : log.presentations) {
            int best = 0;
            for (int k = 1; k < p.logits().length; k++) {
                if (p.logits()[k] > p.logits()[best]) {
                    best = k;
                }
            }
            replay.record(p.id(), best == p.label(), p.epoch());
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
        FedLogits log = new FedLogits(examples);
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
        FedLogits log = new FedLogits(examples);
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
