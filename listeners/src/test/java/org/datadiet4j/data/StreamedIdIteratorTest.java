package org.datadiet4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.preprocessor.ImagePreProcessingScaler;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The wrapper around a user's iterator, pass by pass: ids by position, pruning by re-batching the kept
 * rows, a reordering iterator refused, a scoring pass in the middle of a training pass that leaves the
 * training pass where it was, and a restored position. Feature 0 of every row is its id times 10 (so a
 * scaler by 1/255 keeps it recognisable), so each returned row names the example it came from.
 */
class StreamedIdIteratorTest {

    private static final int N = 53;

    private static DataSet examples() {
        float[][] x = new float[N][3];
        float[][] y = new float[N][4];
        for (int i = 0; i < N; i++) {
            x[i][0] = 10 * i;
            x[i][1] = i % 7;
            x[i][2] = 255;
            y[i][i % 4] = 1;
        }
        return new DataSet(Nd4j.create(x), Nd4j.create(y));
    }

    /** Batches of a fixed size over the rows in the given order; reset() may switch to a new order. */
    private static DataSetIterator userIterator(int batch, int[]... ordersPerPass) {
        DataSet all = examples();
        return new org.nd4j.linalg.dataset.api.iterator.BaseDatasetIterator(batch, N, null) {
            private int pass;
            private int cursor;

            @Override
            public boolean hasNext() {
                return cursor < N;
            }

            @Override
            public DataSet next() {
                int[] order = ordersPerPass[Math.min(pass, ordersPerPass.length - 1)];
                int end = Math.min(cursor + batch, N);
                DataSet rows = all.get(Arrays.copyOfRange(order, cursor, end));
                cursor = end;
                if (getPreProcessor() != null) {
                    getPreProcessor().preProcess(rows);
                }
                return rows;
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
    }

    private static int[] identity() {
        int[] order = new int[N];
        Arrays.setAll(order, i -> i);
        return order;
    }

    /** Reads a pass to its end; returns the ids it gave, checked against the rows' feature 0. */
    private static List<Integer> pass(ExampleIdIterator iterator, List<Integer> batchSizes, float scale) {
        List<Integer> ids = new ArrayList<>();
        while (iterator.hasNext()) {
            DataSet batch = iterator.next();
            List<?> meta = batch.getExampleMetaData();
            INDArray x = batch.getFeatures();
            for (int row = 0; row < batch.numExamples(); row++) {
                int id = (Integer) meta.get(row);
                assertThat(x.getFloat(row, 0)).isCloseTo(10 * id * scale, org.assertj.core.api.Assertions.offset(1e-5f));
                assertThat(batch.getLabels().getRow(row).argMax().getInt(0)).isEqualTo(id % 4);
                ids.add(id);
            }
            batchSizes.add(batch.numExamples());
        }
        return ids;
    }

    @Test
    void idsArePositionsAndAPrunedPassReBatchesTheKeptRowsInTheUsersOrder() {
        ExampleIdIterator iterator = ExampleIds.wrap(userIterator(10, identity()));
        assertThat(iterator.examples().size()).isEqualTo(N);
        assertThat(iterator.examples().label(13)).isEqualTo(1);
        List<Integer> sizes = new ArrayList<>();
        assertThat(pass(iterator, sizes, 1)).containsExactlyElementsOf(Arrays.stream(identity()).boxed().toList());
        assertThat(sizes).containsExactly(10, 10, 10, 10, 10, 3);

        int[] keep = {50, 3, 4, 5, 17, 18, 19, 20, 21, 22, 23, 24, 25, 40};
        iterator.keepOnly(keep);
        iterator.reset();
        sizes.clear();
        assertThat(pass(iterator, sizes, 1)).containsExactly(3, 4, 5, 17, 18, 19, 20, 21, 22, 23, 24, 25, 40, 50);
        assertThat(sizes).containsExactly(10, 4);
        assertThat(iterator.visitingCount()).isEqualTo(keep.length);
        assertThat(iterator.pass()).isEqualTo(1);
    }

    @Test
    void theScalerOnTheWrapperAppliesToTrainingBatchesAndToScoringPasses() {
        ExampleIdIterator iterator = ExampleIds.wrap(userIterator(8, identity()));
        iterator.setPreProcessor(new ImagePreProcessingScaler());
        pass(iterator, new ArrayList<>(), 1 / 255f);
        List<Integer> scored = new ArrayList<>();
        iterator.examples().forEachBatch(20, (ids, batch) -> {
            for (int row = 0; row < ids.length; row++) {
                assertThat(batch.getFeatures().getFloat(row, 0)).isCloseTo(10 * ids[row] / 255f,
                        org.assertj.core.api.Assertions.offset(1e-5f));
                assertThat(batch.getFeatures().getFloat(row, 2)).isEqualTo(1f);
                scored.add(ids[row]);
            }
        });
        assertThat(scored).hasSize(N).doesNotHaveDuplicates();
        DataSet probe = iterator.examples().gather(new int[] {40, 2});
        assertThat(probe.getFeatures().getFloat(0, 0)).isCloseTo(400 / 255f, org.assertj.core.api.Assertions.offset(1e-5f));
        assertThat(probe.getFeatures().getFloat(1, 0)).isCloseTo(20 / 255f, org.assertj.core.api.Assertions.offset(1e-5f));
    }

    @Test
    void aScoringPassInTheMiddleOfATrainingPassLeavesItWhereItWas() {
        ExampleIdIterator iterator = ExampleIds.wrap(userIterator(10, identity()));
        List<Integer> ids = new ArrayList<>();
        for (int b = 0; b < 2; b++) {
            DataSet batch = iterator.next();
            batch.getExampleMetaData().forEach(id -> ids.add((Integer) id));
        }
        iterator.examples().forEachBatch(64, (batchIds, batch) -> assertThat(batchIds).hasSize(N));

        ids.addAll(pass(iterator, new ArrayList<>(), 1));
        assertThat(ids).containsExactlyElementsOf(Arrays.stream(identity()).boxed().toList());
    }

    @Test
    void anIteratorThatChangesItsOrderIsRefusedNotMixedUp() {
        int[] reversed = new int[N];
        Arrays.setAll(reversed, i -> N - 1 - i);
        // the census reads the first order; training passes after a reset see the reversed one
        ExampleIdIterator iterator = ExampleIds.wrap(userIterator(10, identity(), identity(), reversed));

        assertThatThrownBy(() -> pass(iterator, new ArrayList<>(), 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("changed its order");
    }

    @Test
    void aScoringPassMidEpochOnAnIteratorThatReordersOnResetIsRefused() {
        int[] swapped = identity();
        swapped[0] = 4;
        swapped[4] = 0;
        // census, first training pass and scoring pass in one order; the reset after it brings another
        ExampleIdIterator iterator = ExampleIds.wrapByRecordLocation(withIdMetaData(userIterator(10, identity(),
                identity(), identity(), identity(), identity(), swapped)));
        iterator.next();

        assertThatThrownBy(() -> iterator.examples().forEachBatch(64, (ids, batch) -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot run in the middle of an epoch");
    }

    /** Attaches metadata with a getLocation() to each row (as DataVec's RecordMetaData does): "row <feature 0 / 10>". */
    private static DataSetIterator withIdMetaData(DataSetIterator inner) {
        return new org.nd4j.linalg.dataset.api.iterator.BaseDatasetIterator(10, N, null) {
            @Override
            public boolean hasNext() {
                return inner.hasNext();
            }

            @Override
            public DataSet next() {
                DataSet batch = inner.next();
                List<Location> meta = new ArrayList<>();
                for (int row = 0; row < batch.numExamples(); row++) {
                    meta.add(new Location("row " + (int) (batch.getFeatures().getFloat(row, 0) / 10)));
                }
                batch.setExampleMetaData(meta);
                return batch;
            }

            @Override
            public void reset() {
                inner.reset();
            }

            @Override
            public boolean resetSupported() {
                return true;
            }
        };
    }

    /** A record location, as DataVec's metadata exposes it. */
    public record Location(String getLocation) implements java.io.Serializable {
    }

    @Test
    void idsByLocationFollowTheExamplesWhenTheOrderChanges() {
        int[] reversed = new int[N];
        Arrays.setAll(reversed, i -> N - 1 - i);
        ExampleIdIterator iterator = ExampleIds.wrapByRecordLocation(withIdMetaData(userIterator(10, identity(),
                identity(), reversed)));
        pass(iterator, new ArrayList<>(), 1);
        iterator.reset();

        List<Integer> ids = pass(iterator, new ArrayList<>(), 1);

        assertThat(ids).containsExactlyElementsOf(Arrays.stream(reversed).boxed().toList());
    }

    @Test
    void aRestoredTwinContinuesThePrunedPassWhereTheSavedOneWas() throws Exception {
        ExampleIdIterator saved = ExampleIds.wrap(userIterator(10, identity()));
        saved.keepOnly(new int[] {1, 2, 3, 5, 8, 13, 21, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 50});
        saved.reset();
        List<Integer> all = pass(saved, new ArrayList<>(), 1);

        ExampleIdIterator original = ExampleIds.wrap(userIterator(10, identity()));
        original.keepOnly(new int[] {1, 2, 3, 5, 8, 13, 21, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 50});
        original.reset();
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork model = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(
                new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().list()
                        .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder().nIn(3).nOut(4).build())
                        .build());
        model.init();
        original.fittedBatchIds().passStarting(model);
        original.next();
        original.next();
        // training fits the first batch while the second is prefetched
        original.fittedBatchIds().idsOfCurrentBatch(model);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        original.writeState(out);
        out.flush();

        ExampleIdIterator twin = ExampleIds.wrap(userIterator(10, identity()));
        twin.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

        assertThat(pass(twin, new ArrayList<>(), 1)).containsExactlyElementsOf(all.subList(10, all.size()));
        assertThat(twin.visitingCount()).isEqualTo(22);
    }

    @Test
    void iteratorsThatCannotBeWrappedAreRefused() {
        DataSetIterator once = new org.nd4j.linalg.dataset.api.iterator.BaseDatasetIterator(10, N, null) {
            @Override
            public boolean resetSupported() {
                return false;
            }
        };
        assertThatThrownBy(() -> ExampleIds.wrap(once)).hasMessageContaining("cannot be reset");
        assertThatThrownBy(() -> ExampleIds.wrapByRecordLocation(userIterator(10, identity())))
                .hasMessageContaining("setCollectMetaData(true)");
    }

    /** A user's iterator over 40 cached examples (feature 0 = id), batches of 10. */
    private static DataSetIterator cached40() {
        float[][] x = new float[40][2];
        float[][] y = new float[40][2];
        for (int i = 0; i < 40; i++) {
            x[i][0] = i;
            y[i][i % 2] = 1;
        }
        return new org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator<>(
                new DataSet(Nd4j.create(x), Nd4j.create(y)).asList(), 10);
    }

    /** The pruner installs its keep-set at the end of the pass, before the checkpoint saves the iterator. */
    @Test
    void stateSavedAtTheEndOfThePruningEpochRestoresIntoTheKeptPass() throws Exception {
        ExampleIdIterator saved = ExampleIds.wrap(cached40());
        while (saved.hasNext()) {
            saved.next();
        }
        saved.fittedBatchIds().restart(40);
        int pruned = saved.pass();
        saved.keepOnly(new int[] {0, 1, 2, 3, 4});
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        saved.writeState(new DataOutputStream(bytes));

        ExampleIdIterator twin = ExampleIds.wrap(cached40());
        twin.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

        List<Integer> ids = new ArrayList<>();
        while (twin.hasNext()) {
            twin.next().getExampleMetaData().forEach(id -> ids.add((Integer) id));
        }
        assertThat(ids).containsExactly(0, 1, 2, 3, 4);
        assertThat(twin.pass()).isEqualTo(pruned + 1);
    }

    /**
     * The pruner scores at the end of an epoch (a scoring pass re-reads the user's iterator), then
     * installs its keep-set: the next pass starts at once, as a pass of its own (its number one up, its
     * batch count from 0), so that the next epoch's onEpochStart, before fit resets the iterator, already
     * sees the kept pass; before, it ran on as the finished pass, its count going on from 40.
     */
    @Test
    void aKeepSetInstalledAfterAnEndOfEpochScoringPassStartsTheNextPassAtOnce() {
        ExampleIdIterator iterator = ExampleIds.wrap(cached40());
        while (iterator.hasNext()) {
            iterator.next();
        }
        iterator.fittedBatchIds().restart(40);
        int[] scored = {0};
        iterator.examples().forEachBatch(16, (ids, batch) -> scored[0] += ids.length);
        int finished = iterator.pass();
        iterator.keepOnly(new int[] {0, 1, 2, 3, 4});

        assertThat(scored[0]).isEqualTo(40);
        assertThat(iterator.pass()).isEqualTo(finished + 1);
        assertThat(iterator.fittedBatchIds().fittedInPass()).isZero();
        assertThat(iterator.visitingCount()).isEqualTo(5);
        List<Integer> ids = new ArrayList<>();
        while (iterator.hasNext()) {
            iterator.next().getExampleMetaData().forEach(id -> ids.add((Integer) id));
        }
        assertThat(ids).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void aKeepSetInstalledInTheMiddleOfAPassLeavesThatPass() {
        ExampleIdIterator iterator = ExampleIds.wrap(cached40());
        int rows = iterator.next().numExamples();
        iterator.keepOnly(new int[] {0, 1});
        while (iterator.hasNext()) {
            rows += iterator.next().numExamples();
        }
        assertThat(rows).isEqualTo(40);
        iterator.reset();
        assertThat(iterator.next().numExamples()).isEqualTo(2);
    }

    /** An iterator that hands out the same cached objects every pass must not be normalised again each pass. */
    @Test
    void theWrappersPreprocessorNeverChangesTheUsersCachedBatches() {
        ExampleIdIterator data = ExampleIds.wrap(new org.deeplearning4j.datasets.iterator.ExistingDataSetIterator(
                cached40().next(10).asList().stream().map(one -> one).toList()));
        data.setPreProcessor(batch -> batch.getFeatures().muli(2));
        for (int pass = 0; pass < 3; pass++) {
            data.reset();
            while (data.hasNext()) {
                DataSet batch = data.next();
                int id = (Integer) batch.getExampleMetaData().get(0);
                assertThat(batch.getFeatures().getFloat(0, 0)).as("pass %d", pass).isEqualTo(2f * id);
            }
            data.examples().forEachBatch(4, (ids, batch) ->
                    assertThat(batch.getFeatures().getFloat(0, 0)).isEqualTo(2f * ids[0]));
        }
    }

    /** A user's iterator in id order that can leave rows out ({@link SelectableRows}); counts the rows it decodes. */
    private static final class Selecting extends org.nd4j.linalg.dataset.api.iterator.BaseDatasetIterator
            implements SelectableRows {
        private final DataSet all = examples();
        private int[] next;
        private int[] selected;
        private int cursor;
        int decoded;

        Selecting() {
            super(10, N, null);
        }

        @Override
        public void selectRows(int[] positions) {
            next = positions == null ? null : positions.clone();
        }

        @Override
        public boolean hasNext() {
            return cursor < (selected == null ? N : selected.length);
        }

        @Override
        public DataSet next() {
            int end = Math.min(cursor + 10, selected == null ? N : selected.length);
            int[] rows = new int[end - cursor];
            for (int r = 0; r < rows.length; r++) {
                rows[r] = selected == null ? cursor + r : selected[cursor + r];
            }
            cursor = end;
            decoded += rows.length;
            return all.get(rows);
        }

        @Override
        public void reset() {
            selected = next;
            cursor = 0;
        }

        @Override
        public boolean resetSupported() {
            return true;
        }
    }

    @Test
    void aPrunedPassAsksASelectingIteratorForTheKeptRowsOnly() {
        Selecting user = new Selecting();
        ExampleIdIterator iterator = ExampleIds.wrap(user);
        int[] keep = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47};
        iterator.keepOnly(keep);
        user.decoded = 0;

        List<Integer> sizes = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        DataSet first = iterator.next();
        first.getExampleMetaData().forEach(id -> ids.add((Integer) id));
        // a scoring pass in the middle reads every row, then training goes on where it was
        List<Integer> scored = new ArrayList<>();
        iterator.examples().forEachBatch(100, (batchIds, batch) -> Arrays.stream(batchIds).forEach(scored::add));
        ids.addAll(pass(iterator, sizes, 1));

        assertThat(scored).hasSize(N);
        assertThat(ids).containsExactlyElementsOf(Arrays.stream(keep).boxed().toList());
        // the pass decodes the kept rows (some twice: read ahead, dropped by the scoring pass, read again), not all N
        assertThat(user.decoded).isLessThanOrEqualTo(2 * keep.length + N + 10).isGreaterThanOrEqualTo(keep.length + N);
    }
}
