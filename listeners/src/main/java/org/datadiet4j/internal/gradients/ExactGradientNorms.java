package org.datadiet4j.internal.gradients;

import org.datadiet4j.internal.scoring.ScoringContext;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exact per-example gradient norms ‖∇_w ℓ(x_i, y_i)‖² over all parameters, for a whole batch from
 * one forward and one backward pass in inference mode ({@link GraphBackprop}), summed layer by layer
 * from the closed forms of {@link ClosedForms}. ℓ is the model's own loss function without
 * regularisation terms (the paper's ℓ: L2 and weight decay are not part of it).
 *
 * <p>Covered: {@code MultiLayerNetwork}s and {@code ComputationGraph}s with one input and one output
 * (see {@link org.datadiet4j.internal.network.LayerGraph}) made of Dense, Output and Loss, Convolution
 * (2-d, NCHW or NHWC), Subsampling, global pooling, zero padding, cropping, upsampling, Batch normalisation,
 * Dropout, Activation and PReLU layers with their input preprocessors, joined by element-wise, merge, subset,
 * scale, shift and preprocessor vertices. {@link #of} refuses anything else with the reason, so a caller can fall back to
 * {@link BruteForceGradientNorms}. Every batch runs in the model's {@link ScoringContext}, its
 * intermediate arrays in the reusable scoring workspace.
 */
public final class ExactGradientNorms implements GradientNorms {

    private final ScoringContext context;
    private final GraphBackprop engine;

    private ExactGradientNorms(ScoringContext context, GraphBackprop engine) {
        this.context = context;
        this.engine = engine;
    }

    /**
     * The exact closed-form path for {@code model}.
     *
     * @throws UnsupportedOperationException naming the first part of the model it does not cover
     */
    public static ExactGradientNorms of(Model model) {
        ScoringContext context = ScoringContext.of(model);
        return new ExactGradientNorms(context, GraphBackprop.of(context.network().graph()));
    }

    @Override
    public double[] squaredNorms(INDArray features, INDArray labels) {
        return context.runInScoringWorkspace(() -> {
            GraphBackprop.Pass pass = engine.forward(features);
            double[] squared = new double[(int) features.size(0)];
            engine.backward(pass, engine.lossGradient(pass, labels), new ParameterGradients() {
                @Override
                public void dense(INDArray input, INDArray delta, boolean hasBias) {
                    add(squared, ClosedForms.dense(input, delta, hasBias));
                }

                @Override
                public void convolution(INDArray delta, INDArray patches, boolean hasBias) {
                    add(squared, ClosedForms.convolution(delta, patches, hasBias));
                }

                @Override
                public void batchNorm(INDArray epsilon, INDArray xHat) {
                    add(squared, ClosedForms.batchNorm(epsilon, xHat));
                }

                @Override
                public void perExample(INDArray gradients) {
                    add(squared, ClosedForms.rowSquares(gradients));
                }
            });
            return squared;
        });
    }

    private static void add(double[] total, double[] part) {
        for (int i = 0; i < total.length; i++) {
            total[i] += part[i];
        }
    }
}
