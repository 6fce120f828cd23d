package org.datadiet4j.resume;
import org.datadiet4j.listeners.El2nListener;
import org.datadiet4j.listeners.ForgettingListener;
import org.datadiet4j.listeners.GrandListener;
import org.datadiet4j.listeners.NtkVelocityListener;
import org.datadiet4j.listeners.TestNets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.Examples;
import org.datadiet4j.scores.ScoreColumn;
import org.datadiet4j.scores.ScoreStore;
import org.datadiet4j.resume.Resumable;
import org.deeplearning4j.nn.api.Model;
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
 * counts, NTK series and weights, bit for bit, as the run that was never interrupted: with dropout
 * on, for a MultiLayerNetwork and a ComputationGraph, from checkpoints at epoch ends and in the
 * middle of an epoch.
 */
class ResumeTest {

    private static final int EPOCHS = 4;

    @TempDir
    Path dir;

    /** Every datadiet part of one run, built the same way each time. */
    private static final class Job {
        final ExampleIdIterator iterator;
        final El2nListener el2n;
        final GrandListener grand;
        final ForgettingListener forgetting;
        final NtkVelocityListener ntk;

        Job(Examples examples) {
            iterator = examples.shuffledIterator(32, 5);
            ScoreStore store = new ScoreStore(examples.size());
            el2n = El2nListener.builder(examples).atEpochs(1, 3).batchSize(100).store(store).build();
            grand = GrandListener.builder(examples).atEpochs(2).batchSize(64).store(store).build();
            forgetting = ForgettingListener.builder(iterator).atEpochs(2, 4).store(store).build();
            ntk = NtkVelocityListener.builder(examples).randomProbe(8, 3).retainKernels().build();
        }

        Resumable[] parts() {
            return new Resumable[] {iterator, el2n, grand, forgetting, ntk};
        }

        List<TrainingListener> listeners() {
            return new ArrayList<>(List.of(el2n, grand, forgetting, ntk));
        }
    }

    private record Outcome(List<String> columns, List<float[]> means, List<float[]> stds, List<String> ntk,
                           float[] params) {
    }

