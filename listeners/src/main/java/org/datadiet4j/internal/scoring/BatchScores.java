package org.datadiet4j.internal.scoring;

import org.datadiet4j.internal.gradients.BruteForceGradientNorms;
import org.datadiet4j.internal.gradients.ExactGradientNorms;
import org.datadiet4j.internal.gradients.GradientNorms;
import org.datadiet4j.internal.gradients.LastLayerGradientNorms;
import org.datadiet4j.scores.El2n;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * <b>Internal, not API.</b> The per-batch score functions of the scoring listeners ({@code El2nListener},
 * {@code GrandListener}): the listeners run them over their examples, and a caller that batches examples
 * itself (the Spark job, one partition at a time) runs the very same functions, so there is one
 * implementation of each score. Run them inside the model's {@link ScoringContext}.
 */
public final class BatchScores {

    private static final Logger log = LoggerFactory.getLogger(BatchScores.class);

    private BatchScores() {
    }

    /** EL2N of every row of a batch: ‖softmax(f(x)) − y‖₂ in inference mode. */
    public static float[] el2n(ScoringContext context, INDArray features, INDArray oneHotLabels) {
        return El2n.perExample(context.network().probabilities(features), oneHotLabels);
    }

    /**
     * The GraNd path for {@code model}: the output layer's closed form when {@code lastLayerOnly}; else the
     * exact closed forms over all parameters, or, for a model they do not cover, per-example
     * backpropagation (exact too, much slower), said in one log line.
     */
    public static GradientNorms grandPath(Model model, boolean lastLayerOnly) {
        if (lastLayerOnly) {
            return LastLayerGradientNorms.of(model);
        }
        try {
            return ExactGradientNorms.of(model);
        } catch (UnsupportedOperationException e) {
            return bruteForceBecause(model, e);
        }
    }

    /**
     * Per-example backpropagation for {@code model}, said in one log line with {@code reason}: for a model the
     * closed forms turned down, up front or (a preprocessor that folds time steps into the batch) in a batch.
     */
    public static GradientNorms bruteForceBecause(Model model, UnsupportedOperationException reason) {
        log.warn("GraNd: {}; using brute-force per-example backpropagation (exact, one backward pass per"
                + " example, much slower)", reason.getMessage());
        return BruteForceGradientNorms.of(model);
    }

    /** GraNd of every row of a batch, ‖∇_w ℓ(x_i, y_i)‖₂, from a path of {@link #grandPath}. */
    public static float[] grand(GradientNorms path, INDArray features, INDArray oneHotLabels) {
        double[] squared = path.squaredNorms(features, oneHotLabels);
        float[] norms = new float[squared.length];
        for (int row = 0; row < squared.length; row++) {
            norms[row] = (float) Math.sqrt(squared[row]);
        }
        return norms;
    }
}
