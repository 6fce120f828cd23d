package org.datadiet4j.listeners;

import java.util.List;
import java.util.Map;
import org.datadiet4j.data.ExampleIdIterator;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A scoring listener that counts from the training forward pass itself (no pass of its own): in each
 * batch of an epoch it gets the example ids of the rows being fitted and the output layer's logits of
 * that pass ({@link FittedLogits}), and keeps per-example counters that {@link #scoreAll} reads.
 */
abstract class ForwardPassListener extends EpochScoringListener {

    /** The logits of the batch being fitted, by row. */
    protected final FittedLogits logits;
    private final String purpose;
    private boolean inEpoch;

    /** @param purpose what the logits are for, named when the model has no dense output layer */
    ForwardPassListener(String scoreName, String purpose, Builder<?> builder) {
        super(scoreName, builder);
        this.purpose = purpose;
        this.logits = FittedLogits.sharedBy(builder.fittedIterator().fittedBatchIds());
    }

    /** Records the batch just fitted: row r of {@link #logits} is example {@code ids[r]}. */
    protected abstract void record(int[] ids);

    @Override
    protected void checkModel(Model model) {
        logits.adopt(model, purpose);
    }

    @Override
    public void onEpochStart(Model model) {
        super.onEpochStart(model);
        inEpoch = true;
    }

    @Override
    public void onEpochEnd(Model model) {
        inEpoch = false;
        super.onEpochEnd(model);
    }

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
        if (inEpoch) {
            record(logits.of(model, activations));
        }
    }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
        if (inEpoch) {
            record(logits.of(model, activations));
        }
    }

    /** Checks that the listener is built on the id-stamping iterator {@code fit} trains on. */
    static ExampleIdIterator requireIterator(ExampleIdIterator iterator) {
        if (iterator == null) {
            throw new IllegalArgumentException("the id-stamping iterator that fit trains on must not be null");
        }
        return iterator;
    }
}
