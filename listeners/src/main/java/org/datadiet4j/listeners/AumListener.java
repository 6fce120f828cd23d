package org.datadiet4j.listeners;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.scores.AreaUnderMargin;
import org.datadiet4j.scores.ScoreDirection;
import org.deeplearning4j.nn.api.Model;

/**
 * The area under the margin (Pleiss et al., NeurIPS 2020; {@link AreaUnderMargin}) from the training
 * forward pass {@code fit} already computes: at every presentation the margin of the example's label
 * among the output layer's logits z = hW + b (bit for bit training's, {@link FittedLogits}), averaged over
 * the presentations up to each chosen epoch and recorded as column {@code aum}. No extra pass.
 *
 * <p>Low AUM is suspicious (a label the network votes against): {@link #hardness} and
 * {@link ScoreDirection} negate it wherever "hardest" means highest (pruning policies, the noise report).
 * Dropout inside the network is reflected as training applied it. Training is unchanged.
 */
public final class AumListener extends ForwardPassListener {

    private final AreaUnderMargin margins;

    private AumListener(Builder builder) {
        super("aum", "the area under the margin", builder);
        this.margins = new AreaUnderMargin(examples.size());
    }

    /** Starts a listener that follows the examples of this iterator, which {@code fit} must train on. */
    public static Builder builder(ExampleIdIterator iterator) {
        return new Builder(iterator);
    }

    /** The live sums and counts. */
    public AreaUnderMargin margins() {
        return margins;
    }

    @Override
    protected void record(int[] ids) {
        int classes = examples.numClasses();
        double[] row = new double[classes];
        double[] batchMargins = new double[ids.length];
        for (int r = 0; r < ids.length; r++) {
            for (int k = 0; k < classes; k++) {
                row[k] = logits.logit(r, k);
            }
            batchMargins[r] = AreaUnderMargin.margin(row, examples.label(ids[r]));
        }
        margins.record(ids, batchMargins);
    }

    @Override
    public float[] scoreAll(Model model) {
        return margins.scores();
    }

    /** −AUM: higher is harder, as pruning policies rank. */
    @Override
    public float[] hardness(float[] scores) {
        return ScoreDirection.hardness(scoreName(), scores);
    }

    @Override
    protected void writeMoreState(DataOutput out) throws IOException {
        margins.writeState(out);
    }

    @Override
    protected void readMoreState(DataInput in) throws IOException {
        margins.readState(in);
    }

    /** Options of an {@link AumListener}: the epochs after which to record the AUM so far (1 or later). */
    public static final class Builder extends EpochScoringListener.Builder<Builder> {
        private Builder(ExampleIdIterator iterator) {
            super(requireIterator(iterator), 1);
        }

        public AumListener build() {
            validate(1);
            return new AumListener(this);
        }
    }
}
