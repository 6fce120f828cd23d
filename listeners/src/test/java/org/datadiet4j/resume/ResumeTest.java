package org.datadiet4j.resume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.Examples;
import org.datadiet4j.internal.state.StateFile;
import org.datadiet4j.listeners.El2nListener;
import org.datadiet4j.listeners.ForgettingListener;
import org.datadiet4j.listeners.GrandListener;
import org.datadiet4j.listeners.NtkVelocityListener;
import org.datadiet4j.listeners.TestNets;
import org.datadiet4j.scores.ScoreColumn;
import org.datadiet4j.scores.ScoreStore;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.optimize.listeners.CheckpointListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A run interrupted after a checkpoint and resumed from it (in a fresh model and fresh listeners,
 * with ND4J's random generator scrambled in between) ends with the same score table, forgetting
 * counts, NTK series, a user's own resumable listener's tally and weights, bit for bit, as the run
 * that was never interrupted: with dropout on, for a MultiLayerNetwork and a ComputationGraph, from
 * checkpoints at epoch ends and in the middle of an epoch, and with the listeners registered in
 * another order on resume than when the checkpoint was saved. Nothing is listed by hand: the
 * checkpoint listener finds the parts through the listeners registered on the model.
 */
class ResumeTest {

    private static final int EPOCHS = 4;

    @TempDir
    Path dir;

    /** A user's own listener with state: the iterations it saw and the sum of their losses. */
    static final class LossTally extends BaseTrainingListener implements Resumable {
        long iterations;
        double lossSum;

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            iterations++;
            lossSum += model.score();
        }

        @Override
        public String stateKey() {
            return "loss-tally";
        }

        @Override
        public void writeState(DataOutput out) throws IOException {
            out.writeLong(iterations);
            out.writeDouble(lossSum);
        }

        @Override
        public void readState(DataInput in) throws IOException {
            iterations = in.readLong();
            lossSum = in.readDouble();
        }
    }

    /**
     * Every part of one run, built the same way each time. With {@code twoStores}, EL2N records into a
     * store of its own and GraNd and forgetting share another of the same size.
     */
    private static final class Job {
        final ExampleIdIterator iterator;
        final El2nListener el2n;
        final GrandListener grand;
        final ForgettingListener forgetting;
        final NtkVelocityListener ntk;
        final LossTally tally = new LossTally();

        Job(Examples examples, boolean twoStores) {
            iterator = examples.shuffledIterator(32, 5);
            ScoreStore store = new ScoreStore(examples.size());
            el2n = El2nListener.builder(examples).atEpochs(1, 3).batchSize(100)
                    .store(twoStores ? new ScoreStore(examples.size()) : store).build();
            grand = GrandListener.builder(examples).atEpochs(2).batchSize(64).store(store).build();
            forgetting = ForgettingListener.builder(iterator).atEpochs(2, 4).store(store).build();
            ntk = NtkVelocityListener.builder(examples).randomProbe(8, 3).retainKernels().build();
        }

        List<TrainingListener> listeners() {
            return new ArrayList<>(List.of(el2n, grand, tally, forgetting, ntk));
        }
    }

    private record Outcome(Map<String, List<float[]>> columns, List<String> ntk, long iterations, double lossSum,
                           float[] params) {
    }

    private static Outcome outcome(Job job, Model model) {
        Map<String, List<float[]>> columns = new LinkedHashMap<>();
        List<ScoreColumn> all = new ArrayList<>(job.forgetting.store().columns());
        if (job.el2n.store() != job.forgetting.store()) {
            all.addAll(job.el2n.store().columns());
        }
        for (ScoreColumn column : all) {
            float[] std = new float[column.size()];
            for (int i = 0; i < std.length; i++) {
                std[i] = column.std(i);
            }
            columns.put(column.name(), List.of(column.means(), std));
        }
        List<String> ntk = job.ntk.velocities(new int[8], new String[] {"g"}).stream().map(Object::toString).toList();
        return new Outcome(columns, ntk, job.tally.iterations, job.tally.lossSum, model.params().toFloatVector());
    }

    /** Stands in for a crash: training stops at this iteration, before the later checkpoints. */
    private static final class Crash extends BaseTrainingListener {
        private final int atIteration;

        Crash(int atIteration) {
            this.atIteration = atIteration;
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            if (iteration == atIteration) {
                throw new IllegalStateException("crash at iteration " + iteration);
            }
        }
    }

    static void register(Model model, List<TrainingListener> listeners) {
        if (model instanceof MultiLayerNetwork network) {
            network.setListeners(listeners);
        } else {
            ((ComputationGraph) model).setListeners(listeners);
        }
    }

    private static ResumableCheckpointListener saver(CheckpointListener checkpoints, File directory) {
        return ResumableCheckpointListener.builder(checkpoints, directory).build();
    }

    private Outcome assertResumedRunIsBitIdentical(Supplier<Model> network, Function<ResumePoint, Model> load,
                                                   Function<File, CheckpointListener> checkpointsInto, int crashAt,
                                                   boolean expectMidEpoch, boolean twoStores, boolean reorder)
            throws IOException {
        Examples examples = TestNets.blobs(400, 8, 3, 21, DataType.FLOAT);
        Job uninterrupted = new Job(examples, twoStores);
        Model reference = network.get();
        TestNets.fit(reference, uninterrupted.iterator, EPOCHS, uninterrupted.listeners());
        Outcome expected = outcome(uninterrupted, reference);

        File first = Files.createDirectory(dir.resolve("first")).toFile();
        Job crashed = new Job(examples, twoStores);
        List<TrainingListener> listeners = crashed.listeners();
        listeners.add(new Crash(crashAt));
        listeners.add(saver(checkpointsInto.apply(first), first));
        Model interrupted = network.get();
        assertThatThrownBy(() -> TestNets.fit(interrupted, crashed.iterator, EPOCHS, listeners))
                .hasMessageContaining("crash at iteration " + crashAt);

        ResumePoint point = ResumePoints.latest(first).orElseThrow();
        Model resumedModel = load.apply(point);
        Nd4j.getRandom().setSeed(987654321L);
        Job resumed = new Job(examples, twoStores);
        File second = Files.createDirectory(dir.resolve("second")).toFile();
        List<TrainingListener> again = resumed.listeners();
        if (reorder) {
            Collections.reverse(again);
        }
        again.add(saver(checkpointsInto.apply(second), second));
        register(resumedModel, again);
        Resumed at = point.restore(resumedModel);
        assertThat(at.midEpoch()).isEqualTo(expectMidEpoch);
        assertThat(at.epochsCompleted()).isLessThan(EPOCHS);
        // the user's listener counted one per iteration the model had done at the checkpoint
        assertThat(resumed.tally.iterations).isEqualTo(at.iterations()).isPositive();
        TestNets.fit(resumedModel, resumed.iterator, at.remainingEpochs(EPOCHS), again);
        Outcome actual = outcome(resumed, resumedModel);

        assertThat(actual.columns().keySet()).containsExactlyInAnyOrderElementsOf(expected.columns().keySet())
                .contains("el2n_e1", "el2n_e3", "grand", "forgetting_e2", "forgetting_e4");
        if (!reorder) {
            assertThat(actual.columns().keySet()).containsExactlyElementsOf(expected.columns().keySet());
        }
        expected.columns().forEach((name, meansAndStds) -> {
            assertThat(actual.columns().get(name).get(0)).as(name).containsExactly(meansAndStds.get(0));
            assertThat(actual.columns().get(name).get(1)).as(name).containsExactly(meansAndStds.get(1));
        });
        assertThat(actual.ntk()).hasSize(2 * EPOCHS).containsExactlyElementsOf(expected.ntk());
        assertThat(actual.iterations()).isEqualTo(expected.iterations()).isEqualTo(EPOCHS * 13L);
        assertThat(actual.lossSum()).isEqualTo(expected.lossSum());
        assertThat(actual.params()).containsExactly(expected.params());
        return actual;
    }

    @Test
    void multiLayerNetworkResumedFromAnEpochEnd() throws IOException {
        // 13 batches per epoch: the crash in epoch 3 leaves the checkpoint after epoch 2
        assertResumedRunIsBitIdentical(() -> TestNets.mlp(8, 3, 77, 0.7), ResumePoint::loadMultiLayerNetwork,
                d -> new CheckpointListener.Builder(d).saveEveryNEpochs(1).build(), 30, false, false, false);
    }

    @Test
    void multiLayerNetworkResumedFromTheMiddleOfAnEpoch() throws IOException {
        // checkpoints at iterations 5, 10, 15, 20, 25 (the last of epoch 2: no state), crash at 27: resume at 20
        assertResumedRunIsBitIdentical(() -> TestNets.mlp(8, 3, 77, 0.7), ResumePoint::loadMultiLayerNetwork,
                d -> new CheckpointListener.Builder(d).saveEveryNIterations(5).build(), 27, true, false, false);
    }

    @Test
    void computationGraphResumedFromTheMiddleOfAnEpoch() throws IOException {
        assertResumedRunIsBitIdentical(() -> TestNets.graph(8, 3, 78, 0.7), ResumePoint::loadComputationGraph,
                d -> new CheckpointListener.Builder(d).saveEveryNIterations(5).build(), 33, true, false, false);
    }

    @Test
    void listenersRegisteredInAnotherOrderOnResumeRestoreTheSameRun() throws IOException {
        // two stores of one size: keyed by the listeners recording into each, not by registration order
        assertResumedRunIsBitIdentical(() -> TestNets.mlp(8, 3, 77, 0.7), ResumePoint::loadMultiLayerNetwork,
                d -> new CheckpointListener.Builder(d).saveEveryNIterations(5).build(), 27, true, true, true);
        assertThat(StateFile.keys(ResumePoints.latest(dir.resolve("first").toFile()).orElseThrow().stateFile()))
                .containsExactlyInAnyOrder("el2n@[1, 3]", "grand@[2]", "forgetting@[2, 4]", "loss-tally",
                        "iterator(n=400,batch=32,seed=5)", "scores(n=400)@{el2n@[1, 3]}",
                        "scores(n=400)@{forgetting@[2, 4]; grand@[2]}", "model-counters",
                        new Job(TestNets.blobs(400, 8, 3, 21, DataType.FLOAT), true).ntk.stateKey());
    }
}
