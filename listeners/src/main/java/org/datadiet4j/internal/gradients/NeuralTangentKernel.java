package org.datadiet4j.internal.gradients;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.datadiet4j.internal.scoring.ScoringContext;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The data-dependent neural tangent kernel Θ = J Jᵀ of a probe batch (Paul et al., NeurIPS 2021,
 * §4): J is the Jacobian of the n·K logits (the output layer's pre-activation, K classes) with
 * respect to all learned parameters, rows ordered example-major (row i·K + k: logit k of example i).
 *
 * <p>Built without ever holding J: Θ = Σ over layers of that layer's block J_l J_lᵀ, from one forward
 * pass and K backward passes ({@link GraphBackprop}: one per logit, in inference mode, in the model's
 * {@link ScoringContext}). A
 * dense layer's block comes in closed form from Gram matrices of its inputs and of the
 * backpropagated δ: Θ_l[(i,k),(j,m)] = (a_i·a_j + 1)(δ_ik·δ_jm), the + 1 for the bias. A
 * convolution (plain, depthwise, separable), batch-norm, PReLU or layer-norm gain layer's block is formed
 * from its explicit per-example gradient rows (n·K × that layer's parameter count); an embedding's from its
 * rows restricted to the table rows the probe batch uses (n·K × those rows·nOut), every other row being zero
 * for every example. Peak extra memory, in doubles: Θ itself, (n·K)², plus, held
 * together until the K backward passes are done, every dense layer's δ (n·K × its width) and input
 * (n × its input width) and every convolution's and batch norm's gradient rows (n·K × its parameter
 * count); never n·K × all parameters of the dense layers, which dominate P in these networks.
 */
public final class NeuralTangentKernel {

    private final ScoringContext context;
    private final GraphBackprop engine;

    private NeuralTangentKernel(ScoringContext context, GraphBackprop engine) {
        this.context = context;
        this.engine = engine;
    }

    /** @throws UnsupportedOperationException for models the closed-form engine does not cover */
    public static NeuralTangentKernel of(Model model) {
        ScoringContext context = ScoringContext.of(model);
        return new NeuralTangentKernel(context, GraphBackprop.of(context.network().graph()));
    }

    /** Θ of the probe batch as a row-major (n·K)×(n·K) array. */
    public double[] kernel(INDArray probeFeatures) {
        return context.run(() -> {
            GraphBackprop.Pass pass = engine.forward(probeFeatures);
            INDArray logits = pass.outputPreActivation();
            int n = (int) logits.size(0);
            int classes = (int) logits.size(1);
            List<Block> blocks = new ArrayList<>();
            for (int k = 0; k < classes; k++) {
                INDArray unit = Nd4j.zeros(logits.dataType(), n, classes);
                unit.getColumn(k).assign(1);
                int logit = k;
                int[] visit = {0};
                engine.backward(pass, unit, new ParameterGradients() {
                    @Override
                    public void dense(INDArray input, INDArray delta, boolean hasBias) {
                        block(visit[0]++, Kind.DENSE).add(logit, input, delta.dup(), hasBias);
                    }

                    @Override
                    public void convolution(INDArray delta, INDArray patches, int groups, boolean hasBias) {
                        INDArray weights = Nd4j.matmul(delta, patches, false, true, false).reshape(n, -1);
                        INDArray rows = hasBias ? Nd4j.concat(1, weights, delta.sum(2).reshape(n, -1)) : weights;
                        block(visit[0]++, Kind.ROWS).add(logit, null, rows, false);
                    }

                    @Override
                    public void embedding(INDArray indices, INDArray delta, boolean hasBias) {
                        convolution(delta, oneHotOverBatchVocabulary(indices), 1, hasBias);
                    }

                    @Override
                    public void batchNorm(INDArray epsilon, INDArray xHat) {
                        INDArray gamma = epsilon.rank() == 2 ? epsilon.mul(xHat) : epsilon.mul(xHat).sum(2, 3);
                        INDArray beta = epsilon.rank() == 2 ? epsilon.dup() : epsilon.sum(2, 3);
                        block(visit[0]++, Kind.ROWS).add(logit, null, Nd4j.concat(1, gamma, beta), false);
                    }

                    @Override
                    public void perExample(INDArray gradients) {
                        block(visit[0]++, Kind.ROWS).add(logit, null, gradients.reshape(n, -1), false);
                    }

                    private Block block(int index, Kind kind) {
                        if (index == blocks.size()) {
                            blocks.add(new Block(kind, classes));
                        }
                        return blocks.get(index);
                    }
                });
            }
            int size = n * classes;
            INDArray theta = Nd4j.zeros(DataType.DOUBLE, size, size);
            for (Block block : blocks) {
                theta.addi(block.contribution(n, classes));
            }
            return theta.reshape(-1).toDoubleVector();
        });
    }

    /**
     * The indices as one-hot columns over the distinct values in the batch, [n, distinct, steps]: an
     * embedding's per-example gradient δ_i Uᵀ restricted to the table rows the batch uses, every other
     * row being zero for every example (the same rows, in the same order, on every backward pass).
     */
    private static INDArray oneHotOverBatchVocabulary(INDArray indices) {
        int[][] x = indices.toIntMatrix();
        int[] vocabulary = Arrays.stream(x).flatMapToInt(Arrays::stream).distinct().sorted()
                .toArray();
        INDArray oneHot = Nd4j.zeros(indices.dataType(), x.length, vocabulary.length, x[0].length);
        for (int i = 0; i < x.length; i++) {
            for (int t = 0; t < x[i].length; t++) {
                oneHot.putScalar(new long[] {i, Arrays.binarySearch(vocabulary, x[i][t]), t}, 1.0);
            }
        }
        return oneHot;
    }

    private enum Kind { DENSE, ROWS }

    /** One layer's per-logit pieces, in logit order. */
    private static final class Block {
        private final Kind kind;
        private final INDArray[] perLogit;
        private INDArray input;
        private boolean hasBias;

        Block(Kind kind, int classes) {
            this.kind = kind;
            this.perLogit = new INDArray[classes];
        }

        void add(int logit, INDArray layerInput, INDArray values, boolean bias) {
            perLogit[logit] = values.castTo(DataType.DOUBLE);
            if (layerInput != null) {
                input = layerInput.castTo(DataType.DOUBLE);
            }
            hasBias = bias;
        }

        /** This layer's J_l J_lᵀ over rows i·K + k. */
        INDArray contribution(int n, int classes) {
            // [n, K, width] -> rows ordered example-major: (i, k) -> i·K + k
            INDArray stacked = Nd4j.stack(1, perLogit).reshape('c', (long) n * classes, -1);
            INDArray gram = stacked.mmul(stacked.transpose());
            if (kind == Kind.ROWS) {
                return gram;
            }
            INDArray inputGram = input.mmul(input.transpose());
            if (hasBias) {
                inputGram.addi(1);
            }
            INDArray expanded = inputGram.reshape(n, 1, n, 1).repeat(1, classes).repeat(3, classes)
                    .reshape('c', (long) n * classes, (long) n * classes);
            return gram.muli(expanded);
        }
    }
}
