package org.datadiet4j.cli;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.Examples;
import org.datadiet4j.datasets.DataSource;
import org.datadiet4j.internal.gradients.GrandVerification;
import org.datadiet4j.listeners.AumListener;
import org.datadiet4j.listeners.El2nListener;
import org.datadiet4j.listeners.EpochScoringListener;
import org.datadiet4j.listeners.ForgettingListener;
import org.datadiet4j.listeners.GrandListener;
import org.datadiet4j.io.InvalidInputException;
import org.datadiet4j.listeners.NtkVelocityListener;
import org.datadiet4j.resume.ResumableCheckpointListener;
import org.datadiet4j.models.ModelKind;
import org.datadiet4j.scores.ScoreStore;
import org.datadiet4j.resume.Resumable;
import org.datadiet4j.resume.ResumePoint;
import org.datadiet4j.resume.Resumed;
import org.datadiet4j.internal.state.StateFile;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.optimize.listeners.CheckpointListener;

/**
 * Trains R independent runs (run r: weights and data order from seed + r) for E epochs, scores
 * every example with EL2N and GraNd after epoch T (T = 0: at initialisation) and records the
 * forgetting events counted over all E epochs; the store averages the runs.
 */
final class ScoringJob {

    /** How to train and score. */
    record Settings(ModelKind model, int epochs, int scoreEpoch, int runs, long seed, int batchSize,
                    List<String> scores, GrandListener.Mode grandMode, int verify, int ntkProbe) {
    }

    /**
     * The scores and what they cost: seconds per training epoch (NaN without training) and per
     * scoring pass of each score that makes one (EL2N, GraNd), averaged over the {@code timedRuns} runs
     * this process did (all, unless it resumed a job); the GraNd
     * self-check when asked for.
     */
    record Result(ScoreStore store, double secondsPerEpoch, Map<String, Double> secondsPerPass, int timedRuns,
                  GrandVerification.Result verification, NtkVelocityListener ntk) {
    }

    private ScoringJob() {
    }

    /** Trains and scores, recording into {@code store}. */
    static Result run(DataSource.Loaded data, Settings settings, ScoreStore store) {
        return run(data, settings, store, null, null);
    }

    /**
     * As {@link #run(DataSource.Loaded, Settings, ScoreStore)}; with {@code checkpoints}, saves a checkpoint with
     * the listeners' state every epoch (and every N iterations if asked) and first resumes from the
     * newest one there, so a job killed and started again ends with the same scores.
     */
    static Result run(DataSource.Loaded data, Settings settings, ScoreStore store, CheckpointDirectory checkpoints,
                      PrintWriter report) {
        return run(data, settings, store, checkpoints, report, null);
    }

