package org.datadiet4j.listeners;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.scores.ForgettingTracker;
import org.datadiet4j.scores.ScoreStore;
import org.deeplearning4j.nn.api.Model;

/**
 * Counts forgetting events (Toneva et al., ICLR 2019; see {@link ForgettingTracker}) from the
 * training-mode forward pass that {@code fit} already computes: no extra forward pass.
 *
 * <p>DL4J hands {@code onForwardPass} the activations up to the input h of the output layer; the
 * prediction of each row is arg max(hW + b), the class with the highest output (softmax keeps the
 * order; {@link AffineArgMax}: the same BLAS product as training, so the same logits, costing
 * about 1 % of a single-threaded MLP epoch's CPU in the overhead benchmark), compared with the label of the example id the id-stamping iterator reports for that row
 * ({@link org.datadiet4j.data.FittedBatchIds}). Dropout inside the network is reflected as training applied it; dropout
 * on the output layer's own input is not (DL4J applies it inside that layer).
 *
 * <p>At the chosen epochs (1 or later) the counts so far are recorded as column {@code forgetting}
 * (+∞ for examples never learned, so they rank highest) and {@code ever_learned} (1 or 0; over R
 * runs, the fraction of runs). Recording only reads counters; training is unchanged.
 */
public final class ForgettingListener extends ForwardPassListener {

    private final ForgettingTracker tracker;
    private int epoch;

    private ForgettingListener(Builder builder) {
        super("forgetting", "counting forgetting events", builder);
        this.tracker = new ForgettingTracker(examples.size());
    }

    /** Starts a listener that follows the examples of this iterator, which {@code fit} must train on. */
    public static Builder builder(ExampleIdIterator iterator) {
        return new Builder(iterator);
    }

    /** The live counts. */
    public ForgettingTracker tracker() {
        return tracker;
    }

    @Override
    public void onEpochStart(Model model) {
        super.onEpochStart(model);
        epoch = logits.network().epochCount() + 1;
    }

    @Override
    protected void record(int[] ids) {
        int[] predicted = logits.predicted();
        int[] labels = new int[ids.length];
        for (int row = 0; row < ids.length; row++) {
            labels[row] = examples.label(ids[row]);
        }
        tracker.record(ids, predicted, labels, epoch);
    }

    @Override
    public float[] scoreAll(Model model) {
        return tracker.scores();
    }

    @Override
    protected boolean infinityIsAScore() {
        return true;
    }

    @Override
    protected void writeMoreState(DataOutput out) throws IOException {
        tracker.writeState(out);
    }

    @Override
    protected void readMoreState(DataInput in) throws IOException {
        tracker.readState(in);
    }

    @Override
    protected void recordMoreColumns(ScoreStore store, int epoch) {
        store.record(columnName("ever_learned", epoch), tracker.everLearned());
    }

    /** Options of a {@link ForgettingListener}: the epochs after which to record the counts (1 or later). */
    public static final class Builder extends EpochScoringListener.Builder<Builder> {
        private Builder(ExampleIdIterator iterator) {
            super(requireIterator(iterator), 1);
        }

        public ForgettingListener build() {
            validate(1);
            return new ForgettingListener(this);
        }
    }
}
