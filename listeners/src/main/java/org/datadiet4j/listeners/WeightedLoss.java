package org.datadiet4j.listeners;

import java.util.Arrays;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A loss function that weights each example of a batch: with row weights w set for the batch being
 * fitted ({@link #weighRows}), the score of row i is w_i ℓ_i and its gradient with respect to the
 * pre-activation is w_i ∂ℓ_i/∂z_i, ℓ being the wrapped loss; the batch score is Σ w_i ℓ_i (divided by
 * the rows when averaged). Without row weights, or when every weight is 1, every call goes to the
 * wrapped loss unchanged, so training is bit for bit that of the wrapped loss.
 *
 * <p>Why a wrapper: DL4J 1.0.0-M2.1 has no per-example loss weight; a labels mask with values other
 * than 0 and 1 multiplies the pre-activations instead (measured: gradients off by up to 0.68).
 *
 * <p>It serialises with the network's configuration as DL4J's own losses do (JSON, {@code @class} and
 * the wrapped loss as property {@code inner}; Java serialisation too); the row weights are transient,
 * so a network loaded from a checkpoint trains unweighted until a listener sets them again
 * ({@link InfoBatchListener} binds itself to a loaded wrapper). Rows only: a loss over 2-d [batch, out]
 * pre-activations; not thread-safe (one training thread sets and reads the weights).
 */
public final class WeightedLoss implements ILossFunction {

    private static final long serialVersionUID = 1L;

    @JsonProperty("inner")
    private final ILossFunction inner;
    @JsonIgnore
    private transient double[] rowWeights;

    /** Weights the examples of {@code inner}, a loss of DL4J's or of the user's. */
    @JsonCreator
    public WeightedLoss(@JsonProperty("inner") ILossFunction inner) {
        if (inner == null) {
            throw new IllegalArgumentException("the loss to weight must not be null");
        }
        if (inner instanceof WeightedLoss) {
            throw new IllegalArgumentException("the loss is weighted already: wrap the plain loss once");
        }
        this.inner = inner;
    }

    /** The loss being weighted. */
    public ILossFunction inner() {
        return inner;
    }

    /**
     * Weights for the rows of the next batches (row order of the batch), until {@link #clearRows()};
     * null, or all ones, for the wrapped loss unchanged. The array is used as given: do not modify it.
     */
    public void weighRows(double[] weights) {
        boolean allOnes = weights == null || Arrays.stream(weights).allMatch(w -> w == 1.0);
        this.rowWeights = allOnes ? null : weights;
    }

    /** Back to the wrapped loss unchanged. */
    public void clearRows() {
        rowWeights = null;
    }

    /** The row weights in force, null when none (the wrapped loss unchanged). */
    public double[] rowWeights() {
        return rowWeights;
    }

    private INDArray weightColumn(INDArray labels, INDArray like) {
        if (labels.rank() != 2 || labels.size(0) != rowWeights.length) {
            throw new IllegalStateException("the weighted loss holds " + rowWeights.length + " row weights but the"
                    + " labels are " + Arrays.toString(labels.shape()) + ": weights are set per batch of [batch, out]"
                    + " rows by the listener that knows the batch's example ids");
        }
        return Nd4j.createFromArray(rowWeights).castTo(like.dataType()).reshape(rowWeights.length, 1);
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        if (rowWeights == null) {
            return inner.computeScore(labels, preOutput, activationFn, mask, average);
        }
        double[] perRow = inner.computeScoreArray(labels, preOutput, activationFn, mask).toDoubleVector();
        double score = 0;
        for (int r = 0; r < perRow.length; r++) {
            score += rowWeights[r] * perRow[r];
        }
        return average ? score / perRow.length : score;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray scores = inner.computeScoreArray(labels, preOutput, activationFn, mask);
        if (rowWeights == null) {
            return scores;
        }
        INDArray w = weightColumn(labels, scores);
        return scores.rank() == 1 ? scores.mul(w.reshape(rowWeights.length)) : scores.mulColumnVector(w);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray gradient = inner.computeGradient(labels, preOutput, activationFn, mask);
        return rowWeights == null ? gradient : gradient.muliColumnVector(weightColumn(labels, gradient));
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        if (rowWeights == null) {
            return inner.computeGradientAndScore(labels, preOutput, activationFn, mask, average);
        }
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() {
        return "Weighted(" + inner.name() + ")";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WeightedLoss w && w.inner.equals(inner);
    }

    @Override
    public int hashCode() {
        return 31 * inner.hashCode() + 7;
    }

    @Override
    public String toString() {
        return name();
    }
}
