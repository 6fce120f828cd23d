package org.datadiet4j.internal.network;

import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;

/**
 * A network seen as a directed acyclic graph of nodes in topological order, input to output: each node
 * takes the outputs of earlier nodes (or the network's input) and is either an optional input
 * preprocessor followed by an optional layer, or a {@code ComputationGraph} vertex without parameters
 * (element-wise, merge, subset, ...). Every {@code MultiLayerNetwork} is a chain of such nodes; a
 * {@code ComputationGraph} is one when it has one input and one output ({@link NetworkView#graph()}
 * says why when it is not).
 *
 * @param nodes  in topological order
 * @param output the index of the node whose output is the network's output
 */
public record LayerGraph(List<Node> nodes, int output) {

    /** The index a node uses for the network's own input. */
    public static final int NETWORK_INPUT = -1;

    /**
     * One node: {@code preProcessor} (or null) applied to its single input, then {@code layer} (or
     * null); or, when {@code vertex} is not null, that vertex applied to its inputs.
     *
     * @param inputs indices of the nodes whose outputs it takes, {@link #NETWORK_INPUT} for the network's input
     */
    public record Node(String name, int[] inputs, InputPreProcessor preProcessor, Layer layer, GraphVertex vertex) {

        public Node {
            inputs = inputs.clone();
        }

        @Override
        public int[] inputs() {
            return inputs.clone();
        }

        /** The index of input {@code k}. */
        public int input(int k) {
            return inputs[k];
        }

        /** How many inputs it takes. */
        public int inputCount() {
            return inputs.length;
        }
    }

    public LayerGraph {
        nodes = List.copyOf(nodes);
        if (output < 0 || output >= nodes.size()) {
            throw new IllegalArgumentException("output node " + output + " is not one of the " + nodes.size()
                    + " nodes");
        }
    }

    /** The output node: the output (or loss) layer. */
    public Node last() {
        return nodes.get(output);
    }
}