    /** As {@link #run(DataSource.Loaded, Settings, ScoreStore, CheckpointDirectory, PrintWriter)}, saving each run's
     * scored model into {@code models} when it is not null. */
    static Result run(DataSource.Loaded data, Settings settings, ScoreStore store, CheckpointDirectory checkpoints,
                      PrintWriter report, ScoredModels models) {
        Examples examples = data.examples();
        long batchesPerEpoch = (examples.size() + settings.batchSize() - 1) / settings.batchSize();
        Progress progress = Progress.onStderr("training",
                Math.max(1, batchesPerEpoch * settings.epochs() * settings.runs()));
        double epochSeconds = 0;
        int epochs = 0;
        Map<String, Double> passSeconds = new LinkedHashMap<>();
        GrandVerification.Result verification = null;
        // the first run's kernel; retained, as the score groups are known only after training
        NtkVelocityListener ntk = settings.ntkProbe() == 0 ? null : NtkVelocityListener.builder(examples)
                .randomProbe(settings.ntkProbe(), settings.seed()).retainKernels().build();
        RunCounter job = new RunCounter();
        ResumePoint resumeFrom = checkpoints == null ? null : checkpoints.latest().orElse(null);
        File attempt = checkpoints == null || settings.epochs() == 0 ? null : checkpoints.newAttempt();
        CheckpointListener checkpointListener = attempt == null ? null : checkpoints.checkpointsInto(attempt);
        int firstRun = 0;
        if (resumeFrom != null) {
            try {
                StateFile.readOne(resumeFrom.stateFile(), job);
            } catch (IOException e) {
                throw new InvalidInputException("cannot resume: " + e.getMessage());
            }
            firstRun = job.run;
        }
        for (int run = firstRun; run < settings.runs(); run++) {
            long seed = settings.seed() + run;
            ExampleIdIterator iterator = examples.shuffledIterator(settings.batchSize(), seed);
            List<EpochScoringListener> scorers = scorers(iterator, store, settings);
            MultiLayerNetwork network = resumeFrom != null ? CheckpointDirectory.load(resumeFrom)
                    : settings.model().build(examples.width(), data.height(), examples.numClasses(), seed);
            job.run = run;
            EpochTimer timer = new EpochTimer();
            List<TrainingListener> listeners = new ArrayList<>();
            listeners.add(timer);
            listeners.addAll(scorers);
            listeners.add(progress);
            if (run == 0 && ntk != null) {
                listeners.add(ntk);
            }
            if (models != null && settings.epochs() > 0) {
                listeners.add(models.saverFor(run, settings.scoreEpoch()));
            }
            if (checkpointListener != null) {
                // the run counter, and the kernel series of run 0 in the later runs, are no registered listener's
                ResumableCheckpointListener.Builder saver = ResumableCheckpointListener.builder(checkpointListener,
                        attempt).alsoSave(job);
                if (ntk != null) {
                    saver.alsoSave(ntk);
                }
                listeners.add(saver.build());
            }
            network.setListeners(listeners);
            int remaining = settings.epochs();
            if (resumeFrom != null) {
                // the saved run comes first; runs before it are already in the restored store
                Resumed resumed = CheckpointDirectory.restore(resumeFrom, network);
                remaining = resumed.remainingEpochs(settings.epochs());
                report.printf("run %d: ", run + 1);
                CheckpointDirectory.reportResume(report, resumed);
                resumeFrom = null;
            }
            if (settings.epochs() == 0) {
                for (EpochScoringListener scorer : scorers) {
                    scorer.scoreNow(network, 0);
                }
                if (models != null) {
                    models.save(run, network);
                }
            } else if (remaining > 0) {
                network.fit(iterator, remaining);
            }
            if (models != null && !java.nio.file.Files.isRegularFile(models.file(run))) {
                // a job resumed after this run's scoring epoch, first started without --save-models
                report.printf("run %d: its model was not saved (the job resumed after epoch %d, when it was scored)%n",
                        run + 1, settings.scoreEpoch());
            }
            epochSeconds += timer.totalSeconds();
            epochs += timer.epochs();
            for (int s = 0; s < scorers.size(); s++) {
                if (!(scorers.get(s) instanceof ForgettingListener)) {
                    passSeconds.merge(settings.scores().get(s), scorers.get(s).lastPassSeconds(), Double::sum);
                }
            }
            if (run == settings.runs() - 1 && settings.verify() > 0) {
                for (EpochScoringListener scorer : scorers) {
                    if (scorer instanceof GrandListener grand) {
                        verification = grand.verify(network, settings.verify(), settings.seed());
                    }
                }
            }
        }
        int timedRuns = settings.runs() - firstRun;
        passSeconds.replaceAll((score, total) -> total / timedRuns);
        return new Result(store, epochs == 0 ? Double.NaN : epochSeconds / epochs, passSeconds, timedRuns, verification,
                ntk);
    }

    /** Which of the R runs a checkpoint belongs to. */
    private static final class RunCounter implements Resumable {
        int run;

        @Override
        public String stateKey() {
            return "score-job";
        }

        @Override
        public void writeState(DataOutput out) throws IOException {
            out.writeInt(run);
        }

        @Override
        public void readState(DataInput in) throws IOException {
            run = in.readInt();
        }
    }

    private static List<EpochScoringListener> scorers(ExampleIdIterator iterator, ScoreStore store,
                                                      Settings settings) {
        List<EpochScoringListener> scorers = new ArrayList<>();
        for (String score : settings.scores()) {
            scorers.add(switch (score) {
                case "el2n" -> El2nListener.builder(iterator).atEpochs(settings.scoreEpoch()).store(store).build();
                case "grand" -> GrandListener.builder(iterator).atEpochs(settings.scoreEpoch())
                        .mode(settings.grandMode()).store(store).build();
                case "forgetting" -> ForgettingListener.builder(iterator).atEpochs(settings.epochs()).store(store)
                        .build();
                case "aum" -> AumListener.builder(iterator).atEpochs(settings.epochs()).store(store).build();
                default -> throw new IllegalArgumentException("no listener for score " + score);
            });
        }
        return scorers;
    }
}
