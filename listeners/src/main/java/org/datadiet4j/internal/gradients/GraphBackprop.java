package org.datadiet4j.internal.gradients;

import java.util.ArrayList;
import java.util.List;
import org.datadiet4j.internal.network.LayerGraph;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One batched forward pass and any number of backward passes through a {@link LayerGraph} in inference
 * mode (no dropout; batch norm on its running statistics), computed here rather than by DL4J so that
 * each layer's per-example pieces (input, δ, unfolded patches) are at hand ({@link ParameterGradients}).
 *
 * <p>The backward pass propagates the per-example gradient ε_i = ∂ℓ_i/∂(node output) itself, in reverse
 * topological order: because nothing in inference mode mixes examples, row i of the batched ε is exactly
 * the gradient of example i's own loss (or logit). Where an output feeds several nodes (a residual
 * shortcut), the ε they pass back are summed. Covered: the layers {@link LayerKind} names (each layer's own
 * step in {@link LayerSteps}), with their input preprocessors as long as these keep one row per example,
 * and the vertices {@link VertexStep} names.
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
     * @throws UnsupportedOperationException naming the first layer, vertex or preprocessor it does not cover
     *                                       ({@link TimeStepFolding}), or when the graph does not end in an
     *                                       output or loss layer
     */
    static GraphBackprop of(LayerGraph graph) {
        List<LayerKind> kinds = new ArrayList<>();
        for (LayerGraph.Node node : graph.nodes()) {
            if (node.vertex() != null) {
                VertexStep.check(node);
            }
            kinds.add(node.layer() == null ? null : LayerKind.of(node));
        }
        TimeStepFolding.check(graph, kinds);
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
        private final Object[] kept;
        private final int batch;
        private final int output;

        private Pass(INDArray features, int nodes, int output) {
            this.features = features;
            this.inputs = new INDArray[nodes];
            this.outputs = new INDArray[nodes];
            this.kept = new Object[nodes];
            this.batch = (int) features.size(0);
            this.output = output;
        }

        /** The output layer's pre-activation z: the logits under a softmax output. */
        INDArray outputPreActivation() {
            return (INDArray) kept[output];
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

    /**
     * The forward pass over a batch of {@code features}.
     *
     * @throws UnsupportedOperationException when an input preprocessor folds time steps into the batch
     */
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
                requireOneRowPerExample(node, activation, pass.batch);
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
        boolean permuted = channelsLast[k] && input.rank() == 4;
        if (permuted) {
            pass.inputs[k] = input.permute(0, 3, 1, 2).dup('c');
        }
        LayerSteps.Forward forward = LayerSteps.forward(kinds.get(k), layer, pass.inputs[k], mgr);
        pass.kept[k] = forward.kept();
        return permuted ? forward.output().permute(0, 2, 3, 1) : forward.output();
    }

    /**
     * Checks that a preprocessor kept one row per example, for those {@link TimeStepFolding} cannot judge
     * (a preprocessor of the user's own): one that folds time steps into the batch makes rows that are not
     * examples, whose per-example gradients are sums over steps, not the closed forms here.
     *
     * @throws UnsupportedOperationException naming the node, its preprocessor and the row counts
     */
    private static void requireOneRowPerExample(LayerGraph.Node node, INDArray activation, int batch) {
        if (activation.size(0) != batch) {
            throw new UnsupportedOperationException(node.name() + "'s input preprocessor "
                    + node.preProcessor().getClass().getSimpleName() + " makes " + activation.size(0) + " rows of a batch"
                    + " of " + batch + " (time steps folded into the batch), which has no closed form here");
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
        boolean permuted = channelsLast[k] && epsilon.rank() == 4;
        INDArray back = LayerSteps.backward(kinds.get(k), layer, pass.inputs[k], pass.kept[k],
                permuted ? epsilon.permute(0, 3, 1, 2).dup('c') : epsilon, visitor, needInputGradient, mgr);
        return permuted && back != null ? back.permute(0, 2, 3, 1) : back;
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
