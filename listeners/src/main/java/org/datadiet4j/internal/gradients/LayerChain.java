package org.datadiet4j.internal.gradients;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.graph.vertex.impl.PreprocessorVertex;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A network seen as a chain of steps, input to output: each step an optional input
 * preprocessor followed by an optional layer. Every {@code MultiLayerNetwork} is a chain; a
 * {@code ComputationGraph} is one when it has one input, one output, and every vertex is a layer
 * or a preprocessor fed by the vertex before it.
 */
record LayerChain(List<Step> steps) {

    /** One step: {@code preProcessor} (or null) applied to the input, then {@code layer} (or null). */
    record Step(String name, InputPreProcessor preProcessor, Layer layer) {
    }

    /** The chain of {@code model}; throws {@link UnsupportedOperationException} naming why it is not one. */
    static LayerChain of(Model model) {
        List<Step> steps = new ArrayList<>();
        if (model instanceof MultiLayerNetwork network) {
            for (int i = 0; i < network.getnLayers(); i++) {
                steps.add(new Step("layer " + i, network.getLayerWiseConfigurations().getInputPreProcess(i),
                        network.getLayer(i)));
            }
            return new LayerChain(steps);
        }
        if (!(model instanceof ComputationGraph graph)) {
            throw new UnsupportedOperationException("only MultiLayerNetwork and ComputationGraph are supported, got "
                    + model.getClass().getName());
        }
        if (graph.getNumInputArrays() != 1 || graph.getNumOutputArrays() != 1) {
            throw new UnsupportedOperationException("the graph has " + graph.getNumInputArrays() + " inputs and "
                    + graph.getNumOutputArrays() + " outputs; the closed forms need one of each");
        }
        GraphVertex[] vertices = graph.getVertices();
        int previous = -1;
        for (int index : graph.topologicalSortOrder()) {
            GraphVertex vertex = vertices[index];
            if (vertex.isInputVertex()) {
                previous = index;
                continue;
            }
            if (vertex.getInputVertices() == null || vertex.getInputVertices().length != 1
                    || vertex.getInputVertices()[0].getVertexIndex() != previous) {
                throw new UnsupportedOperationException("vertex '" + vertex.getVertexName()
                        + "' is not fed by the single vertex before it: the graph is not a chain");
            }
            if (vertex instanceof LayerVertex layerVertex) {
                steps.add(new Step(vertex.getVertexName(), layerVertex.getLayerPreProcessor(), vertex.getLayer()));
            } else if (vertex instanceof PreprocessorVertex preprocessorVertex) {
                steps.add(new Step(vertex.getVertexName(), preprocessorVertex.getPreProcessor(), null));
            } else {
                throw new UnsupportedOperationException("vertex '" + vertex.getVertexName() + "' is a "
                        + vertex.getClass().getSimpleName() + "; the closed forms cover layer and preprocessor vertices");
            }
            previous = index;
        }
        return new LayerChain(steps);
    }
}
