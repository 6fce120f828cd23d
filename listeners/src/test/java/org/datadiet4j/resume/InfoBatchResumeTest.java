package org.datadiet4j.resume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.Examples;
import org.datadiet4j.listeners.AumListener;
import org.datadiet4j.listeners.InfoBatchListener;
import org.datadiet4j.listeners.TestNets;
import org.datadiet4j.listeners.WeightedLoss;
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
 * InfoBatch and AUM interrupted in the middle of a pruned epoch and resumed from the checkpoint into a
 * model loaded from disk (whose configuration carries the weighted loss) and fresh listeners: weights,
 * losses, keep-sets and AUM end bit for bit as in the run never interrupted.
 */
class InfoBatchResumeTest {

    private static final int EPOCHS = 6;

    @TempDir
    Path dir;

    private record Job(ExampleIdIterator iterator, InfoBatchListener infoBatch, AumListener aum) {
        static Job of(Examples examples) {
            ExampleIdIterator iterator = examples.shuffledIterator(32, 5);
            return new Job(iterator, InfoBatchListener.builder(iterator).epochs(EPOCHS).seed(7).build(),
                    AumListener.builder(iterator).atEpochs(EPOCHS).build());
        }

        List<TrainingListener> listeners() {
            return new ArrayList<>(List.of(infoBatch, aum));
        }
    }

    private static final class Crash extends BaseTrainingListener {
        private final int at;

        Crash(int at) {
            this.at = at;
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            if (iteration + 1 == at) {
                throw new IllegalStateException("crash at iteration " + at);
            }
        }
    }

    @Test
    void resumedMidEpochTrainsAsTheUninterruptedRun() throws IOException {
        Examples examples = TestNets.blobs(400, 8, 3, 21, DataType.FLOAT);
        Job uninterrupted = Job.of(examples);
        MultiLayerNetwork reference = TestNets.mlp(8, 3, 77, 0.0);
        reference.setListeners(uninterrupted.listeners());
        reference.fit(uninterrupted.iterator(), EPOCHS);
        assertThat(uninterrupted.infoBatch().examplesSkipped()).isPositive();

        File first = Files.createDirectory(dir.resolve("first")).toFile();
        Job crashed = Job.of(examples);
        List<TrainingListener> listeners = crashed.listeners();
        listeners.add(new Crash(40));
        listeners.add(ResumableCheckpointListener.builder(
                new CheckpointListener.Builder(first).saveEveryNIterations(5).build(), first).build());
        MultiLayerNetwork interrupted = TestNets.mlp(8, 3, 77, 0.0);
        interrupted.setListeners(listeners);
        assertThatThrownBy(() -> interrupted.fit(crashed.iterator(), EPOCHS)).hasMessageContaining("crash at iteration 40");

        ResumePoint point = ResumePoints.latest(first).orElseThrow();
        MultiLayerNetwork loaded = point.loadMultiLayerNetwork();
        assertThat(((org.deeplearning4j.nn.conf.layers.BaseOutputLayer) loaded.getOutputLayer().conf().getLayer())
                .getLossFn()).isInstanceOf(WeightedLoss.class);
        Nd4j.getRandom().setSeed(987654321L);
        Job resumed = Job.of(examples);
        File second = Files.createDirectory(dir.resolve("second")).toFile();
        List<TrainingListener> again = resumed.listeners();
        again.add(ResumableCheckpointListener.builder(
                new CheckpointListener.Builder(second).saveEveryNEpochs(1).build(), second).build());
        loaded.setListeners(again);
        Resumed at = point.restore(loaded);
        assertThat(at.midEpoch()).isTrue();
        // the crash came after the first (unpruned) epoch: the checkpoint is inside a pruned one
        assertThat(at.epochsCompleted()).isPositive();
        loaded.fit(resumed.iterator(), at.remainingEpochs(EPOCHS));

        assertThat(resumed.infoBatch().losses()).containsExactly(uninterrupted.infoBatch().losses());
        assertThat(resumed.infoBatch().weights()).containsExactly(uninterrupted.infoBatch().weights());
        assertThat(resumed.infoBatch().examplesSkipped()).isEqualTo(uninterrupted.infoBatch().examplesSkipped());
        assertThat(resumed.aum().store().column("aum").means())
                .containsExactly(uninterrupted.aum().store().column("aum").means());
        assertThat(loaded.params().toFloatVector()).containsExactly(reference.params().toFloatVector());
    }
}
