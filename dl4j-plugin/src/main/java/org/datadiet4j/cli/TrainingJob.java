package org.datadiet4j.cli;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.ExampleSource;
import org.datadiet4j.datasets.DataSource;
import org.datadiet4j.listeners.El2nListener;
import org.datadiet4j.listeners.EpochScoringListener;
import org.datadiet4j.listeners.ForgettingListener;
import org.datadiet4j.listeners.GrandListener;
import org.datadiet4j.listeners.InfoBatchListener;
import org.datadiet4j.resume.ResumableCheckpointListener;
import org.datadiet4j.resume.ResumePoint;
import org.datadiet4j.resume.Resumed;
import org.datadiet4j.metrics.DatadietMetrics;
import org.datadiet4j.metrics.TrainingState;
import org.datadiet4j.models.ModelKind;
import org.datadiet4j.pruning.EarlyPruningListener;
import org.datadiet4j.pruning.PruningDecision;
import org.datadiet4j.pruning.PruningPolicy;
import org.datadiet4j.scores.ScoreStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;

/**
 * One training run for {@code train} and {@code demo}: E epochs on all examples, on a fixed keep-set,
 * or on all examples until epoch t and then on the fraction a pruning policy keeps (early pruning
 * inside the same {@code fit} call); then test accuracy.
 */
final class TrainingJob {

    /** Early pruning: after {@code epoch}, by {@code score}, keep {@code keep} with {@code policy}. */
    record Pruning(int epoch, String score, double keep, PruningPolicy policy) {
    }

    /**
     * Dynamic pruning: {@code infobatch} with prune ratio r and anneal δ, or {@code random}, fitting a uniform
     * random {@code fittedPerEpoch[e]} examples in epoch e (the baseline).
     */
    record Dynamic(String kind, double pruneRatio, double anneal, int[] fittedPerEpoch) {
        @Override
        public String toString() {
            return kind.equals("random") ? "random" + java.util.Arrays.toString(fittedPerEpoch)
                    : kind + "(r=" + pruneRatio + ",anneal=" + anneal + ")";
        }
    }

    /**
     * @param keep    a fixed keep-set (ids) or null for all examples
     * @param pruning early pruning or null
     * @param dynamic dynamic pruning or null
     */
    record Settings(ModelKind model, int epochs, long seed, int batchSize, int[] keep, Pruning pruning,
                    Dynamic dynamic) {
        Settings(ModelKind model, int epochs, long seed, int batchSize, int[] keep, Pruning pruning) {
            this(model, epochs, seed, batchSize, keep, pruning, null);
        }
    }

    /**
     * Test accuracy, wall time of training and scoring, examples fitted in each epoch (of this process), the
     * pruning done, and the checkpoint the run resumed from (null for a fresh start); the mean wall time of a
     * training epoch of this process (its scoring pass left out; NaN without one) and that of the pruning
     * score's last scoring pass (NaN without one).
     */
    record Result(double testAccuracy, double seconds, List<Integer> examplesPerEpoch, PruningDecision decision,
                  ScoreStore store, Resumed resumed, double secondsPerEpoch,
                  double scoringPassSeconds) {
    }

    private TrainingJob() {
    }

    /** Batches the run will fit: full epochs, then epochs over the kept examples. */
    private static long expectedBatches(int n, Settings settings) {
        int visited = settings.keep() != null ? settings.keep().length : n;
        long full = (visited + settings.batchSize() - 1) / settings.batchSize();
        if (settings.pruning() == null) {
            return full * settings.epochs();
        }
        long kept = (Math.round(settings.pruning().keep() * n) + settings.batchSize() - 1) / settings.batchSize();
        return full * settings.pruning().epoch() + kept * (settings.epochs() - settings.pruning().epoch());
    }

    static Result run(DataSource.Loaded train, DataSource.Loaded test, Settings settings, Path keepSetFile) {
        return run(train, test, settings, keepSetFile, null, null, null);
    }

    /**
     * As {@link #run(DataSource.Loaded, DataSource.Loaded, Settings, Path)}, with datadiet's meters bound to
     * {@code registry} (tags job = {@code job}, model = the model's name) for the length of the run; with
     * {@code checkpoints}, a checkpoint with the listeners' state every epoch, and a resumed start from the
     * newest one there.
     */
    static Result run(DataSource.Loaded train, DataSource.Loaded test, Settings settings, Path keepSetFile,
                      MeterRegistry registry, String job, CheckpointDirectory checkpoints) {
        ExampleIdIterator iterator = train.examples().shuffledIterator(settings.batchSize(), settings.seed());
        return run(iterator, train.height(), test, settings, keepSetFile, registry, job, checkpoints);
    }

