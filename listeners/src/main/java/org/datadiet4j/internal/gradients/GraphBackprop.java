package org.datadiet4j.internal.gradients;

import java.util.ArrayList;
import java.util.List;
import org.datadiet4j.internal.network.LayerGraph;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One batched forward pass and any number of backward passes through a {@link LayerGraph} in inference
 * mode (no dropout; batch norm on its running statistics), computed here rather than by DL4J so that
 * each layer's per-example pieces (input, δ, unfolded patches) are at hand ({@link ParameterGradients}).
 *
 * <p>The backward pass propagates the per-example gradient ε_i = ∂ℓ_i/∂(node output) itself, in reverse
 * topological order: because nothing in inference mode mixes examples, row i of the batched ε is exactly
 * the gradient of example i's own loss (or logit). Where an output feeds several nodes (a residual
 * shortcut), the ε they pass back are summed. Covered: the layers {@link LayerKind} names, with their
 * input preprocessors, and the vertices {@link VertexStep} names.
 */
final class GraphBackprop {

    private final LayerGraph graph;
    private final List<LayerKind> kinds;
    private final boolean[] channelsLast;

    private GraphBackprop(LayerGraph graph, List<LayerKind> kinds) {
        this.graph = graph;
        this.kinds = kinds;
        this.channelsLast = new boolean[kinds.size()];
        for (int k = 0; k < kinds.size(); k++) {
            Layer layer = graph.nodes().get(k).layer();
            channelsLast[k] = layer != null && LayerKind.channelsLast(layer);
        }
    }

    /**
     * The engine for {@code graph}.
     *
     * @throws UnsupportedOperationException naming the first layer or vertex it does not cover, or when
     *                                       the graph does not end in an output or loss layer
     */
    static GraphBackprop of(LayerGraph graph) {
        List<LayerKind> kinds = new ArrayList<>();
        for (LayerGraph.Node node : graph.nodes()) {
            if (node.vertex() != null) {
                VertexStep.check(node);
            }
            kinds.add(node.layer() == null ? null : LayerKind.of(node));
        }
        for (int k = 0; k < kinds.size(); k++) {
            boolean atOutput = k == graph.output();
            boolean outputKind = kinds.get(k) == LayerKind.OUTPUT || kinds.get(k) == LayerKind.LOSS;
            if (atOutput != outputKind) {
                throw new UnsupportedOperationException(atOutput
                        ? "the last layer is not an output or loss layer"
                        : graph.nodes().get(k).name() + " is an output or loss layer inside the graph");
            }
        }
        return new GraphBackprop(graph, kinds);
    }

    /** The forward pass of a batch, with what the backward pass needs per node; backpropagated any number of times. */
    static final class Pass {
        private final INDArray features;
        private final INDArray[] inputs;
        private final INDArray[] outputs;
        private final INDArray[] saved;
        private final INDArray[] patches;
        private final int batch;
        private final int output;

        private Pass(INDArray features, int nodes, int output) {
            this.features = features;
            this.inputs = new INDArray[nodes];
            this.outputs = new INDArray[nodes];
            this.saved = new INDArray[nodes];
            this.patches = new INDArray[nodes];
            this.batch = (int) features.size(0);
            this.output = output;
        }

        /** The output layer's pre-activation z: the logits under a softmax output. */
        INDArray outputPreActivation() {
            return saved[output];
        }

        private INDArray outputOf(int node) {
            return node == LayerGraph.NETWORK_INPUT ? features : outputs[node];
        }

        private INDArray[] inputsOf(LayerGraph.Node node) {
            INDArray[] values = new INDArray[node.inputCount()];
            for (int j = 0; j < values.length; j++) {
                values[j] = outputOf(node.input(j));
            }
            return values;
        }
    }

    /** The forward pass over a batch of {@code features}. */
    Pass forward(INDArray features) {
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        List<LayerGraph.Node> nodes = graph.nodes();
        Pass pass = new Pass(features.castTo(parameterType()), nodes.size(), graph.output());
        for (int k = 0; k < nodes.size(); k++) {
            LayerGraph.Node node = nodes.get(k);
            if (node.vertex() != null) {
                pass.outputs[k] = VertexStep.forward(node.vertex(), pass.inputsOf(node));
                continue;
            }
            INDArray activation = pass.outputOf(node.input(0));
            if (node.preProcessor() != null) {
                activation = node.preProcessor().preProcess(activation, pass.batch, mgr);
            }
            pass.inputs[k] = activation;
            Layer layer = node.layer();
            if (layer != null) {
                activation = layerForward(pass, k, layer, activation, mgr);
            }
            pass.outputs[k] = activation;
        }
        return pass;
    }

