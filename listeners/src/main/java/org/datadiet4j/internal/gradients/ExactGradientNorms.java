package org.datadiet4j.internal.gradients;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Exact per-example gradient norms ‖∇_w ℓ(x_i, y_i)‖² over all parameters, for a whole batch from
 * one forward and one backward pass in inference mode (no dropout; batch norm on its running
 * statistics), by the per-layer closed forms of {@link ClosedForms}.
 *
 * <p>The backward pass propagates the per-example gradient ε_i = ∂ℓ_i/∂(layer output) itself:
 * because nothing in inference mode mixes examples, row i of the batched ε is exactly the gradient
 * of example i's own loss. ℓ is the model's own loss function without regularisation terms (the
 * paper's ℓ: L2 and weight decay are not part of it).
 *
 * <p>Covered: {@code MultiLayerNetwork}s and chain-shaped {@code ComputationGraph}s (see
 * {@link LayerChain}) made of Dense, Output and Loss, Convolution (2-d, NCHW), Subsampling, Batch
 * normalisation, Dropout and Activation layers with their input preprocessors. {@link #of} refuses
 * anything else with the reason, so a caller can fall back to {@link BruteForceGradientNorms}.
 */
public final class ExactGradientNorms implements GradientNorms {

    private final LayerChain chain;
    private final List<Kind> kinds;

    private enum Kind { DENSE, OUTPUT, LOSS, CONVOLUTION, SUBSAMPLING, BATCH_NORM, DROPOUT, ACTIVATION }

    private ExactGradientNorms(LayerChain chain, List<Kind> kinds) {
        this.chain = chain;
        this.kinds = kinds;
    }

    /**
     * The exact closed-form path for {@code model}.
     *
     * @throws UnsupportedOperationException naming the first part of the model it does not cover
     */
    public static ExactGradientNorms of(Model model) {
        LayerChain chain = LayerChain.of(model);
        List<Kind> kinds = new ArrayList<>();
        for (LayerChain.Step step : chain.steps()) {
            kinds.add(step.layer() == null ? null : kindOf(step));
        }
        Kind last = kinds.get(kinds.size() - 1);
        if (last != Kind.OUTPUT && last != Kind.LOSS) {
            throw new UnsupportedOperationException("the last layer is not an output or loss layer");
        }
        return new ExactGradientNorms(chain, kinds);
    }

    private static Kind kindOf(LayerChain.Step step) {
        Layer layer = step.layer();
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        Class<?> type = layer.getClass();
        if (type == org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer.class) {
            if (((org.deeplearning4j.nn.conf.layers.DenseLayer) conf).hasLayerNorm()) {
                throw new UnsupportedOperationException(step.name() + " is a DenseLayer with layer normalisation,"
                        + " which has no closed form here");
            }
            return Kind.DENSE;
        }
        if (type == org.deeplearning4j.nn.layers.OutputLayer.class && conf instanceof BaseOutputLayer) {
            return Kind.OUTPUT;
        }
        if (type == org.deeplearning4j.nn.layers.LossLayer.class && conf instanceof LossLayer) {
            return Kind.LOSS;
        }
        if (type == org.deeplearning4j.nn.layers.convolution.ConvolutionLayer.class
                && conf.getClass() == org.deeplearning4j.nn.conf.layers.ConvolutionLayer.class
                && ((org.deeplearning4j.nn.conf.layers.ConvolutionLayer) conf).getCnn2dDataFormat() == CNN2DFormat.NCHW) {
            return Kind.CONVOLUTION;
        }
        if (type == org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer.class
                && conf.getClass() == org.deeplearning4j.nn.conf.layers.SubsamplingLayer.class) {
            return Kind.SUBSAMPLING;
        }
        if (type == org.deeplearning4j.nn.layers.normalization.BatchNormalization.class
                && ((org.deeplearning4j.nn.conf.layers.BatchNormalization) conf).getCnn2DFormat() == CNN2DFormat.NCHW) {
            return Kind.BATCH_NORM;
        }
        if (type == org.deeplearning4j.nn.layers.DropoutLayer.class) {
            return Kind.DROPOUT;
        }
        if (type == org.deeplearning4j.nn.layers.ActivationLayer.class) {
            return Kind.ACTIVATION;
        }
        throw new UnsupportedOperationException(step.name() + " is a " + conf.getClass().getSimpleName()
                + ", which has no closed form here");
    }

    /**
     * All intermediate arrays of a batch live in one workspace that is reused from batch to batch,
     * so a scoring pass does not leave its garbage to the collector; only the Java result escapes.
     */
    private static final WorkspaceConfiguration WORKSPACE = WorkspaceConfiguration.builder()
            .policyAllocation(AllocationPolicy.OVERALLOCATE).overallocationLimit(0.2)
            .policyLearning(LearningPolicy.FIRST_LOOP).policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE).build();
    private static final String WORKSPACE_ID = "DATADIET_GRAD_NORMS";

    /**
     * Bytes the reusable workspace of this thread holds: the peak extra memory of one batch of the
     * pass (0 before the first batch).
     */
    public static long workspaceBytes() {
        if (!Nd4j.getWorkspaceManager().checkIfWorkspaceExists(WORKSPACE_ID)) {
            return 0;
        }
        return Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(WORKSPACE, WORKSPACE_ID).getCurrentSize();
    }

    @Override
    public double[] squaredNorms(INDArray features, INDArray labels) {
        try (MemoryWorkspace outside = Nd4j.getMemoryManager().scopeOutOfWorkspaces();
             MemoryWorkspace workspace = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, WORKSPACE_ID)) {
            return compute(features, labels);
        }
    }

    private double[] compute(INDArray features, INDArray labels) {
        Pass pass = forward(features);
        LayerChain.Step last = chain.steps().get(chain.steps().size() - 1);
        INDArray target = labels.castTo(pass.outputPreActivation().dataType());
        INDArray delta = lossFunction(last.layer()).computeGradient(target, pass.outputPreActivation().dup(),
                activationFn(last.layer()), null);
        double[] squared = new double[(int) features.size(0)];
        backward(pass, delta, new ParameterGradients() {
            @Override
            public void dense(int step, INDArray input, INDArray gradient, boolean hasBias) {
                add(squared, ClosedForms.dense(input, gradient, hasBias));
            }

            @Override
            public void convolution(int step, INDArray gradient, INDArray patches, boolean hasBias) {
                add(squared, ClosedForms.convolution(gradient, patches, hasBias));
            }

            @Override
            public void batchNorm(int step, INDArray epsilon, INDArray xHat) {
                add(squared, ClosedForms.batchNorm(epsilon, xHat));
            }
        });
        return squared;
    }

    /**
     * What the backward pass needs of one example's per-layer gradients: each parameterised layer
     * is visited with the batched quantities its per-example parameter gradients are made of.
     */
    interface ParameterGradients {
        /** Dense or output layer: per-example gradient a_i δ_iᵀ (and δ_i for the bias). */
        void dense(int step, INDArray input, INDArray delta, boolean hasBias);

        /** Convolution: per-example gradient δ_i U_iᵀ, δ [batch, outC, positions], U [batch, inC·kH·kW, positions]. */
        void convolution(int step, INDArray delta, INDArray patches, boolean hasBias);

        /** Batch norm with learned γ, β: Σ ε x̂ and Σ ε per channel. */
        void batchNorm(int step, INDArray epsilon, INDArray xHat);
    }

    /** The forward pass in inference mode, with what the backward pass needs per step. */
    final class Pass {
        private final INDArray[] inputs;
        private final INDArray[] saved;
        private final INDArray[] patches;
        private final int batch;

        private Pass(int steps, int batch) {
            this.inputs = new INDArray[steps];
            this.saved = new INDArray[steps];
            this.patches = new INDArray[steps];
            this.batch = batch;
        }

        /** The output layer's pre-activation z: the logits under a softmax output. */
        INDArray outputPreActivation() {
            return saved[saved.length - 1];
        }
    }

    /** The forward pass over a batch; reusable for several backward passes. */
    Pass forward(INDArray features) {
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        List<LayerChain.Step> steps = chain.steps();
        int n = steps.size();
        Pass pass = new Pass(n, (int) features.size(0));
        INDArray activation = features.castTo(parameterType());
        for (int k = 0; k < n; k++) {
            LayerChain.Step step = steps.get(k);
            if (step.preProcessor() != null) {
                activation = step.preProcessor().preProcess(activation, pass.batch, mgr);
            }
            pass.inputs[k] = activation;
            if (step.layer() == null) {
                continue;
            }
            Layer layer = step.layer();
            switch (kinds.get(k)) {
                case DENSE -> {
                    pass.saved[k] = affine(activation, layer);
                    activation = activationFn(layer).getActivation(pass.saved[k].dup(), false);
                }
                case OUTPUT -> pass.saved[k] = affine(activation, layer);
                case LOSS -> pass.saved[k] = activation;
                case CONVOLUTION -> {
                    Convolved convolved = convolve(activation, layer);
                    pass.patches[k] = convolved.patches();
                    pass.saved[k] = convolved.preActivation();
                    activation = activationFn(layer).getActivation(pass.saved[k].dup(), false);
                }
                case BATCH_NORM -> {
                    BatchNormState bn = BatchNormState.of(layer);
                    pass.saved[k] = perChannel(perChannel(activation, bn.mean().neg(), false),
                            Transforms.pow(bn.sigma(), -1, true), true);
                    activation = perChannel(perChannel(pass.saved[k], bn.gamma(), true), bn.beta(), false);
                }
                case SUBSAMPLING -> activation = layer.activate(activation, false, mgr);
                case DROPOUT -> { }
                case ACTIVATION -> activation = activationFn(layer).getActivation(activation.dup(), false);
            }
        }
        return pass;
    }

    /**
     * Backpropagates {@code deltaAtOutput}, the gradient with respect to the output layer's
     * pre-activation z (for a loss layer: its input), through {@code pass}, visiting every layer with
     * parameters. The pass is left as it was, so it can be backpropagated again.
     */
    void backward(Pass pass, INDArray deltaAtOutput, ParameterGradients visitor) {
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        List<LayerChain.Step> steps = chain.steps();
        INDArray epsilon = null;
        for (int k = steps.size() - 1; k >= 0; k--) {
            LayerChain.Step step = steps.get(k);
            Layer layer = step.layer();
            boolean needInputGradient = k > 0;
            if (layer != null) {
                switch (kinds.get(k)) {
                    case OUTPUT -> {
                        visitor.dense(k, pass.inputs[k], deltaAtOutput, hasBias(layer));
                        epsilon = needInputGradient ? deltaAtOutput.mmul(weights(layer).transpose()) : null;
                    }
                    case LOSS -> epsilon = deltaAtOutput;
                    case DENSE -> {
                        INDArray delta = activationFn(layer).backprop(pass.saved[k].dup(), epsilon).getFirst();
                        visitor.dense(k, pass.inputs[k], delta, hasBias(layer));
                        epsilon = needInputGradient ? delta.mmul(weights(layer).transpose()) : null;
                    }
                    case CONVOLUTION -> epsilon = convolutionBackward(k, layer, pass.inputs[k], pass.saved[k].dup(),
                            pass.patches[k], epsilon, visitor, needInputGradient);
                    case BATCH_NORM -> {
                        BatchNormState bn = BatchNormState.of(layer);
                        if (bn.learned()) {
                            visitor.batchNorm(k, epsilon, pass.saved[k]);
                        }
                        epsilon = perChannel(epsilon, bn.gamma().div(bn.sigma()), true);
                    }
                    case SUBSAMPLING -> {
                        layer.setInput(pass.inputs[k], mgr);
                        epsilon = layer.backpropGradient(epsilon, mgr).getSecond();
                    }
                    case DROPOUT -> { }
                    case ACTIVATION -> epsilon = activationFn(layer).backprop(pass.inputs[k].dup(), epsilon).getFirst();
                }
            }
            if (step.preProcessor() != null && needInputGradient) {
                epsilon = step.preProcessor().backprop(epsilon, pass.batch, mgr);
            }
        }
    }

    /** The data type of the network's parameters (a loss layer has none of its own). */
    private org.nd4j.linalg.api.buffer.DataType parameterType() {
        for (LayerChain.Step step : chain.steps()) {
            if (step.layer() != null && step.layer().params() != null) {
                return step.layer().params().dataType();
            }
        }
        return org.nd4j.linalg.api.buffer.DataType.FLOAT;
    }

    /** Geometry of one convolution: kernel, strides, padding and dilation as DL4J applies them. */
    private record Geometry(int[] kernel, int[] strides, int[] pad, int[] dilation, boolean same, int outH, int outW) {

        static Geometry of(INDArray input, org.deeplearning4j.nn.conf.layers.ConvolutionLayer conf) {
            int[] kernel = conf.getKernelSize();
            int[] strides = conf.getStride();
            int[] dilation = conf.getDilation();
            boolean same = conf.getConvolutionMode() == ConvolutionMode.Same;
            int[] pad;
            int[] outSize;
            if (same) {
                outSize = ConvolutionUtils.getOutputSize(input, kernel, strides, null, conf.getConvolutionMode(),
                        dilation, CNN2DFormat.NCHW);
                pad = ConvolutionUtils.getSameModeTopLeftPadding(outSize, new int[] {(int) input.size(2),
                        (int) input.size(3)}, kernel, strides, dilation);
            } else {
                pad = conf.getPadding();
                outSize = ConvolutionUtils.getOutputSize(input, kernel, strides, pad, conf.getConvolutionMode(),
                        dilation, CNN2DFormat.NCHW);
            }
            return new Geometry(kernel, strides, pad, dilation, same, outSize[0], outSize[1]);
        }

        /**
         * True when the transposed convolution of the output grid lands exactly on the input grid
         * (explicit padding, no rows or columns dropped by the stride), so deconv2d gives ε_in.
         */
        boolean transposedConvolutionFits(INDArray input) {
            return !same && fits(input.size(2), 0) && fits(input.size(3), 1);
        }

        private boolean fits(long size, int axis) {
            long span = size + 2L * pad[axis] - (long) dilation[axis] * (kernel[axis] - 1) - 1;
            return span % strides[axis] == 0 && span / strides[axis] + 1 == (axis == 0 ? outH : outW);
        }

        /** Integer arguments of libnd4j's conv2d ops: NCHW data, [outC, inC, kH, kW] weights. */
        int[] opArguments() {
            return new int[] {kernel[0], kernel[1], strides[0], strides[1], pad[0], pad[1], dilation[0], dilation[1],
                    same ? 1 : 0, 0, 1};
        }
    }

    private record Convolved(INDArray patches, INDArray preActivation) {
    }

    /**
     * The pre-activation output z = conv(input, W) + b as [batch, outC, outH, outW] (ND4J's conv2d
     * op), and the unfolded input Uᵀ as [batch, inC·kH·kW, positions] (im2col in its natural,
     * contiguous layout).
     */
    private static Convolved convolve(INDArray input, Layer layer) {
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer conf = convConf(layer);
        Geometry geometry = Geometry.of(input, conf);
        INDArray weights = weights(layer);
        long batch = input.size(0);
        INDArray z = Nd4j.createUninitialized(weights.dataType(),
                new long[] {batch, weights.size(0), geometry.outH(), geometry.outW()}, 'c');
        INDArray[] operands = conf.hasBias()
                ? new INDArray[] {input, weights, layer.getParam(DefaultParamInitializer.BIAS_KEY).reshape(-1)}
                : new INDArray[] {input, weights};
        Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(operands).addOutputs(z)
                .addIntegerArguments(geometry.opArguments()).build());
        int[] kernel = geometry.kernel();
        INDArray columns = Nd4j.createUninitialized(weights.dataType(),
                new long[] {batch, input.size(1), kernel[0], kernel[1], geometry.outH(), geometry.outW()}, 'c');
        Convolution.im2col(input, kernel[0], kernel[1], geometry.strides()[0], geometry.strides()[1], geometry.pad()[0],
                geometry.pad()[1], geometry.dilation()[0], geometry.dilation()[1], geometry.same(), columns);
        INDArray patches = columns.reshape('c', batch, input.size(1) * kernel[0] * kernel[1],
                (long) geometry.outH() * geometry.outW());
        return new Convolved(patches, z);
    }

    private static INDArray convolutionBackward(int step, Layer layer, INDArray input, INDArray preActivation,
                                                INDArray patches, INDArray epsilon, ParameterGradients visitor,
                                                boolean needInputGradient) {
        INDArray delta = activationFn(layer).backprop(preActivation, epsilon).getFirst();
        long batch = input.size(0);
        INDArray delta3 = delta.reshape('c', batch, delta.size(1), patches.size(2));
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer conf = convConf(layer);
        visitor.convolution(step, delta3, patches, conf.hasBias());
        if (!needInputGradient) {
            return null;
        }
        Geometry geometry = Geometry.of(input, conf);
        INDArray weights = weights(layer);
        INDArray inputGradient = Nd4j.createUninitialized(input.dataType(), input.shape(), 'c');
        if (geometry.transposedConvolutionFits(input)) {
            // ε_in is the transposed convolution of δ with W; W [outC, inC, kH, kW] is deconv2d's format 1
            Nd4j.exec(DynamicCustomOp.builder("deconv2d").addInputs(delta, weights).addOutputs(inputGradient)
                    .addIntegerArguments(geometry.opArguments()).build());
        } else {
            // general case: unfolded gradient Wᵀδ_i per example, folded back by col2im
            int[] kernel = geometry.kernel();
            long positions = patches.size(2);
            INDArray byChannel = delta3.permute(1, 0, 2).dup('c').reshape('c', delta.size(1), batch * positions);
            INDArray columns = weights.reshape('c', weights.size(0), patches.size(1)).transpose().mmul(byChannel)
                    .reshape('c', input.size(1), kernel[0], kernel[1], batch, geometry.outH(), geometry.outW())
                    .permute(3, 0, 1, 2, 4, 5);
            Convolution.col2im(columns, inputGradient, geometry.strides()[0], geometry.strides()[1], geometry.pad()[0],
                    geometry.pad()[1], (int) input.size(2), (int) input.size(3), geometry.dilation()[0],
                    geometry.dilation()[1]);
        }
        return inputGradient;
    }

    private static INDArray affine(INDArray input, Layer layer) {
        INDArray z = input.mmul(weights(layer));
        if (hasBias(layer)) {
            z.addiRowVector(layer.getParam(DefaultParamInitializer.BIAS_KEY));
        }
        return z;
    }

    /** {@code values} multiplied (or added) channel-wise with a per-channel vector; [b, C] or [b, C, H, W]. */
    private static INDArray perChannel(INDArray values, INDArray channelVector, boolean multiply) {
        INDArray vector = channelVector.reshape(-1);
        if (values.rank() == 2) {
            return multiply ? values.mulRowVector(vector) : values.addRowVector(vector);
        }
        INDArray broadcast = vector.reshape(1, vector.length(), 1, 1);
        return multiply ? values.mul(broadcast) : values.add(broadcast);
    }

    private static void add(double[] total, double[] part) {
        for (int i = 0; i < total.length; i++) {
            total[i] += part[i];
        }
    }

    private static INDArray weights(Layer layer) {
        return layer.getParam(DefaultParamInitializer.WEIGHT_KEY);
    }

    private static boolean hasBias(Layer layer) {
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        if (conf instanceof org.deeplearning4j.nn.conf.layers.DenseLayer dense) {
            return dense.hasBias();
        }
        if (conf instanceof BaseOutputLayer output) {
            return output.hasBias();
        }
        return layer.getParam(DefaultParamInitializer.BIAS_KEY) != null;
    }

    private static org.deeplearning4j.nn.conf.layers.ConvolutionLayer convConf(Layer layer) {
        return (org.deeplearning4j.nn.conf.layers.ConvolutionLayer) layer.conf().getLayer();
    }

    /** The activation the layer applies in inference mode (see {@link InferenceActivations}). */
    static IActivation activationFn(Layer layer) {
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        if (conf instanceof org.deeplearning4j.nn.conf.layers.ActivationLayer activationLayer) {
            return InferenceActivations.of(activationLayer.getActivationFn());
        }
        return InferenceActivations.of(((org.deeplearning4j.nn.conf.layers.BaseLayer) conf).getActivationFn());
    }

    static ILossFunction lossFunction(Layer layer) {
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        if (conf instanceof BaseOutputLayer output) {
            return output.getLossFn();
        }
        return ((LossLayer) conf).getLossFn();
    }
}
