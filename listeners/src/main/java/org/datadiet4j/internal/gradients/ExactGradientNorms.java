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
 * (see {@link org.datadiet4j.internal.network.LayerGraph}) made of Dense (with or without layer
 * normalisation), Output and Loss, Convolution, DepthwiseConvolution2D and SeparableConvolution2D (2-d, NCHW
 * or NHWC), Subsampling, global pooling, zero padding, cropping, upsampling, Batch normalisation, Dropout,
 * Activation, PReLU, Embedding and EmbeddingSequence layers with their input preprocessors, joined by
 * element-wise, merge, subset, scale, shift and preprocessor vertices. {@link #of} refuses anything else with
 * the reason, so a caller can fall back to {@link BruteForceGradientNorms}, and so it does an input
 * preprocessor that folds the time steps of a sequence into the batch; one of the user's own that does so is
 * found only when a batch runs, and {@link #squaredNorms} then throws {@link UnsupportedOperationException}
 * with the reason. Every batch runs in the model's {@link ScoringContext},
 * its intermediate arrays in the reusable scoring workspace. Each convolution's norms (for a depthwise one:
 * each input channel's) come from the cheaper of two exact forms for its shapes ({@link ConvolutionForm}).
 */
public final class ExactGradientNorms implements GradientNorms {

    private final ScoringContext context;
    private final GraphBackprop engine;
    private final ConvolutionForm convolutionForm;

    private ExactGradientNorms(ScoringContext context, GraphBackprop engine, ConvolutionForm convolutionForm) {
        this.context = context;
        this.engine = engine;
        this.convolutionForm = convolutionForm;
    }

    /**
     * The exact closed-form path for {@code model}.
     *
     * @throws UnsupportedOperationException naming the first part of the model it does not cover
     */
    public static ExactGradientNorms of(Model model) {
        return of(model, ConvolutionForm.CHEAPER);
    }

    /**
     * The exact closed-form path for {@code model}, every convolution in {@code convolutionForm}
     * (for tests and benchmarks; {@link #of(Model)} chooses per layer).
     *
     * @throws UnsupportedOperationException naming the first part of the model it does not cover
     */
    public static ExactGradientNorms of(Model model, ConvolutionForm convolutionForm) {
        ScoringContext context = ScoringContext.of(model);
        return new ExactGradientNorms(context, GraphBackprop.of(context.network().graph()), convolutionForm);
    }

    /**
     * @throws UnsupportedOperationException when an input preprocessor of the user's own folds time steps
     *                                       into the batch (see {@link ExactGradientNorms}), naming it
     */
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
                public void convolution(INDArray delta, INDArray patches, int groups, boolean hasBias) {
                    add(squared, convolutionForm.squaredNorms(delta, patches, groups, hasBias));
                }

                @Override
                public void embedding(INDArray indices, INDArray delta, boolean hasBias) {
                    add(squared, ClosedForms.embedding(indices, delta, hasBias));
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

    /**
     * Bytes of the largest per-layer intermediate the closed forms allocate for this batch (the
     * per-example convolution gradients or their Gram matrices, batch norm's per-position products, an
     * embedding sequence's step Gram matrices),
     * counted from the shapes of one forward and backward pass; the arrays of the pass itself, the same
     * in every form, are not counted.
     */
    public long largestIntermediateBytes(INDArray features, INDArray labels) {
        return context.runInScoringWorkspace(() -> {
            GraphBackprop.Pass pass = engine.forward(features);
            long[] largest = {0};
            engine.backward(pass, engine.lossGradient(pass, labels), new ParameterGradients() {
                @Override
                public void dense(INDArray input, INDArray delta, boolean hasBias) {
                    largest[0] = Math.max(largest[0], 2L * delta.size(0) * Double.BYTES);
                }

                @Override
                public void convolution(INDArray delta, INDArray patches, int groups, boolean hasBias) {
                    largest[0] = Math.max(largest[0], convolutionForm.intermediateBytes(delta.size(0), delta.size(1),
                            patches.size(1), patches.size(2), delta.dataType().width()));
                }

                @Override
                public void embedding(INDArray indices, INDArray delta, boolean hasBias) {
                    long steps = delta.size(2);
                    largest[0] = Math.max(largest[0], delta.size(0) * ((steps == 1 ? 0 : steps * steps) + delta.size(1))
                            * delta.dataType().width());
                }

                @Override
                public void batchNorm(INDArray epsilon, INDArray xHat) {
                    largest[0] = Math.max(largest[0], (epsilon.length() + 2 * epsilon.size(0) * epsilon.size(1))
                            * epsilon.dataType().width());
                }

                @Override
                public void perExample(INDArray gradients) {
                    largest[0] = Math.max(largest[0], gradients.length() * gradients.dataType().width());
                }
            });
            return largest[0];
        });
    }

    private static void add(double[] total, double[] part) {
        for (int i = 0; i < total.length; i++) {
            total[i] += part[i];
        }
    }
}
