package com.example.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.ExampleIds;
import org.datadiet4j.listeners.NtkVelocityListener;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/** docs/scores.md's NTK velocity, run as a user's job. */
class NtkSnippetTest {

    @Test
    void velocitiesOfTheProbeAndItsGroupsPerEpoch() throws Exception {
        ExampleIdIterator data = ExampleIds.wrap(UserData.trainIterator());
        MultiLayerNetwork model = UserModels.mlp(4);
        int[] groupOfProbe = new int[100];
        for (int i = 50; i < 100; i++) {
            groupOfProbe[i] = 1;
        }

        // snippet: ntk-velocity
        NtkVelocityListener ntk = NtkVelocityListener.builder(data)   // the iterator fit trains on
                .randomProbe(100, 0)                      // or .probe(ids...); read once, preprocessed
                .groups(groupOfProbe, "low", "high")      // optional: each group's velocity on its own sub-kernel
                .writeTo(Path.of("ntk.csv"))              // iteration,epoch,group,velocity_per_epoch
                .build();                                 // .everyIterations(k) for velocity per iteration
        model.addListeners(ntk);
        // end snippet
        model.fit(data, 3);

        List<String> rows = Files.readAllLines(Path.of("ntk.csv"));
        assertThat(rows.get(0)).isEqualTo("iteration,epoch,group,velocity_per_epoch");
        assertThat(rows).hasSize(1 + 3 * 3);   // epochs 1..3, groups all, low, high
        for (String row : rows.subList(1, rows.size())) {
            double velocity = Double.parseDouble(row.split(",")[3]);
            // 1 − cos lies in [0, 2] and Δ is one epoch; a kernel that moved has a positive velocity
            assertThat(velocity).isGreaterThan(0).isLessThanOrEqualTo(2);
        }
    }
}
