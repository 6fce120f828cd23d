package org.datadiet4j.listeners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.ExampleIds;
import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import org.datavec.api.split.FileSplit;
import org.deeplearning4j.datasets.datavec.RecordReaderDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.dataset.api.iterator.BaseDatasetIterator;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/** Wrapped iterators inside a real {@code fit}: a reshuffling DataVec job, and a refusal that must not hang. */
class WrappedIteratorInFitTest {

    @TempDir
    Path dir;

    /** One record per file read through a FileSplit with a Random: DataVec reshuffles the files at every reset. */
    private DataSetIterator reshufflingDataVec(int n) throws Exception {
        Random random = new Random(3);
        for (int i = 0; i < n; i++) {
            int label = i % 3;
            Files.writeString(dir.resolve("r" + i + ".csv"), (label + random.nextGaussian()) + ","
                    + random.nextGaussian() + "," + label + "\n");
        }
        CSVRecordReader reader = new CSVRecordReader();
        reader.initialize(new FileSplit(dir.toFile(), new String[] {"csv"}, new Random(42)));
        RecordReaderDataSetIterator iterator = new RecordReaderDataSetIterator(reader, 8, 2, 3);
        iterator.setCollectMetaData(true);
        return iterator;
    }

    @Test
    void idsByRecordLocationFollowAnIteratorThatReshufflesEveryEpoch() throws Exception {
        ExampleIdIterator data = ExampleIds.wrapByRecordLocation(reshufflingDataVec(60));
        El2nListener el2n = El2nListener.builder(data).atEpochs(2).build();
        ForgettingListener forgetting = ForgettingListener.builder(data).atEpochs(3).store(el2n.store()).build();
        MultiLayerNetwork net = TestNets.mlp(2, 3, 1, 0.0);
        net.setListeners(el2n, forgetting);

        net.fit(data, 3);

        float[] scores = el2n.store().column("el2n").means();
        assertThat(scores).hasSize(60);
        for (float score : scores) {
            assertThat(score).isBetween(0f, (float) Math.sqrt(2));
        }
        assertThat(forgetting.tracker().presentations(17)).isEqualTo(3);
    }

    /** Ids by position over an iterator that reverses its last rows after the census, with a slow next(). */
    @Test
    @Timeout(60)
    void aReorderedIteratorFailsFitInsteadOfHangingIt() {
        int n = 40;
        DataSetIterator user = new BaseDatasetIterator(8, n, null) {
            private int pass;
            private int cursor;

            @Override
            public boolean hasNext() {
                return cursor < n;
            }

            @Override
            public DataSet next() {
                if (pass >= 3) {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                float[][] x = new float[Math.min(8, n - cursor)][2];
                float[][] y = new float[x.length][3];
                for (int r = 0; r < x.length; r++) {
                    int id = pass >= 3 && cursor >= 32 ? 32 + 39 - (cursor + r) : cursor + r;
                    x[r][0] = id;
                    y[r][id % 3] = 1;
                }
                cursor += x.length;
                return new DataSet(Nd4j.create(x), Nd4j.create(y));
            }

            @Override
            public void reset() {
                pass++;
                cursor = 0;
            }

            @Override
            public boolean resetSupported() {
                return true;
            }
        };
        ExampleIdIterator data = ExampleIds.wrap(user);
        MultiLayerNetwork net = TestNets.mlp(2, 3, 1, 0.0);
        net.setListeners(ForgettingListener.builder(data).atEpochs(1).build());

        assertThatThrownBy(() -> net.fit(data, 3)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("changed its order");
    }

    /**
     * A keep-set installed while the last (partial) batch of an epoch is fitted waits for the next
     * epoch: that epoch fits its 3 batches (4 + 4 + 2 of 10 examples), the next one the 5 kept examples
     * in 2 batches (4 + 1), counted as pass 1.
     */
    @Test
    void aKeepSetInstalledDuringTheLastBatchOfAnEpochWaitsForTheNextEpoch() {
        float[][] x = new float[10][2];
        float[][] y = new float[10][3];
        for (int i = 0; i < 10; i++) {
            x[i][0] = i;
            x[i][1] = i % 4;
            y[i][i % 3] = 1;
        }
        ExampleIdIterator data = ExampleIds.wrap(new ViewIterator(new DataSet(Nd4j.create(x), Nd4j.create(y)), 4));
        MultiLayerNetwork net = TestNets.mlp(2, 3, 1, 0.0);
        List<List<Integer>> batchesPerEpoch = new ArrayList<>();
        net.setListeners(new BaseTrainingListener() {
            @Override
            public void onEpochStart(Model model) {
                data.fittedBatchIds().passStarting(model);
                batchesPerEpoch.add(new ArrayList<>());
            }

            @Override
            public void iterationDone(Model model, int iteration, int epoch) {
                batchesPerEpoch.get(batchesPerEpoch.size() - 1).add(data.fittedBatchIds().idsOfCurrentBatch(model).length);
                if (iteration == 2) {
                    data.keepOnly(new int[] {0, 1, 2, 3, 4});
                }
            }
        });

        net.fit(data, 2);

        assertThat(batchesPerEpoch).containsExactly(List.of(4, 4, 2), List.of(4, 1));
        assertThat(data.pass()).isEqualTo(1);
    }
}
