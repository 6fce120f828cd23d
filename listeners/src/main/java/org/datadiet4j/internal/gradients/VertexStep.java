package org.datadiet4j.internal.gradients;

import java.util.Set;
import org.datadiet4j.internal.network.LayerGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.ElementWiseVertex;
import org.deeplearning4j.nn.graph.vertex.impl.MergeVertex;
import org.deeplearning4j.nn.graph.vertex.impl.ScaleVertex;
import org.deeplearning4j.nn.graph.vertex.impl.ShiftVertex;
import org.deeplearning4j.nn.graph.vertex.impl.SubsetVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@code ComputationGraph} vertex without parameters, forward and backward as DL4J computes it:
 * element-wise (add, subtract, product, average, max), merge, subset, scale and shift. None of them
 * mixes examples, so row i of the gradients it passes back belongs to example i alone. The vertex
 * objects are the network's own: each call sets their inputs and clears them again, as DL4J leaves a
 * vertex between iterations.
 */
final class VertexStep {

    /** The vertices covered, by exact runtime class (a subclass may compute something else). */
    private static final Set<Class<?>> COVERED = Set.of(ElementWiseVertex.class, MergeVertex.class,
            SubsetVertex.class, ScaleVertex.class, ShiftVertex.class);

    private VertexStep() {
    }

    /**
     * Checks that the node's vertex is covered.
     *
     * @throws UnsupportedOperationException naming the vertex and its type otherwise
     */
    static void check(LayerGraph.Node node) {
        if (!COVERED.contains(node.vertex().getClass())) {
            throw new UnsupportedOperationException("vertex '" + node.name() + "' is a "
                    + node.vertex().getClass().getSimpleName() + ", which has no closed form here (covered: element-wise,"
                    + " merge, subset, scale, shift and preprocessor vertices)");
        }
    }

    /** The vertex's output for {@code inputs}, in inference mode. */
    static INDArray forward(GraphVertex vertex, INDArray[] inputs) {
        try {
            vertex.setInputs(inputs);
            return vertex.doForward(false, LayerWorkspaceMgr.noWorkspaces());
        } finally {
            vertex.clear();
        }
    }

    /**
     * The gradients with respect to each of {@code inputs}, given {@code epsilon}, the gradient with
     * respect to the vertex's output. The forward pass is repeated first: DL4J's vertices keep from it
     * what their backward pass needs (input count, shapes).
     */
    static INDArray[] backward(GraphVertex vertex, INDArray[] inputs, INDArray epsilon) {
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        try {
            vertex.setInputs(inputs);
            vertex.doForward(false, mgr);
            vertex.setEpsilon(epsilon);
            return vertex.doBackward(false, mgr).getSecond();
        } finally {
            vertex.clear();
        }
    }
}
