package org.datadiet4j.internal.gradients;

import java.util.ArrayList;
import java.util.List;
import org.datadiet4j.internal.network.LayerChain;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One batched forward pass and any number of backward passes through a {@link LayerChain} in inference
 * mode (no dropout; batch norm on its running statistics), computed here rather than by DL4J so that
 * each layer's per-example pieces (input, δ, unfolded patches) are at hand ({@link ParameterGradients}).
 *
 * <p>The backward pass propagates the per-example gradient ε_i = ∂ℓ_i/∂(layer output) itself:
 * because nothing in inference mode mixes examples, row i of the batched ε is exactly the gradient
 * of example i's own loss (or logit). Covered: the layers {@link LayerKind} names, with their input
 * preprocessors.
 */
final class ChainBackprop {

    private final LayerChain chain;
    private final List<LayerKind> kinds;

    private ChainBackprop(LayerChain chain, List<LayerKind> kinds) {
        this.chain = chain;
        this.kinds = kinds;
    }

    /**
     * The engine for {@code chain}.
     *
     * @throws UnsupportedOperationException naming the first layer it does not cover, or when the chain
     *                                       does not end in an output or loss layer
     */
    static ChainBackprop of(LayerChain chain) {
        List<LayerKind> kinds = new ArrayList<>();
        for (LayerChain.Step step : chain.steps()) {
            kinds.add(step.layer() == null ? null : LayerKind.of(step));
        }
        LayerKind last = kinds.get(kinds.size() - 1);
        if (last != LayerKind.OUTPUT && last != LayerKind.LOSS) {
            throw new UnsupportedOperationException("the last layer is not an output or loss layer");
        }
        return new ChainBackprop(chain, kinds);
    }

    /** The forward pass of a batch, with what the backward pass needs per step; backpropagated any number of times. */
    static final class Pass {
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

    /** The forward pass over a batch of {@code features}. */
    Pass forward(INDArray features) {
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        List<LayerChain.Step> steps = chain.steps();
        Pass pass = new Pass(steps.size(), (int) features.size(0));
        INDArray activation = features.castTo(parameterType());
        for (int k = 0; k < steps.size(); k++) {
            LayerChain.Step step = steps.get(k);
            if (step.preProcessor() != null) {
                activation = step.preProcessor().preProcess(activation, pass.batch, mgr);
            }
            pass.inputs[k] = activation;
            Layer layer = step.layer();
            if (layer == null) {
                continue;
            }
            switch (kinds.get(k)) {
                case DENSE -> {
                    pass.saved[k] = LayerParts.affine(activation, layer);
                    activation = LayerParts.activationFn(layer).getActivation(pass.saved[k].dup(), false);
                }
                case OUTPUT -> pass.saved[k] = LayerParts.affine(activation, layer);
                case LOSS -> pass.saved[k] = activation;
                case CONVOLUTION -> {
                    ConvolutionStep.Convolved convolved = ConvolutionStep.forward(activation, layer);
                    pass.patches[k] = convolved.patches();
                    pass.saved[k] = convolved.preActivation();
                    activation = LayerParts.activationFn(layer).getActivation(pass.saved[k].dup(), false);
                }
                case BATCH_NORM -> {
                    BatchNormState bn = BatchNormState.of(layer);
                    pass.saved[k] = LayerParts.perChannel(LayerParts.perChannel(activation, bn.mean().neg(), false),
                            Transforms.pow(bn.sigma(), -1, true), true);
                    activation = LayerParts.perChannel(LayerParts.perChannel(pass.saved[k], bn.gamma(), true),
                            bn.beta(), false);
                }
                case SUBSAMPLING -> activation = layer.activate(activation, false, mgr);
                case DROPOUT -> { }
                case ACTIVATION -> activation = LayerParts.activationFn(layer).getActivation(activation.dup(), false);
            }
        }
        return pass;
    }

    /** ∂ℓ_i/∂z_i of the chain's own loss for one-hot {@code labels}, z the output pre-activation of a pass. */
    INDArray lossGradient(Pass pass, INDArray labels) {
        Layer last = chain.last().layer();
        INDArray z = pass.outputPreActivation();
        return LayerParts.lossFunction(last).computeGradient(labels.castTo(z.dataType()), z.dup(),
                LayerParts.activationFn(last), null);
    }

    /**
     * Backpropagates {@code deltaAtOutput}, the gradient with respect to the output layer's
     * pre-activation z (for a loss layer: its input), through {@code pass}, visiting every layer with
     * parameters, output to input. The pass is left as it was, so it can be backpropagated again.
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
                        visitor.dense(pass.inputs[k], deltaAtOutput, LayerParts.hasBias(layer));
                        epsilon = needInputGradient ? deltaAtOutput.mmul(LayerParts.weights(layer).transpose()) : null;
                    }
                    case LOSS -> epsilon = deltaAtOutput;
                    case DENSE -> {
                        INDArray delta = LayerParts.activationFn(layer).backprop(pass.saved[k].dup(), epsilon)
                                .getFirst();
                        visitor.dense(pass.inputs[k], delta, LayerParts.hasBias(layer));
                        epsilon = needInputGradient ? delta.mmul(LayerParts.weights(layer).transpose()) : null;
                    }
                    case CONVOLUTION -> epsilon = ConvolutionStep.backward(layer, pass.inputs[k],
                            new ConvolutionStep.Convolved(pass.patches[k], pass.saved[k]), epsilon, visitor,
                            needInputGradient);
                    case BATCH_NORM -> {
                        BatchNormState bn = BatchNormState.of(layer);
                        if (bn.learned()) {
                            visitor.batchNorm(epsilon, pass.saved[k]);
                        }
                        epsilon = LayerParts.perChannel(epsilon, bn.gamma().div(bn.sigma()), true);
                    }
                    case SUBSAMPLING -> {
                        layer.setInput(pass.inputs[k], mgr);
                        epsilon = layer.backpropGradient(epsilon, mgr).getSecond();
                        // as DL4J leaves a layer between iterations: no reference to an array of this pass
                        layer.clear();
                    }
                    case DROPOUT -> { }
                    case ACTIVATION -> epsilon = LayerParts.activationFn(layer).backprop(pass.inputs[k].dup(), epsilon)
                            .getFirst();
                }
            }
            if (step.preProcessor() != null && needInputGradient) {
                epsilon = step.preProcessor().backprop(epsilon, pass.batch, mgr);
            }
        }
    }

    /** The data type of the network's parameters (a loss layer has none of its own). */
    private DataType parameterType() {
        for (LayerChain.Step step : chain.steps()) {
            if (step.layer() != null && step.layer().params() != null) {
                return step.layer().params().dataType();
            }
        }
        return DataType.FLOAT;
    }
}
