package org.datadiet4j.listeners;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.datadiet4j.data.Examples;
import org.datadiet4j.scores.El2n;
import org.datadiet4j.scores.ScoreStore;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores every training example with EL2N (Paul et al., NeurIPS 2021, §2; see {@link El2n}) at the
 * epochs the user chooses, inside the user's own {@code fit} loop.
 *
 * <p>"At epoch e" means after e complete epochs of training (epoch 0: at initialisation, before
 * the first batch). The scoring pass runs at the end of the epoch, after the last parameter update,
 * in inference mode (no dropout; batch norm uses its running statistics), in large batches over
 * the examples in id order. It only reads the model: parameters, updater state and the random
 * generator that drives dropout are left as they were, so training with this listener gives the
 * same weights, bit for bit, as training without it.
 *
 * <p>Scores go into a {@link ScoreStore}; pass the same store to the listeners of several
 * independent runs to average over runs. The column is {@code el2n} when one epoch is chosen and
 * {@code el2n_e<epoch>} per epoch otherwise.
 */
public final class El2nListener extends BaseTrainingListener {

    private static final Logger log = LoggerFactory.getLogger(El2nListener.class);

    private final Examples examples;
    private final int[] epochs;
    private final int batchSize;
    private final ScoreStore store;
    private boolean outputChecked;
    private int lastScoredEpoch = -1;
    private double lastPassSeconds = Double.NaN;

    private El2nListener(Builder builder) {
        this.examples = builder.examples;
        this.epochs = builder.epochs;
        this.batchSize = builder.batchSize;
        this.store = builder.store != null ? builder.store : new ScoreStore(examples.size());
    }

    /** Starts a listener that scores these examples (usually the training set). */
    public static Builder builder(Examples examples) {
        return new Builder(examples);
    }

    @Override
    public void onEpochStart(Model model) {
        if (!outputChecked) {
            Networks.requireClassProbabilities(model);
            outputChecked = true;
        }
        if (Networks.epochCount(model) == 0 && wants(0)) {
            score(model, 0);
        }
    }

    @Override
    public void onEpochEnd(Model model) {
        int completed = Networks.epochCount(model) + 1;
        if (wants(completed)) {
            score(model, completed);
        }
    }

    private boolean wants(int epoch) {
        return epoch != lastScoredEpoch && Arrays.stream(epochs).anyMatch(e -> e == epoch);
    }

    /** Scores every example now and records the result as this listener's column for {@code epoch}. */
    private void score(Model model, int epoch) {
        long start = System.nanoTime();
        float[] scores = scoreAll(model);
        lastPassSeconds = (System.nanoTime() - start) / 1e9;
        lastScoredEpoch = epoch;
        store.record(columnName(epoch), scores);
        log.info("EL2N at epoch {}: {} examples scored in {} s", epoch, scores.length,
                String.format("%.3f", lastPassSeconds));
    }

    /** EL2N of every example under the model's current parameters, by example id. */
    public float[] scoreAll(Model model) {
        int n = examples.size();
        float[] scores = new float[n];
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(from + batchSize, n);
                DataSet batch = examples.range(from, to);
                INDArray probabilities = Networks.probabilities(model, batch.getFeatures());
                float[] batchScores = El2n.perExample(probabilities, batch.getLabels());
                System.arraycopy(batchScores, 0, scores, from, batchScores.length);
            }
        }
        return scores;
    }

    /** The store column that holds the scores of {@code epoch}. */
    public String columnName(int epoch) {
        return epochs.length == 1 ? "el2n" : "el2n_e" + epoch;
    }

    public ScoreStore store() {
        return store;
    }

    /** Wall time of the last scoring pass in seconds (NaN before the first). */
    public double lastPassSeconds() {
        return lastPassSeconds;
    }

    /** Options of an {@link El2nListener}. */
    public static final class Builder {
        private final Examples examples;
        private int[] epochs;
        private int batchSize = 4096;
        private ScoreStore store;

        private Builder(Examples examples) {
            if (examples == null) {
                throw new IllegalArgumentException("examples to score must not be null");
            }
            this.examples = examples;
        }

        /** Epochs after which to score (0 = at initialisation); at least one, none negative. */
        public Builder atEpochs(int... epochs) {
            this.epochs = epochs.clone();
            return this;
        }

        /** Examples per inference batch of the scoring pass (default 4096). */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** The store to record into; share one between runs to average over them. */
        public Builder store(ScoreStore store) {
            this.store = store;
            return this;
        }

        public El2nListener build() {
            if (epochs == null || epochs.length == 0) {
                throw new IllegalArgumentException("choose the epochs to score at with atEpochs(...), e.g. atEpochs(2)");
            }
            int[] sorted = Arrays.stream(epochs).sorted().distinct().toArray();
            if (sorted.length != epochs.length || sorted[0] < 0) {
                throw new IllegalArgumentException("epochs to score at must be distinct and >= 0, got "
                        + Arrays.stream(epochs).mapToObj(Integer::toString).collect(Collectors.joining(", ")));
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("scoring batch size must be at least 1, got " + batchSize);
            }
            if (store != null && store.size() != examples.size()) {
                throw new IllegalArgumentException("the store holds " + store.size() + " examples but "
                        + examples.size() + " are to be scored");
            }
            epochs = sorted;
            return new El2nListener(this);
        }
    }
}
