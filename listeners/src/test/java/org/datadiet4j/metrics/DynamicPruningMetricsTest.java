package org.datadiet4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.Examples;
import org.datadiet4j.listeners.InfoBatchListener;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;

/**
 * InfoBatch's meters against the examples each epoch actually visited, counted by a listener of the test;
 * the AUM distribution's buckets against the recorded column, negative margins included.
 */
class DynamicPruningMetricsTest {

    @Test
    void fittedSkippedAndDroppedCountWhatTheEpochsVisited() {
        Examples examples = org.datadiet4j.listeners.TestNets.blobsWithIdFeature(240, 5, 3, 61);
        ExampleIdIterator iterator = examples.shuffledIterator(16, 62);
        MultiLayerNetwork net = org.datadiet4j.listeners.TestNets.mlp(5, 3, 63, 0.0);
        InfoBatchListener infoBatch = InfoBatchListener.builder(iterator).epochs(6).anneal(1).seed(2).build();
        List<Integer> visited = new ArrayList<>();
        net.setListeners(infoBatch, new BaseTrainingListener() {
            @Override
            public void onEpochStart(Model model) {
                visited.add(iterator.visitingCount());
            }
        });
        SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, new MockClock());
        try (DatadietMetrics metrics = DatadietMetrics.monitor(registry, "job", "mlp", iterator, net.getListeners())) {
            net.fit(iterator, 5);
            long fitted = visited.stream().mapToLong(Integer::longValue).sum();
            assertThat(registry.get("datadiet.dynamic.fitted.examples").functionCounter().count()).isEqualTo(fitted);
            assertThat(registry.get("datadiet.dynamic.skipped.examples").functionCounter().count())
                    .isEqualTo(5 * 240 - fitted).isPositive();
            // the epoch after the fifth (of six) is pruned: the examples with weight 0 now
            long zeros = java.util.Arrays.stream(infoBatch.weights()).filter(w -> w == 0).count();
            assertThat(registry.get("datadiet.dynamic.dropped.examples").gauge().value()).isEqualTo(zeros).isPositive();
        }
    }

    @Test
    void aumBucketsCountNegativeMargins() {
        Examples examples = org.datadiet4j.listeners.TestNets.blobsWithIdFeature(200, 5, 3, 64);
        ExampleIdIterator iterator = examples.shuffledIterator(16, 65);
        MultiLayerNetwork net = org.datadiet4j.listeners.TestNets.mlp(5, 3, 66, 0.0);
        org.datadiet4j.listeners.AumListener aum = org.datadiet4j.listeners.AumListener.builder(iterator).atEpochs(2)
                .build();
        net.setListeners(aum);
        SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, new MockClock());
        try (DatadietMetrics metrics = DatadietMetrics.monitor(registry, "job", "mlp", iterator, net.getListeners())) {
            net.fit(iterator, 2);
            float[] recorded = aum.store().column("aum").means();
            for (String upper : new String[] {"-1", "0", "1"}) {
                double bound = Double.parseDouble(upper);
                long expected = 0;
                for (float value : recorded) {
                    expected += value <= bound ? 1 : 0;
                }
                assertThat(registry.get("datadiet.score.distribution.examples").tag("score", "aum").tag("upper", upper)
                        .gauge().value()).as("AUM <= %s", upper).isEqualTo(expected);
            }
        }
    }
}
