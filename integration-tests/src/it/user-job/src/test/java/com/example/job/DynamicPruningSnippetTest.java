package com.example.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.ExampleIds;
import org.datadiet4j.listeners.AumListener;
import org.datadiet4j.listeners.InfoBatchListener;
import org.datadiet4j.pruning.Ranking;
import org.datadiet4j.scores.ScoreDirection;
import org.datadiet4j.scores.ScoreStore;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** docs/pruning.md, run as a user's job: InfoBatch and AUM beside each other in one fit. */
class DynamicPruningSnippetTest {

    @Test
    void infoBatchSkipsWellLearnedExamplesAndAumRanksTheLowestMarginsFirst() throws Exception {
        DataSetIterator trainIter = UserData.trainIterator();
        MultiLayerNetwork model = UserModels.mlp(4);

        // snippet: infobatch-aum
        ExampleIdIterator data = ExampleIds.wrap(trainIter);
        InfoBatchListener infoBatch = InfoBatchListener.builder(data)
                .pruneRatio(0.5)   // r: drops half of the examples whose last loss is below the mean; the rest weigh 1/(1-r)
                .anneal(0.875)     // δ: from epoch δ·E on, every example again
                .epochs(8)         // E, the epochs fit will run
                .seed(42).build();
        ScoreStore store = new ScoreStore(data.examples().size());
        AumListener aum = AumListener.builder(data).atEpochs(8).store(store).build();
        model.addListeners(infoBatch, aum);
        model.fit(data, 8);
        System.out.println(infoBatch.examplesSkipped() + " example passes saved");
        float[] margins = store.column("aum").means();                       // low margin = suspicious
        int[] suspectsFirst = Ranking.highestFirst(ScoreDirection.hardness("aum", margins));
        // end snippet

        // every epoch offers all N examples; what InfoBatch did not fit it saved
        assertThat(infoBatch.examplesFitted() + infoBatch.examplesSkipped()).isEqualTo(8L * UserData.ROWS);
        assertThat(infoBatch.examplesSkipped()).isPositive();
        assertThat(infoBatch.lastEpochFitted()).as("epoch 8 >= 0.875 x 8 uses every example").isEqualTo(UserData.ROWS);
        int lowest = IntStream.range(0, margins.length).reduce((a, b) -> margins[b] < margins[a] ? b : a).orElseThrow();
        assertThat(margins[suspectsFirst[0]]).isEqualTo(margins[lowest]);
        assertThat(IntStream.range(0, margins.length).filter(i -> margins[i] > 0).count())
                .as("a trained network has a positive margin on most examples").isGreaterThan(UserData.ROWS / 2);
    }
}