    /**
     * Layer {@code k}'s output for its {@code input}, keeping what its backward pass needs in {@code pass};
     * a channels-last image layer computes on its input permuted to NCHW (kept so in the pass) and hands
     * its output back permuted to NHWC.
     */
    private INDArray layerForward(Pass pass, int k, Layer layer, INDArray input, LayerWorkspaceMgr mgr) {
        if (!(channelsLast[k] && input.rank() == 4)) {
            return layerForwardNchw(pass, k, layer, input, mgr);
        }
        pass.inputs[k] = input.permute(0, 3, 1, 2).dup('c');
        return layerForwardNchw(pass, k, layer, pass.inputs[k], mgr).permute(0, 2, 3, 1);
    }

    private INDArray layerForwardNchw(Pass pass, int k, Layer layer, INDArray input, LayerWorkspaceMgr mgr) {
        switch (kinds.get(k)) {
            case DENSE -> {
                pass.saved[k] = LayerParts.affine(input, layer);
                return LayerParts.activationFn(layer).getActivation(pass.saved[k].dup(), false);
            }
            case OUTPUT -> {
                pass.saved[k] = LayerParts.affine(input, layer);
                return null;
            }
            case LOSS -> {
                pass.saved[k] = input;
                return null;
            }
            case CONVOLUTION -> {
                ConvolutionStep.Convolved convolved = ConvolutionStep.forward(input, layer);
                pass.patches[k] = convolved.patches();
                pass.saved[k] = convolved.preActivation();
                return LayerParts.activationFn(layer).getActivation(pass.saved[k].dup(), false);
            }
            case BATCH_NORM -> {
                BatchNormState bn = BatchNormState.of(layer);
                pass.saved[k] = LayerParts.perChannel(LayerParts.perChannel(input, bn.mean().neg(), false),
                        Transforms.pow(bn.sigma(), -1, true), true);
                return LayerParts.perChannel(LayerParts.perChannel(pass.saved[k], bn.gamma(), true), bn.beta(), false);
            }
            case PARAMETER_FREE -> {
                INDArray out = layer.activate(input, false, mgr);
                // as DL4J leaves a layer between iterations: no reference to an array of this pass
                layer.clear();
                return out;
            }
            case DROPOUT -> {
                return input;
            }
            case ACTIVATION -> {
                return LayerParts.activationFn(layer).getActivation(input.dup(), false);
            }
            case PRELU -> {
                return PReluStep.forward(layer, input);
            }
            default -> throw new IllegalStateException("no forward pass for " + kinds.get(k));
        }
    }

    /** ∂ℓ_i/∂z_i of the graph's own loss for one-hot {@code labels}, z the output pre-activation of a pass. */
    INDArray lossGradient(Pass pass, INDArray labels) {
        Layer last = graph.last().layer();
        INDArray z = pass.outputPreActivation();
        return LayerParts.lossFunction(last).computeGradient(labels.castTo(z.dataType()), z.dup(),
                LayerParts.activationFn(last), null);
    }

    /**
     * Backpropagates {@code deltaAtOutput}, the gradient with respect to the output layer's
     * pre-activation z (for a loss layer: its input), through {@code pass}, visiting every layer with
     * parameters in reverse topological order (the same order every time). The pass is left as it was,
     * so it can be backpropagated again.
     */
    void backward(Pass pass, INDArray deltaAtOutput, ParameterGradients visitor) {
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        List<LayerGraph.Node> nodes = graph.nodes();
        INDArray[] epsilons = new INDArray[nodes.size()];
        for (int k = graph.output(); k >= 0; k--) {
            LayerGraph.Node node = nodes.get(k);
            INDArray epsilon = epsilons[k];
            epsilons[k] = null;
            if (k != graph.output() && epsilon == null) {
                continue; // nothing downstream of this node reaches the loss
            }
            if (node.vertex() != null) {
                INDArray[] back = VertexStep.backward(node.vertex(), pass.inputsOf(node), epsilon);
                for (int j = 0; j < back.length; j++) {
                    accumulate(epsilons, node.input(j), back[j]);
                }
                continue;
            }
            boolean needInputGradient = node.input(0) != LayerGraph.NETWORK_INPUT;
            if (node.layer() != null) {
                epsilon = layerBackward(pass, k, node.layer(), k == graph.output() ? deltaAtOutput : epsilon,
                        visitor, needInputGradient, mgr);
            }
            if (node.preProcessor() != null && needInputGradient) {
                epsilon = node.preProcessor().backprop(epsilon, pass.batch, mgr);
            }
            if (needInputGradient) {
                accumulate(epsilons, node.input(0), epsilon);
            }
        }
    }

