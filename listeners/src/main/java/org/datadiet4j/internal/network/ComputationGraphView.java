package org.datadiet4j.internal.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.graph.vertex.impl.PreprocessorVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link NetworkView} of a {@code ComputationGraph}: layers by vertex name, the graph in DL4J's topological
 * order; the scores need one output.
 * A graph keeps its counters in its configuration, and has no public getter for its labels (DL4J
 * 1.0.0-M2.1), which no inference pass replaces.
 */
final class ComputationGraphView extends NetworkView {

    private final ComputationGraph graph;

    ComputationGraphView(ComputationGraph graph) {
        this.graph = graph;
    }

    @Override
    public Model model() {
        return graph;
    }

    @Override
    public int epochCount() {
        return graph.getEpochCount();
    }

    @Override
    public int iterationCount() {
        return graph.getIterationCount();
    }

    @Override
    public void setCounters(int epochs, int iterations) {
        graph.getConfiguration().setEpochCount(epochs);
        graph.getConfiguration().setIterationCount(iterations);
    }

    @Override
    public List<TrainingListener> listeners() {
        return new ArrayList<>(graph.getListeners());
    }

    @Override
    public LayerGraph graph() {
        if (graph.getNumInputArrays() != 1 || graph.getNumOutputArrays() != 1) {
            throw new UnsupportedOperationException("the graph has " + graph.getNumInputArrays() + " inputs and "
                    + graph.getNumOutputArrays() + " outputs; the closed forms need one of each");
        }
        GraphVertex[] vertices = graph.getVertices();
        int[] nodeOf = new int[vertices.length];
        List<LayerGraph.Node> nodes = new ArrayList<>();
        for (int index : graph.topologicalSortOrder()) {
            GraphVertex vertex = vertices[index];
            if (vertex.isInputVertex()) {
                nodeOf[index] = LayerGraph.NETWORK_INPUT;
                continue;
            }
            VertexIndices[] from = vertex.getInputVertices();
            int[] inputs = new int[from.length];
            for (int k = 0; k < from.length; k++) {
                inputs[k] = nodeOf[from[k].getVertexIndex()];
            }
            nodeOf[index] = nodes.size();
            String name = vertex.getVertexName();
            if (vertex instanceof LayerVertex layerVertex) {
                nodes.add(new LayerGraph.Node(name, inputs, layerVertex.getLayerPreProcessor(), vertex.getLayer(), null));
            } else if (vertex instanceof PreprocessorVertex preprocessorVertex) {
                nodes.add(new LayerGraph.Node(name, inputs, preprocessorVertex.getPreProcessor(), null, null));
            } else {
                nodes.add(new LayerGraph.Node(name, inputs, null, null, vertex));
            }
        }
        String output = graph.getConfiguration().getNetworkOutputs().get(0);
        return new LayerGraph(nodes, nodeOf[graph.getVertex(output).getVertexIndex()]);
    }

    @Override
    public List<Layer> layers() {
        return List.of(graph.getLayers());
    }

    @Override
    public String parameterPrefix(Layer layer) {
        return layer.conf().getLayer().getLayerName();
    }

    @Override
    public Layer outputLayer() {
        if (graph.getNumOutputArrays() != 1) {
            throw new IllegalStateException("scores need a graph with one output, this one has "
                    + graph.getNumOutputArrays());
        }
        return graph.getOutputLayer(0);
    }

    private LayerVertex outputVertex() {
        return (LayerVertex) graph.getVertex(outputLayer().conf().getLayer().getLayerName());
    }

    /** The name of the vertex whose activations the output layer takes. */
    private String outputInputVertex() {
        return graph.getVertices()[outputVertex().getInputVertices()[0].getVertexIndex()].getVertexName();
    }

    @Override
    public InputPreProcessor outputPreProcessor() {
        return outputVertex().getLayerPreProcessor();
    }

    @Override
    public INDArray output(INDArray features) {
        return graph.outputSingle(false, features);
    }

    @Override
    INDArray activationsBeforeOutputLayer(INDArray features) {
        return forwardPass(features).get(outputInputVertex());
    }

    @Override
    java.util.Collection<INDArray> activationsHeldByTheForwardPass(INDArray features) {
        return forwardPass(features).values();
    }

    /** Every vertex's activations in inference mode, by name, detached. */
    private Map<String, INDArray> forwardPass(INDArray features) {
        return graph.feedForward(new INDArray[] {features}, false, false);
    }

    @Override
    public INDArray outputLayerInput(Map<String, INDArray> forwardPass, int batch) {
        return intoOutputLayer(forwardPass.get(outputInputVertex()), batch);
    }

    @Override
    public Gradient gradient(INDArray features, INDArray labels) {
        graph.setInputs(features.castTo(graph.params().dataType()));
        graph.setLabels(labels);
        graph.computeGradientAndScore();
        return graph.gradient();
    }

    @Override
    public NetworkView twin(INDArray oneExample, LayerConfEdit edit) {
        ComputationGraphConfiguration conf = graph.getConfiguration().clone();
        keepMergeAxes(graph.getConfiguration(), conf);
        Map<String, INDArray> activations = graph.feedForward(new INDArray[] {oneExample}, false, false);
        for (Map.Entry<String, org.deeplearning4j.nn.conf.graph.GraphVertex> entry : conf.getVertices().entrySet()) {
            if (entry.getValue() instanceof org.deeplearning4j.nn.conf.graph.LayerVertex vertex) {
                INDArray input = activations.get(conf.getVertexInputs().get(entry.getKey()).get(0));
                InputPreProcessor pre = vertex.getPreProcessor();
                int rank = pre == null ? input.rank()
                        : pre.preProcess(input, 1, LayerWorkspaceMgr.noWorkspaces()).rank();
                edit.apply(vertex.getLayerConf(), rank);
            }
        }
        ComputationGraph twin = new ComputationGraph(conf);
        twin.init();
        return new ComputationGraphView(twin);
    }

    /**
     * DL4J 1.0.0-M2.1's {@code MergeVertex.clone()} drops the merge axis, which is 3 (not the default 1) in a
     * channels-last graph: a clone would concatenate along the wrong axis and fail.
     */
    private static void keepMergeAxes(ComputationGraphConfiguration original, ComputationGraphConfiguration copy) {
        for (Map.Entry<String, org.deeplearning4j.nn.conf.graph.GraphVertex> entry : original.getVertices().entrySet()) {
            if (entry.getValue() instanceof org.deeplearning4j.nn.conf.graph.MergeVertex merge) {
                ((org.deeplearning4j.nn.conf.graph.MergeVertex) copy.getVertices().get(entry.getKey()))
                        .setMergeAxis(merge.getMergeAxis());
            }
        }
    }

    @Override
    public Runnable inputsRestorer() {
        INDArray[] inputs = graph.getInputs();
        INDArray[] inputMasks = graph.getInputMaskArrays();
        INDArray[] labelMasks = graph.getLabelMaskArrays();
        return () -> {
            graph.setInputs(inputs);
            graph.setLayerMaskArrays(inputMasks, labelMasks);
        };
    }
}