    /**
     * As {@link #run(DataSource.Loaded, DataSource.Loaded, Settings, Path, MeterRegistry, String,
     * CheckpointDirectory)}, training on the examples of {@code iterator} (in memory and reshuffled each epoch,
     * or a CSV streamed from disk in file order); {@code side} is the image side for LeNet.
     */
    static Result run(ExampleIdIterator iterator, int side, DataSource.Loaded test, Settings settings,
                      Path keepSetFile, MeterRegistry registry, String job, CheckpointDirectory checkpoints) {
        ExampleSource examples = iterator.examples();
        long start = System.nanoTime();
        if (settings.keep() != null) {
            iterator.keepOnly(settings.keep());
        }
        List<Integer> perEpoch = new ArrayList<>();
        List<TrainingListener> listeners = new ArrayList<>();
        // first: its clock stops before the end-of-epoch scoring pass starts
        EpochTimer timer = new EpochTimer();
        listeners.add(timer);
        listeners.add(new BaseTrainingListener() {
            @Override
            public void onEpochStart(Model model) {
                perEpoch.add(iterator.visitingCount());
            }
        });
        ScoreStore store = new ScoreStore(examples.size());
        TrainingState state = new TrainingState();
        listeners.add(state);
        DatadietMetrics.Builder metrics = DatadietMetrics.builder(job == null ? "datadiet" : job,
                settings.model().cliName()).training(state);
        EarlyPruningListener pruner = null;
        EpochScoringListener scorer = null;
        if (settings.pruning() != null) {
            Pruning pruning = settings.pruning();
            scorer = switch (pruning.score()) {
                case "el2n" -> El2nListener.builder(iterator).atEpochs(pruning.epoch()).store(store).build();
                case "grand" -> GrandListener.builder(iterator).atEpochs(pruning.epoch()).store(store).build();
                case "forgetting" -> ForgettingListener.builder(iterator).atEpochs(pruning.epoch()).store(store).build();
                default -> throw new IllegalArgumentException("no scoring listener for " + pruning.score());
            };
            if (scorer instanceof ForgettingListener) {
                listeners.add(scorer);
            }
            pruner = EarlyPruningListener.builder(iterator, scorer).atEpoch(pruning.epoch()).keep(pruning.keep())
                    .policy(pruning.policy()).writeKeepSetTo(keepSetFile).build();
            listeners.add(pruner);
            metrics.scores(scorer);
        }
        metrics.pruning(iterator, pruner);
        if (settings.dynamic() != null) {
            Dynamic dynamic = settings.dynamic();
            if (dynamic.kind().equals("infobatch")) {
                InfoBatchListener infoBatch = InfoBatchListener.builder(iterator).pruneRatio(dynamic.pruneRatio())
                        .anneal(dynamic.anneal()).epochs(settings.epochs()).seed(settings.seed()).build();
                listeners.add(infoBatch);
                metrics.dynamic(infoBatch);
            } else {
                listeners.add(new RandomDropListener(iterator, dynamic.fittedPerEpoch(), settings.seed()));
            }
        }
        listeners.add(Progress.onStderr("training", expectedBatches(examples.size(), settings)));
        ResumePoint point = checkpoints == null ? null : checkpoints.latest().orElse(null);
        MultiLayerNetwork network = point != null ? CheckpointDirectory.load(point)
                : settings.model().build(examples.width(), side, examples.numClasses(), settings.seed());
        if (checkpoints != null) {
            File attempt = checkpoints.newAttempt();
            // the pruner and its scorer hold the iterator too; without them only this names it
            listeners.add(ResumableCheckpointListener.builder(checkpoints.checkpointsInto(attempt), attempt)
                    .alsoSave(iterator).build());
        }
        network.setListeners(listeners);
        Resumed resumed = point == null ? null : CheckpointDirectory.restore(point, network);
        try (DatadietMetrics bound = metrics.build()) {
            if (registry != null) {
                bound.bindTo(registry);
            }
            int remaining = resumed == null ? settings.epochs() : resumed.remainingEpochs(settings.epochs());
            if (remaining > 0) {
                network.fit(iterator, remaining);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double accuracy = network.evaluate(test.examples().iterator(2048)).accuracy();
        return new Result(accuracy, seconds, perEpoch, pruner == null ? null : pruner.decision(), store, resumed,
                timer.epochs() == 0 ? Double.NaN : timer.totalSeconds() / timer.epochs(),
                scorer == null ? Double.NaN : scorer.lastPassSeconds());
    }
}