    /**
     * Hands layer {@code k}'s pieces to {@code visitor} and returns the gradient with respect to its input;
     * a channels-last image layer takes and returns them permuted as in {@link #layerForward}.
     */
    private INDArray layerBackward(Pass pass, int k, Layer layer, INDArray epsilon, ParameterGradients visitor,
                                   boolean needInputGradient, LayerWorkspaceMgr mgr) {
        if (!(channelsLast[k] && epsilon.rank() == 4)) {
            return layerBackwardNchw(pass, k, layer, epsilon, visitor, needInputGradient, mgr);
        }
        INDArray back = layerBackwardNchw(pass, k, layer, epsilon.permute(0, 3, 1, 2).dup('c'), visitor,
                needInputGradient, mgr);
        return back == null ? null : back.permute(0, 2, 3, 1);
    }

    private INDArray layerBackwardNchw(Pass pass, int k, Layer layer, INDArray epsilon, ParameterGradients visitor,
                                       boolean needInputGradient, LayerWorkspaceMgr mgr) {
        switch (kinds.get(k)) {
            case OUTPUT -> {
                visitor.dense(pass.inputs[k], epsilon, LayerParts.hasBias(layer));
                return needInputGradient ? epsilon.mmul(LayerParts.weights(layer).transpose()) : null;
            }
            case LOSS, DROPOUT -> {
                return epsilon;
            }
            case DENSE -> {
                INDArray delta = LayerParts.activationFn(layer).backprop(pass.saved[k].dup(), epsilon).getFirst();
                visitor.dense(pass.inputs[k], delta, LayerParts.hasBias(layer));
                return needInputGradient ? delta.mmul(LayerParts.weights(layer).transpose()) : null;
            }
            case CONVOLUTION -> {
                return ConvolutionStep.backward(layer, pass.inputs[k],
                        new ConvolutionStep.Convolved(pass.patches[k], pass.saved[k]), epsilon, visitor,
                        needInputGradient);
            }
            case BATCH_NORM -> {
                BatchNormState bn = BatchNormState.of(layer);
                if (bn.learned()) {
                    visitor.batchNorm(epsilon, pass.saved[k]);
                }
                return LayerParts.perChannel(epsilon, bn.gamma().div(bn.sigma()), true);
            }
            case PARAMETER_FREE -> {
                layer.setInput(pass.inputs[k], mgr);
                INDArray back = layer.backpropGradient(epsilon, mgr).getSecond();
                layer.clear();
                return back;
            }
            case ACTIVATION -> {
                return LayerParts.activationFn(layer).backprop(pass.inputs[k].dup(), epsilon).getFirst();
            }
            case PRELU -> {
                visitor.perExample(PReluStep.slopeGradients(layer, pass.inputs[k], epsilon));
                return PReluStep.inputGradient(layer, pass.inputs[k], epsilon);
            }
            default -> throw new IllegalStateException("no backward pass for " + kinds.get(k));
        }
    }

    /** Adds {@code gradient} to the ε of node {@code target}'s output: an output used twice gets both. */
    private static void accumulate(INDArray[] epsilons, int target, INDArray gradient) {
        if (target == LayerGraph.NETWORK_INPUT || gradient == null) {
            return;
        }
        epsilons[target] = epsilons[target] == null ? gradient : epsilons[target].add(gradient);
    }

    /** The data type of the network's parameters (a loss layer has none of its own). */
    private DataType parameterType() {
        for (LayerGraph.Node node : graph.nodes()) {
            if (node.layer() != null && node.layer().params() != null) {
                return node.layer().params().dataType();
            }
        }
        return DataType.FLOAT;
    }
}
