package com.example.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Arrays;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.ExampleIds;
import org.datadiet4j.listeners.El2nListener;
import org.datadiet4j.listeners.ForgettingListener;
import org.datadiet4j.metrics.DatadietMetrics;
import org.datadiet4j.metrics.TrainingState;
import org.datadiet4j.pruning.EarlyPruningListener;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/** docs/metrics.md, run as a user's job with a registry of its own. */
class MetricsSnippetTest {

    @Test
    void oneLineBindsEveryListenersMeters() throws Exception {
        ExampleIdIterator data = ExampleIds.wrap(UserData.trainIterator());
        El2nListener el2n = El2nListener.builder(data).atEpochs(2).build();
        ForgettingListener forgetting = ForgettingListener.builder(data).atEpochs(3).build();
        EarlyPruningListener pruner = EarlyPruningListener.builder(data, el2n).atEpoch(2).keep(0.5).build();
        MultiLayerNetwork model = UserModels.mlp(6);
        MeterRegistry registry = new SimpleMeterRegistry();

        // snippet: metrics
        TrainingState state = new TrainingState();                  // epochs and iterations as the model counts them, loss
        model.setListeners(state, el2n, forgetting, pruner);
        DatadietMetrics metrics = DatadietMetrics.monitor(registry, "my-job", "mlp", data, model.getListeners());
        // end snippet
        model.fit(data, 3);

        assertThat(registry.get("datadiet.examples").tag("training_job", "my-job").gauge().value()).isEqualTo(600);
        double kept = registry.get("datadiet.kept.examples").gauges().stream().mapToDouble(g -> g.value()).sum();
        assertThat(kept).isEqualTo(Arrays.stream(pruner.decision().keptPerClass()).sum()).isEqualTo(300);
        assertThat(registry.get("datadiet.training.epochs").functionCounter().count()).isEqualTo(3);
        assertThat(registry.get("datadiet.training.iterations").functionCounter().count())
                .isEqualTo(model.getIterationCount());
        assertThat(registry.get("datadiet.pruning.events").functionCounter().count()).isEqualTo(1);
        metrics.close();
        assertThat(registry.find("datadiet.examples").gauges()).isEmpty();
    }
}
