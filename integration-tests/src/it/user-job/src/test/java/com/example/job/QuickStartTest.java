package com.example.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.ExampleIds;
import org.datadiet4j.listeners.El2nListener;
import org.datadiet4j.listeners.ForgettingListener;
import org.datadiet4j.listeners.GrandListener;
import org.datadiet4j.pruning.EarlyPruningListener;
import org.datadiet4j.pruning.PruningPolicy;
import org.datadiet4j.scores.ScoreStore;
import org.datadiet4j.scores.ScoreTable;
import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import org.datavec.api.split.FileSplit;
import org.deeplearning4j.datasets.datavec.RecordReaderDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;

/** The README's quick start, as a user's job runs it: their CSV, their normaliser, their model. */
class QuickStartTest {

    @BeforeAll
    static void data() throws Exception {
        UserData.writeTrainCsv();
    }

    @Test
    void scoresEveryExampleAndTrainsOnTheHardestHalf() throws Exception {
        MultiLayerNetwork model = UserModels.mlp(1);

        // snippet: quick-start
        CSVRecordReader reader = new CSVRecordReader();
        reader.initialize(new FileSplit(new File("train.csv")));
        DataSetIterator trainIter = new RecordReaderDataSetIterator(reader, 64, 784, 10); // batch, label column, classes
        NormalizerStandardize normalizer = new NormalizerStandardize();
        normalizer.fit(trainIter);
        trainIter.setPreProcessor(normalizer);                         // your pipeline, unchanged

        ExampleIdIterator data = ExampleIds.wrap(trainIter);           // one pass now: ids 0..N-1, labels
        ScoreStore store = new ScoreStore(data.examples().size());
        El2nListener el2n = El2nListener.builder(data).atEpochs(2).store(store).build();
        GrandListener grand = GrandListener.builder(data).atInit().store(store).build();
        ForgettingListener forgetting = ForgettingListener.builder(data).atEpochs(10).store(store).build();
        EarlyPruningListener pruner = EarlyPruningListener.builder(data, el2n)
                .atEpoch(2).keep(0.5).policy(new PruningPolicy.Hardest()).build();
        model.addListeners(el2n, grand, forgetting, pruner);           // MultiLayerNetwork or ComputationGraph
        model.fit(data, 10);                                           // epochs 3-10 on the hardest half
        ScoreTable.write(Path.of("scores.csv"), data.examples().labels(), store);
        // end snippet

        List<String> lines = Files.readAllLines(Path.of("scores.csv"));
        assertThat(lines).hasSize(UserData.ROWS + 1);
        assertThat(lines.get(0)).startsWith("id,label,").contains("el2n", "grand", "forgetting");
        ScoreTable table = ScoreTable.read(Path.of("scores.csv"));
        float[] el2nAt2 = table.column("el2n");
        // EL2N is the norm of a difference of two probability vectors: within [0, sqrt 2]
        for (float value : el2nAt2) {
            assertThat(value).isBetween(0f, (float) Math.sqrt(2));
        }
        // the keep-set is the 300 highest EL2N of the written table, found here by sorting by hand
        Integer[] byScore = new Integer[UserData.ROWS];
        Arrays.setAll(byScore, i -> i);
        Arrays.sort(byScore, (a, b) -> el2nAt2[a] != el2nAt2[b] ? Float.compare(el2nAt2[b], el2nAt2[a]) : a - b);
        int[] hardest = Arrays.stream(byScore).limit(300).mapToInt(Integer::intValue).sorted().toArray();
        assertThat(pruner.decision().kept()).containsExactly(hardest);
        assertThat(data.visitingCount()).isEqualTo(300);
        // the labels the wrapper read are the CSV's last column
        assertThat(table.labels()[13]).isEqualTo(3);
    }
}
