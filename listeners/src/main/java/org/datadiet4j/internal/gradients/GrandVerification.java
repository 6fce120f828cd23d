package org.datadiet4j.internal.gradients;

import org.datadiet4j.internal.scoring.ScoringContext;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The self-check a user runs on their own model: per-example gradient norms from the fast path
 * against per-example backpropagation through DL4J ({@link BruteForceGradientNorms}) on a random
 * sample, reporting the largest relative difference of the norms. Both run in the model's
 * {@link ScoringContext}, so a check during training leaves training as it was.
 */
public final class GrandVerification {

    /** Outcome of a check: the largest |fast − reference| / reference over the sample. */
    public record Result(double maxRelativeError, int examples) {
    }

    private GrandVerification() {
    }

    /**
     * Compares {@code fast} with the brute-force reference (all parameters, or the output layer
     * only when {@code outputLayerOnly}) on a sample of examples.
     */
    public static Result run(Model model, GradientNorms fast, boolean outputLayerOnly, INDArray features,
                             INDArray labels) {
        return ScoringContext.of(model).run(() -> {
            double[] fastNorms = fast.squaredNorms(features, labels);
            BruteForceGradientNorms reference = outputLayerOnly
                    ? BruteForceGradientNorms.ofOutputLayer(model) : BruteForceGradientNorms.of(model);
            double[] referenceNorms = reference.squaredNorms(features, labels);
            return new Result(maxRelativeError(fastNorms, referenceNorms), (int) features.size(0));
        });
    }

    /** max_i |√a_i − √b_i| / √b_i over squared norms (0 when both are 0). */
    static double maxRelativeError(double[] squared, double[] referenceSquared) {
        double worst = 0;
        for (int i = 0; i < squared.length; i++) {
            double a = Math.sqrt(squared[i]);
            double b = Math.sqrt(referenceSquared[i]);
            double error = b == 0 ? (a == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.abs(a - b) / b;
            worst = Math.max(worst, error);
        }
        return worst;
    }
}
