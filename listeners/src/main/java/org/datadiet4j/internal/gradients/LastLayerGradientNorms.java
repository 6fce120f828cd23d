package org.datadiet4j.internal.gradients;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The "last-layer" GraNd variant: the per-example gradient norm of the output layer's weights and
 * bias only. With input h_i to the output layer and δ_i = ∂ℓ_i/∂z_i (z = hW + b), the squared norm
 * is (‖h_i‖² + 1)‖δ_i‖²; for softmax with cross-entropy δ_i = p_i − y_i, so the norm is
 * ‖p_i − y_i‖·√(1 + ‖h_i‖²). Any model whose last layer is a dense output layer is covered; the
 * forward pass is DL4J's own, in inference mode.
 */
public final class LastLayerGradientNorms implements GradientNorms {

    private final Model model;
    private final Layer outputLayer;

    private LastLayerGradientNorms(Model model, Layer outputLayer) {
        this.model = model;
        this.outputLayer = outputLayer;
    }

    public static LastLayerGradientNorms of(Model model) {
        Layer output;
        if (model instanceof MultiLayerNetwork network) {
            output = network.getOutputLayer();
        } else if (model instanceof ComputationGraph graph && graph.getNumOutputArrays() == 1) {
            output = graph.getOutputLayer(0);
        } else {
            throw new UnsupportedOperationException("last-layer GraNd needs a MultiLayerNetwork or a one-output graph");
        }
        if (!(output.conf().getLayer() instanceof BaseOutputLayer)) {
            throw new UnsupportedOperationException("last-layer GraNd needs a dense output layer, got "
                    + output.conf().getLayer().getClass().getSimpleName());
        }
        return new LastLayerGradientNorms(model, output);
    }

    @Override
    public double[] squaredNorms(INDArray features, INDArray labels) {
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            INDArray h = inputToOutputLayer(features);
            INDArray weights = outputLayer.getParam(DefaultParamInitializer.WEIGHT_KEY);
            INDArray z = h.mmul(weights);
            BaseOutputLayer conf = (BaseOutputLayer) outputLayer.conf().getLayer();
            if (conf.hasBias()) {
                z.addiRowVector(outputLayer.getParam(DefaultParamInitializer.BIAS_KEY));
            }
            INDArray delta = conf.getLossFn().computeGradient(labels.castTo(z.dataType()), z, conf.getActivationFn(), null);
            return ClosedForms.dense(h, delta, conf.hasBias());
        }
    }

    private INDArray inputToOutputLayer(INDArray features) {
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        int batch = (int) features.size(0);
        if (model instanceof MultiLayerNetwork network) {
            int last = network.getnLayers() - 1;
            INDArray h = features;
            if (last > 0) {
                List<INDArray> activations = network.feedForwardToLayer(last - 1, features, false);
                h = activations.get(activations.size() - 1);
            }
            InputPreProcessor pre = network.getLayerWiseConfigurations().getInputPreProcess(last);
            return pre == null ? h : pre.preProcess(h, batch, mgr);
        }
        ComputationGraph graph = (ComputationGraph) model;
        Map<String, INDArray> activations = graph.feedForward(new INDArray[] {features}, false, false);
        GraphVertex outputVertex = graph.getVertex(outputLayer.conf().getLayer().getLayerName());
        String inputName = graph.getVertices()[outputVertex.getInputVertices()[0].getVertexIndex()].getVertexName();
        INDArray h = activations.get(inputName);
        InputPreProcessor pre = ((LayerVertex) outputVertex).getLayerPreProcessor();
        return pre == null ? h : pre.preProcess(h, batch, mgr);
    }
}
