package org.datadiet4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.Examples;
import org.datadiet4j.datasets.DataSource;
import org.datadiet4j.gradients.GrandVerification;
import org.datadiet4j.listeners.El2nListener;
import org.datadiet4j.listeners.EpochScoringListener;
import org.datadiet4j.listeners.ForgettingListener;
import org.datadiet4j.listeners.GrandListener;
import org.datadiet4j.listeners.NtkVelocityListener;
import org.datadiet4j.models.ModelKind;
import org.datadiet4j.scores.ScoreStore;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;

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
     * scoring pass of each score that makes one (EL2N, GraNd), averaged over runs; the GraNd
     * self-check when asked for.
     */
    record Result(ScoreStore store, double secondsPerEpoch, Map<String, Double> secondsPerPass,
                  GrandVerification.Result verification, NtkVelocityListener ntk) {
    }

    private ScoringJob() {
    }

    static Result run(DataSource.Loaded data, Settings settings) {
        return run(data, settings, new ScoreStore(data.examples().size()));
    }

    /** As {@link #run(DataSource.Loaded, Settings)}, recording into {@code store}. */
    static Result run(DataSource.Loaded data, Settings settings, ScoreStore store) {
        Examples examples = data.examples();
        long batchesPerEpoch = (examples.size() + settings.batchSize() - 1) / settings.batchSize();
        Progress progress = Progress.onStderr("training",
                Math.max(1, batchesPerEpoch * settings.epochs() * settings.runs()));
        double epochSeconds = 0;
        int epochs = 0;
        Map<String, Double> passSeconds = new LinkedHashMap<>();
        GrandVerification.Result verification = null;
        NtkVelocityListener ntk = null;
        for (int run = 0; run < settings.runs(); run++) {
            long seed = settings.seed() + run;
            MultiLayerNetwork network = settings.model().build(examples.width(), data.height(),
                    examples.numClasses(), seed);
            EpochTimer timer = new EpochTimer();
            ExampleIdIterator iterator = examples.shuffledIterator(settings.batchSize(), seed);
            List<EpochScoringListener> scorers = scorers(iterator, store, settings);
            List<TrainingListener> listeners = new ArrayList<>();
            listeners.add(timer);
            listeners.addAll(scorers);
            listeners.add(progress);
            if (run == 0 && settings.ntkProbe() > 0) {
                // the first run's kernel; retained, as the score groups are known only after training
                ntk = NtkVelocityListener.builder(examples).randomProbe(settings.ntkProbe(), settings.seed())
                        .retainKernels().build();
                listeners.add(ntk);
            }
            network.setListeners(listeners);
            if (settings.epochs() == 0) {
                for (EpochScoringListener scorer : scorers) {
                    scorer.scoreNow(network, 0);
                }
            } else {
                network.fit(iterator, settings.epochs());
            }
            epochSeconds += timer.totalSeconds();
            epochs += timer.epochs();
            for (int s = 0; s < scorers.size(); s++) {
                if (!(scorers.get(s) instanceof ForgettingListener)) {
                    passSeconds.merge(settings.scores().get(s), scorers.get(s).lastPassSeconds() / settings.runs(),
                            Double::sum);
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
        return new Result(store, epochs == 0 ? Double.NaN : epochSeconds / epochs, passSeconds, verification, ntk);
    }

    private static List<EpochScoringListener> scorers(ExampleIdIterator iterator, ScoreStore store,
                                                      Settings settings) {
        Examples examples = iterator.examples();
        List<EpochScoringListener> scorers = new ArrayList<>();
        for (String score : settings.scores()) {
            scorers.add(switch (score) {
                case "el2n" -> El2nListener.builder(examples).atEpochs(settings.scoreEpoch()).store(store).build();
                case "grand" -> GrandListener.builder(examples).atEpochs(settings.scoreEpoch())
                        .mode(settings.grandMode()).store(store).build();
                case "forgetting" -> ForgettingListener.builder(iterator).atEpochs(settings.epochs()).store(store)
                        .build();
                default -> throw new IllegalArgumentException("no listener for score " + score);
            });
        }
        return scorers;
    }
}
