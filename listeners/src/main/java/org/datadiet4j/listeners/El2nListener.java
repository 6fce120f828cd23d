package org.datadiet4j.listeners;

import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.ExampleSource;
import org.datadiet4j.internal.network.NetworkView;
import org.datadiet4j.internal.scoring.BatchScores;
import org.datadiet4j.internal.scoring.ScoringContext;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Scores every training example with EL2N (Paul et al., NeurIPS 2021, §2; see
 * {@link org.datadiet4j.scores.El2n}) at the
 * epochs the user chooses, inside the user's own {@code fit} loop (see
 * {@link EpochScoringListener} for when and where scores go; the column is {@code el2n}).
 *
 * <p>The pass runs in inference mode (no dropout; batch norm uses its running statistics), in
 * large batches over the examples as training sees them (see {@link EpochScoringListener}). It only
 * reads the model: parameters, updater state and the random generator that drives dropout are left as
 * they were, so training with this listener gives the same weights, bit for bit, as training without it.
 */
public final class El2nListener extends EpochScoringListener {

    /** Examples per batch of a scoring pass unless {@code batchSize} says otherwise. */
    public static final int DEFAULT_BATCH_SIZE = 4096;

    private El2nListener(Builder builder) {
        super("el2n", builder);
    }

    /** Starts a listener that scores the examples of the iterator {@code fit} trains on, as training sees them. */
    public static Builder builder(ExampleIdIterator trainingIterator) {
        return new Builder(trainingIterator);
    }

    /** Starts a listener that scores these examples as the source gives them. */
    public static Builder builder(ExampleSource examples) {
        return new Builder(examples);
    }

    @Override
    protected void checkModel(Model model) {
        ScorableModel.requireClassProbabilities(NetworkView.of(model));
    }

    @Override
    public float[] scoreAll(Model model) {
        ScoringContext context = ScoringContext.of(model);
        float[] scores = new float[examples.size()];
        context.forEachBatch(examples, batchSize, (ids, batch) -> {
            float[] batchScores = BatchScores.el2n(context, batch.getFeatures(), batch.getLabels());
            for (int row = 0; row < ids.length; row++) {
                scores[ids[row]] = batchScores[row];
            }
        });
        return scores;
    }

    /**
     * EL2N of a stream of examples that need not fit in memory: example id = position in the
     * stream, 0..n-1. Only the n scores are held (4 bytes per example); each batch is dropped once
     * scored. The iterator must give one-hot labels and exactly n examples.
     */
    public static float[] scoreStream(Model model, DataSetIterator stream, int n) {
        ScoringContext context = ScoringContext.of(model);
        ScorableModel.requireClassProbabilities(context.network());
        float[] scores = new float[n];
        int held = context.run(() -> {
            int next = 0;
            while (stream.hasNext()) {
                DataSet batch = stream.next();
                float[] batchScores = BatchScores.el2n(context, batch.getFeatures(), batch.getLabels());
                if (next + batchScores.length > n) {
                    throw new IllegalArgumentException("the stream holds more than the " + n + " examples declared");
                }
                System.arraycopy(batchScores, 0, scores, next, batchScores.length);
                next += batchScores.length;
            }
            return next;
        });
        if (held != n) {
            throw new IllegalArgumentException("the stream held " + held + " examples, " + n + " were declared");
        }
        return scores;
    }

    /** Options of an {@link El2nListener}; the scoring batch size defaults to 4096. */
    public static final class Builder extends EpochScoringListener.Builder<Builder> {
        private Builder(ExampleSource examples) {
            super(examples, DEFAULT_BATCH_SIZE);
        }

        private Builder(ExampleIdIterator trainingIterator) {
            super(trainingIterator, DEFAULT_BATCH_SIZE);
        }

        public El2nListener build() {
            validate(0);
            return new El2nListener(this);
        }
    }
}
