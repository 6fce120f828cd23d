package org.datadiet4j.cli;

import org.datadiet4j.data.Examples;
import org.datadiet4j.datasets.DataSource;
import org.datadiet4j.listeners.El2nListener;
import org.datadiet4j.models.ModelKind;
import org.datadiet4j.scores.ScoreStore;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Trains R independent runs (run r: weights and data order from seed + r) for E epochs and scores
 * every example at the end of epoch E; the store averages the runs.
 */
final class ScoringJob {

    /** How to train and score. */
    record Settings(ModelKind model, int epochs, int runs, long seed, int batchSize, int scoringBatchSize) {
    }

    /** The scores and what they cost: seconds per training epoch and per scoring pass, averaged. */
    record Result(ScoreStore store, double secondsPerEpoch, double secondsPerScoringPass) {
        /** Cost of one scoring pass in training epochs. */
        double scoringToEpochRatio() {
            return secondsPerScoringPass / secondsPerEpoch;
        }
    }

    private ScoringJob() {
    }

    static Result run(DataSource.Loaded data, Settings settings) {
        Examples examples = data.examples();
        ScoreStore store = new ScoreStore(examples.size());
        long batchesPerEpoch = (examples.size() + settings.batchSize() - 1) / settings.batchSize();
        Progress progress = Progress.onStderr("training", batchesPerEpoch * settings.epochs() * settings.runs());
        double epochSeconds = 0;
        double scoringSeconds = 0;
        int epochs = 0;
        for (int run = 0; run < settings.runs(); run++) {
            long seed = settings.seed() + run;
            MultiLayerNetwork network = settings.model().build(inputWidth(examples), data.height(),
                    examples.numClasses(), seed);
            EpochTimer timer = new EpochTimer();
            El2nListener el2n = El2nListener.builder(examples).atEpochs(settings.epochs())
                    .batchSize(settings.scoringBatchSize()).store(store).build();
            network.setListeners(timer, el2n, progress);
            network.fit(examples.shuffledIterator(settings.batchSize(), seed), settings.epochs());
            epochSeconds += timer.totalSeconds();
            epochs += timer.epochs();
            scoringSeconds += el2n.lastPassSeconds();
        }
        return new Result(store, epochSeconds / epochs, scoringSeconds / settings.runs());
    }

    private static int inputWidth(Examples examples) {
        long width = 1;
        for (long d : examples.exampleShape()) {
            width *= d;
        }
        return Math.toIntExact(width);
    }
}