    private static Outcome outcome(Job job, Model model) {
        List<String> names = new ArrayList<>();
        List<float[]> means = new ArrayList<>();
        List<float[]> stds = new ArrayList<>();
        for (ScoreColumn column : job.el2n.store().columns()) {
            names.add(column.name());
            means.add(column.means());
            float[] std = new float[column.size()];
            for (int i = 0; i < std.length; i++) {
                std[i] = column.std(i);
            }
            stds.add(std);
        }
        List<String> ntk = job.ntk.velocities(new int[8], new String[] {"g"}).stream().map(Object::toString).toList();
        return new Outcome(names, means, stds, ntk, model.params().toFloatVector());
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

    private void assertResumedRunIsBitIdentical(Supplier<Model> network, Function<ResumableCheckpointListener.ResumePoint,
            Model> load, Function<File, CheckpointListener> checkpointsInto, int crashAt, boolean expectMidEpoch)
            throws IOException {
        Examples examples = TestNets.blobs(400, 8, 3, 21, DataType.FLOAT);
        Job uninterrupted = new Job(examples);
        Model reference = network.get();
        TestNets.fit(reference, uninterrupted.iterator, EPOCHS, uninterrupted.listeners());
        Outcome expected = outcome(uninterrupted, reference);

        File first = Files.createDirectory(dir.resolve("first")).toFile();
        Job crashed = new Job(examples);
        List<TrainingListener> listeners = crashed.listeners();
        listeners.add(new Crash(crashAt));
        listeners.add(ResumableCheckpointListener.of(checkpointsInto.apply(first), first, crashed.parts()));
        Model interrupted = network.get();
        assertThatThrownBy(() -> TestNets.fit(interrupted, crashed.iterator, EPOCHS, listeners))
                .hasMessageContaining("crash at iteration " + crashAt);

        ResumableCheckpointListener.ResumePoint point = ResumableCheckpointListener.latest(first).orElseThrow();
        Model resumedModel = load.apply(point);
        Nd4j.getRandom().setSeed(987654321L);
        Job resumed = new Job(examples);
        ResumableCheckpointListener.Resumed at = point.restore(resumedModel, resumed.parts());
        assertThat(at.midEpoch()).isEqualTo(expectMidEpoch);
        assertThat(at.epochsCompleted()).isLessThan(EPOCHS);
        File second = Files.createDirectory(dir.resolve("second")).toFile();
        List<TrainingListener> again = resumed.listeners();
        again.add(ResumableCheckpointListener.of(checkpointsInto.apply(second), second, resumed.parts()));
        TestNets.fit(resumedModel, resumed.iterator, at.remainingEpochs(EPOCHS), again);
        Outcome actual = outcome(resumed, resumedModel);

        assertThat(actual.columns()).containsExactlyElementsOf(expected.columns())
                .contains("el2n_e1", "el2n_e3", "grand", "forgetting_e2", "forgetting_e4");
        for (int c = 0; c < expected.columns().size(); c++) {
            assertThat(actual.means().get(c)).as(expected.columns().get(c)).containsExactly(expected.means().get(c));
            assertThat(actual.stds().get(c)).as(expected.columns().get(c)).containsExactly(expected.stds().get(c));
        }
        assertThat(actual.ntk()).hasSize(2 * EPOCHS).containsExactlyElementsOf(expected.ntk());
        assertThat(actual.params()).containsExactly(expected.params());
    }

    @Test
    void multiLayerNetworkResumedFromAnEpochEnd() throws IOException {
        // 13 batches per epoch: the crash in epoch 3 leaves the checkpoint after epoch 2
        assertResumedRunIsBitIdentical(() -> TestNets.mlp(8, 3, 77, 0.7),
                ResumableCheckpointListener.ResumePoint::loadMultiLayerNetwork,
                d -> new CheckpointListener.Builder(d).saveEveryNEpochs(1).build(), 30, false);
    }

    @Test
    void multiLayerNetworkResumedFromTheMiddleOfAnEpoch() throws IOException {
        // checkpoints at iterations 5, 10, 15, 20, 25 (the last of epoch 2: no state), crash at 27: resume at 20
        assertResumedRunIsBitIdentical(() -> TestNets.mlp(8, 3, 77, 0.7),
                ResumableCheckpointListener.ResumePoint::loadMultiLayerNetwork,
                d -> new CheckpointListener.Builder(d).saveEveryNIterations(5).build(), 27, true);
    }

    @Test
    void computationGraphResumedFromTheMiddleOfAnEpoch() throws IOException {
        assertResumedRunIsBitIdentical(() -> TestNets.graph(8, 3, 78, 0.7),
                ResumableCheckpointListener.ResumePoint::loadComputationGraph,
                d -> new CheckpointListener.Builder(d).saveEveryNIterations(5).build(), 33, true);
    }

    @Test
    void theNewestCheckpointWithIntactStateIsChosenAndOtherListenersAreRefused() throws IOException {
        Examples examples = TestNets.blobs(100, 8, 3, 24, DataType.FLOAT);
        File checkpoints = Files.createDirectory(dir.resolve("cp")).toFile();
        Job job = new Job(examples);
        List<TrainingListener> listeners = job.listeners();
        listeners.add(ResumableCheckpointListener.of(new CheckpointListener.Builder(checkpoints).saveEveryNEpochs(1)
                .build(), checkpoints, job.parts()));
        TestNets.fit(TestNets.mlp(8, 3, 77, 0.0), job.iterator, 3, listeners);
        assertThat(ResumableCheckpointListener.latest(checkpoints).orElseThrow().checkpoint().getCheckpointNum())
                .isEqualTo(2);

        // a damaged newest state (a torn write) and a torn record line are passed over
        Files.write(checkpoints.toPath().resolve("checkpoint_2_datadiet.state"), new byte[] {1, 2, 3});
        Files.writeString(checkpoints.toPath().resolve("checkpointInfo.txt"), "3,17,tor",
                java.nio.file.StandardOpenOption.APPEND);
        ResumableCheckpointListener.ResumePoint point = ResumableCheckpointListener.latest(checkpoints).orElseThrow();
        assertThat(point.checkpoint().getCheckpointNum()).isEqualTo(1);

        MultiLayerNetwork model = point.loadMultiLayerNetwork();
        Job other = new Job(examples);
        El2nListener differentEpochs = El2nListener.builder(examples).atEpochs(2).store(other.el2n.store()).build();
        assertThatThrownBy(() -> point.restore(model, other.iterator, differentEpochs, other.grand, other.forgetting,
                other.ntk)).isInstanceOf(IOException.class)
                .hasMessageContaining("missing [el2n@[2], scores(n=100)@el2n@[2]]")
                .hasMessageContaining("not asked for [el2n@[1, 3], scores(n=100)@el2n@[1, 3]]");
        assertThat(ResumableCheckpointListener.latest(Files.createDirectory(dir.resolve("empty")).toFile())).isEmpty();
    }

    @Test
    void listenersWithStoresOfTheirOwnResumeTooAndMisuseIsRefused() throws IOException {
        Examples examples = TestNets.blobs(100, 8, 3, 25, DataType.FLOAT);
        File checkpoints = Files.createDirectory(dir.resolve("own")).toFile();
        ExampleIdIterator iterator = examples.shuffledIterator(32, 5);
        El2nListener el2n = El2nListener.builder(examples).atEpochs(1).build();
        ForgettingListener forgetting = ForgettingListener.builder(iterator).atEpochs(2).build();
        MultiLayerNetwork model = TestNets.mlp(8, 3, 77, 0.0);
        model.setListeners(el2n, forgetting, ResumableCheckpointListener.of(new CheckpointListener.Builder(checkpoints)
                .saveEveryNEpochs(1).build(), checkpoints, iterator, el2n, forgetting));
        model.fit(iterator, 2);

        ResumableCheckpointListener.ResumePoint point = ResumableCheckpointListener.latest(checkpoints).orElseThrow();
        ExampleIdIterator twinIterator = examples.shuffledIterator(32, 5);
        El2nListener twinEl2n = El2nListener.builder(examples).atEpochs(1).build();
        ForgettingListener twinForgetting = ForgettingListener.builder(twinIterator).atEpochs(2).build();
        point.restore(point.loadMultiLayerNetwork(), twinIterator, twinEl2n, twinForgetting);
        assertThat(twinEl2n.store().column("el2n").means()).containsExactly(el2n.store().column("el2n").means());
        assertThat(twinForgetting.store().column("forgetting").means())
                .containsExactly(forgetting.store().column("forgetting").means());

        File elsewhere = Files.createDirectory(dir.resolve("elsewhere")).toFile();
        MultiLayerNetwork wrongDirectory = TestNets.mlp(8, 3, 77, 0.0);
        ExampleIdIterator wrongData = examples.shuffledIterator(32, 5);
        wrongDirectory.setListeners(ResumableCheckpointListener.of(new CheckpointListener.Builder(elsewhere)
                .saveEveryNEpochs(1).build(), checkpoints, wrongData));
        assertThatThrownBy(() -> wrongDirectory.fit(wrongData, 1))
                .hasMessageContaining("the CheckpointListener saves into another directory than");

        File unsaved = Files.createDirectory(dir.resolve("unsaved")).toFile();
        ExampleIdIterator data = examples.shuffledIterator(32, 5);
        MultiLayerNetwork notSaved = TestNets.mlp(8, 3, 77, 0.0);
        notSaved.setListeners(El2nListener.builder(examples).atEpochs(1).build(), ResumableCheckpointListener.of(
                new CheckpointListener.Builder(unsaved).saveEveryNEpochs(1).build(), unsaved, data));
        assertThatThrownBy(() -> notSaved.fit(data, 1))
                .hasMessage("El2nListener (el2n@[1]) is registered but not saved: pass it to"
                        + " ResumableCheckpointListener.of(...)");
        El2nListener sharedA = El2nListener.builder(examples).atEpochs(1).build();
        assertThatThrownBy(() -> ResumableCheckpointListener.of(new CheckpointListener.Builder(
                Files.createDirectory(dir.resolve("twice")).toFile()).saveEveryNEpochs(1).build(), unsaved, sharedA.store(),
                El2nListener.builder(examples).atEpochs(2).build().store()))
                .hasMessageContaining("two parts share the state key scores(n=100)");
    }
}
