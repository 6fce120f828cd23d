package org.datadiet4j.internal.gradients;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One layer's forward and backward pass in inference mode, by its {@link LayerKind}, on NCHW images
 * ({@link GraphBackprop} permutes channels-last layers around it): the forward pass returns the output and
 * what the backward pass needs, the backward pass hands the layer's per-example pieces to a
 * {@link ParameterGradients} and returns the gradient with respect to the layer's input.
 */
final class LayerSteps {

    /**
     * A layer's forward pass: its output (null for an output or loss layer) and what its backward pass
     * needs ({@code kept}: for an output or loss layer the output pre-activation z, for the loss layer its input).
     */
    record Forward(INDArray output, Object kept) {
    }

    private LayerSteps() {
    }

    static Forward forward(LayerKind kind, Layer layer, INDArray input, LayerWorkspaceMgr mgr) {
        switch (kind) {
            case DENSE -> {
                INDArray z = LayerParts.affine(input, layer);
                return new Forward(activation(layer, z), z);
            }
            case OUTPUT -> {
                return new Forward(null, LayerParts.affine(input, layer));
            }
            case LOSS -> {
                return new Forward(null, input);
            }
            case CONVOLUTION -> {
                ConvolutionStep.Convolved convolved = ConvolutionStep.forward(input, layer);
                return new Forward(activation(layer, convolved.preActivation()), convolved);
            }
            case DEPTHWISE -> {
                ConvolutionStep.Convolved convolved = DepthwiseStep.forward(input, layer);
                return new Forward(activation(layer, convolved.preActivation()), convolved);
            }
            case SEPARABLE -> {
                SeparableStep.Separated separated = SeparableStep.forward(input, layer);
                return new Forward(activation(layer, separated.preActivation()), separated);
            }
            case LAYER_NORM_DENSE -> {
                LayerNormStep.Normalised normalised = LayerNormStep.forward(input, layer);
                return new Forward(activation(layer, normalised.preActivation()), normalised);
            }
            case EMBEDDING -> {
                EmbeddingStep.Embedded embedded = EmbeddingStep.forward(input, layer);
                return new Forward(activation(layer, embedded.preActivation()), embedded);
            }
            case BATCH_NORM -> {
                BatchNormState bn = BatchNormState.of(layer);
                INDArray xHat = LayerParts.perChannel(LayerParts.perChannel(input, bn.mean().neg(), false),
                        Transforms.pow(bn.sigma(), -1, true), true);
                return new Forward(LayerParts.perChannel(LayerParts.perChannel(xHat, bn.gamma(), true), bn.beta(), false),
                        xHat);
            }
            case PARAMETER_FREE -> {
                INDArray out = layer.activate(input, false, mgr);
                // as DL4J leaves a layer between iterations: no reference to an array of this pass
                layer.clear();
                return new Forward(out, null);
            }
            case DROPOUT -> {
                return new Forward(input, null);
            }
            case ACTIVATION -> {
                return new Forward(LayerParts.activationFn(layer).getActivation(input.dup(), false), null);
            }
            case PRELU -> {
                return new Forward(PReluStep.forward(layer, input), null);
            }
            default -> throw new IllegalStateException("no forward pass for " + kind);
        }
    }

    /**
     * Hands the layer's per-example pieces to {@code visitor} and returns the gradient with respect to its
     * input (null when not {@code needInputGradient}, or when, as for an embedding, there is none).
     *
     * @param epsilon the gradient with respect to the layer's output; for the output layer, with respect to z
     */
    static INDArray backward(LayerKind kind, Layer layer, INDArray input, Object kept, INDArray epsilon,
                             ParameterGradients visitor, boolean needInputGradient, LayerWorkspaceMgr mgr) {
        switch (kind) {
            case OUTPUT -> {
                visitor.dense(input, epsilon, LayerParts.hasBias(layer));
                return needInputGradient ? LayerParts.inputGradient(epsilon, layer) : null;
            }
            case LOSS, DROPOUT -> {
                return epsilon;
            }
            case DENSE -> {
                INDArray delta = LayerParts.activationFn(layer).backprop(((INDArray) kept).dup(), epsilon).getFirst();
                visitor.dense(input, delta, LayerParts.hasBias(layer));
                return needInputGradient ? LayerParts.inputGradient(delta, layer) : null;
            }
            case CONVOLUTION -> {
                return ConvolutionStep.backward(layer, input, (ConvolutionStep.Convolved) kept, epsilon, visitor,
                        needInputGradient);
            }
            case DEPTHWISE -> {
                return DepthwiseStep.backward(layer, input, (ConvolutionStep.Convolved) kept, epsilon, visitor,
                        needInputGradient);
            }
            case SEPARABLE -> {
                return SeparableStep.backward(layer, input, (SeparableStep.Separated) kept, epsilon, visitor,
                        needInputGradient);
            }
            case LAYER_NORM_DENSE -> {
                return LayerNormStep.backward(layer, input, (LayerNormStep.Normalised) kept, epsilon, visitor,
                        needInputGradient);
            }
            case EMBEDDING -> {
                EmbeddingStep.backward(layer, (EmbeddingStep.Embedded) kept, epsilon, visitor);
                return null;
            }
            case BATCH_NORM -> {
                BatchNormState bn = BatchNormState.of(layer);
                if (bn.learned()) {
                    visitor.batchNorm(epsilon, (INDArray) kept);
                }
                return LayerParts.perChannel(epsilon, bn.gamma().div(bn.sigma()), true);
            }
            case PARAMETER_FREE -> {
                layer.setInput(input, mgr);
                INDArray back = layer.backpropGradient(epsilon, mgr).getSecond();
                layer.clear();
                return back;
            }
            case ACTIVATION -> {
                return LayerParts.activationFn(layer).backprop(input.dup(), epsilon).getFirst();
            }
            case PRELU -> {
                visitor.perExample(PReluStep.slopeGradients(layer, input, epsilon));
                return PReluStep.inputGradient(layer, input, epsilon);
            }
            default -> throw new IllegalStateException("no backward pass for " + kind);
        }
    }

    private static INDArray activation(Layer layer, INDArray preActivation) {
        return LayerParts.activationFn(layer).getActivation(preActivation.dup(), false);
    }
}
