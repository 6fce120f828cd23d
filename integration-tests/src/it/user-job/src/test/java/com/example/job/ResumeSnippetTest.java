package com.example.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Path;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.ExampleIds;
import org.datadiet4j.listeners.El2nListener;
import org.datadiet4j.listeners.ForgettingListener;
import org.datadiet4j.pruning.EarlyPruningListener;
import org.datadiet4j.resume.ResumableCheckpointListener;
import org.datadiet4j.resume.ResumePoint;
import org.datadiet4j.resume.ResumePoints;
import org.datadiet4j.resume.Resumed;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.listeners.CheckpointListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * docs/resume.md, run as a user's job: it crashes in epoch 4 (its data source fails), a fresh job
 * resumes from the last checkpoint, and it ends bit-identical to a job that never crashed.
 */
class ResumeSnippetTest {

    @TempDir
    Path temp;

    /** The job's listeners, built the same way in every process. */
    private record Job(ExampleIdIterator data, El2nListener el2n, ForgettingListener forgetting,
            EarlyPruningListener pruner) {

        static Job build(DataSetIterator trainIter) {
            ExampleIdIterator data = ExampleIds.wrap(trainIter);
            El2nListener el2n = El2nListener.builder(data).atEpochs(2).build();
            ForgettingListener forgetting = ForgettingListener.builder(data).atEpochs(20).build();
            EarlyPruningListener pruner = EarlyPruningListener.builder(data, el2n).atEpoch(2).keep(0.5).build();
            return new Job(data, el2n, forgetting, pruner);
        }
    }

    /** The 56th batch the job's normaliser sees throws, as a data source that goes away would. */
    private static DataSetIterator failingAfter(DataSetIterator trainIter, int batches) {
        DataSetPreProcessor normalizer = trainIter.getPreProcessor();
        int[] seen = {0};
        trainIter.setPreProcessor(batch -> {
            if (++seen[0] > batches) {
                throw new IllegalStateException("the data source went away");
            }
            normalizer.preProcess(batch);
        });
        return trainIter;
    }

    @Test
    void aJobThatCrashedResumesBitIdenticallyToOneThatDidNot() throws Exception {
        // the reference: the same job, never interrupted
        Job reference = Job.build(UserData.trainIterator());
        MultiLayerNetwork uninterrupted = UserModels.mlp(5);
        uninterrupted.setListeners(reference.el2n(), reference.forgetting(), reference.pruner());
        uninterrupted.fit(reference.data(), 20);

        File dir = temp.resolve("checkpoints").toFile();
        dir.mkdirs();
        Job first = Job.build(failingAfter(UserData.trainIterator(), 55));
        MultiLayerNetwork crashing = UserModels.mlp(5);
        assertThatThrownBy(() -> trainUntilTheCrash(crashing, first, dir))
                .hasStackTraceContaining("the data source went away");
        assertThat(crashing.getEpochCount()).isEqualTo(3);

        File newDir = temp.resolve("checkpoints-2").toFile();
        newDir.mkdirs();
        CheckpointListener newCheckpoints = new CheckpointListener.Builder(newDir).saveEveryNEpochs(1)
                .keepLast(3).build();
        Job second = Job.build(UserData.trainIterator());
        EarlyPruningListener pruner = second.pruner();
        ForgettingListener forgetting = second.forgetting();
        El2nListener el2n = second.el2n();
        ExampleIdIterator data = second.data();

        // snippet: resume-restore
        // a fresh process builds the same iterator and listeners, then
        ResumePoint point = ResumePoints.latest(dir).orElseThrow();
        MultiLayerNetwork model = point.loadMultiLayerNetwork();                  // or loadComputationGraph()
        model.setListeners(pruner, forgetting, el2n,                              // in any order
                ResumableCheckpointListener.builder(newCheckpoints, newDir).build());
        Resumed at = point.restore(model);                                        // state, counters, random state
        model.fit(data, at.remainingEpochs(20));                                  // continues mid-epoch if it stopped there
        // end snippet

        assertThat(at.epochsCompleted()).isEqualTo(3);
        assertThat(model.params().data().asFloat()).containsExactly(uninterrupted.params().data().asFloat());
        assertThat(el2n.store().column("el2n").means())
                .containsExactly(reference.el2n().store().column("el2n").means());
        assertThat(forgetting.store().column("forgetting").means())
                .containsExactly(reference.forgetting().store().column("forgetting").means());
        assertThat(pruner.decision().kept()).containsExactly(reference.pruner().decision().kept());
        assertThat(data.visiting()).containsExactly(reference.data().visiting());
    }

    private static void trainUntilTheCrash(MultiLayerNetwork model, Job job, File dir) {
        El2nListener el2n = job.el2n();
        ForgettingListener forgetting = job.forgetting();
        EarlyPruningListener pruner = job.pruner();
        ExampleIdIterator data = job.data();
        // snippet: resume-save
        CheckpointListener checkpoints = new CheckpointListener.Builder(dir).saveEveryNEpochs(1)
                .saveEveryNIterations(500).keepLast(3).build();
        model.setListeners(el2n, forgetting, pruner,
                ResumableCheckpointListener.builder(checkpoints, dir).build()); // last; it finds the rest
        model.fit(data, 20);
        // end snippet
    }
}
