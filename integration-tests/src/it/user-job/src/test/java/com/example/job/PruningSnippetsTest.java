package com.example.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.ExampleIds;
import org.datadiet4j.listeners.El2nListener;
import org.datadiet4j.pruning.EarlyPruningListener;
import org.datadiet4j.pruning.KeepSet;
import org.datadiet4j.pruning.PruningPolicy;
import org.datadiet4j.pruning.Ranking;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** docs/pruning.md, run as a user's job: early pruning with a built-in policy and with one of their own. */
class PruningSnippetsTest {

    @Test
    void earlyPruningKeepsTheHardestHalfFromEpochThreeOn() throws Exception {
        DataSetIterator trainIter = UserData.trainIterator();
        MultiLayerNetwork model = UserModels.mlp(2);

        // snippet: early-pruning
        ExampleIdIterator data = ExampleIds.wrap(trainIter);                     // or examples.shuffledIterator(128, 42)
        El2nListener el2n = El2nListener.builder(data).atEpochs(2).build();      // the score to prune by
        EarlyPruningListener pruner = EarlyPruningListener.builder(data, el2n)
                .atEpoch(2).keep(0.5).policy(new PruningPolicy.Hardest())
                .writeKeepSetTo(Path.of("keep.csv")).build();
        model.addListeners(pruner);
        model.fit(data, 20);            // epochs 1-2 on all examples, 3-20 on the kept half
        // end snippet

        float[] el2nAt2 = el2n.store().column("el2n").means();
        int[] expected = UserData.highest(el2nAt2, UserData.ROWS / 2, Float.POSITIVE_INFINITY);
        assertThat(pruner.decision().kept()).containsExactly(expected);
        assertThat(KeepSet.read(Path.of("keep.csv"), UserData.ROWS)).containsExactly(expected);
        assertThat(data.visiting()).containsExactly(expected);
        assertThat(model.getEpochCount()).isEqualTo(20);
    }

    @Test
    void aPolicyOfTheUsersOwnDecidesTheKeepSet() throws Exception {
        ExampleIdIterator data = ExampleIds.wrap(UserData.trainIterator());
        El2nListener el2n = El2nListener.builder(data).atEpochs(2).build();
        MultiLayerNetwork model = UserModels.mlp(3);

        // snippet: custom-policy
        // the hardest fraction, but never an example above a cap: those are likely mislabelled
        PruningPolicy hardestBelowCap = (scores, labels, numClasses, keepFraction) -> {
            int k = PruningPolicy.budget(scores, keepFraction);        // k = round(f·N), as the built-in policies
            return Arrays.stream(Ranking.highestFirst(scores))         // ids by descending score, ties by id
                    .filter(id -> scores[id] <= 1.2f)
                    .limit(k).toArray();
        };
        EarlyPruningListener pruner = EarlyPruningListener.builder(data, el2n)
                .atEpoch(2).keep(0.5).policy(hardestBelowCap).build();
        // end snippet
        model.addListeners(pruner);
        model.fit(data, 3);

        float[] el2nAt2 = el2n.store().column("el2n").means();
        int[] expected = UserData.highest(el2nAt2, UserData.ROWS / 2, 1.2f);
        assertThat(pruner.decision().kept()).containsExactly(expected);
        assertThat(pruner.decision().policy()).isEqualTo("custom");
        assertThat(data.visiting()).containsExactly(expected);
    }
}
