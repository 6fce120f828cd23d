package org.datadiet4j.internal.network;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@link NetworkView} of a {@code MultiLayerNetwork}: layers by index, the output layer last. */
final class MultiLayerNetworkView extends NetworkView {

    private final MultiLayerNetwork network;

    MultiLayerNetworkView(MultiLayerNetwork network) {
        this.network = network;
    }

    @Override
    public Model model() {
        return network;
    }

    @Override
    public int epochCount() {
        return network.getEpochCount();
    }

    @Override
    public int iterationCount() {
        return network.getIterationCount();
    }

    @Override
    public void setCounters(int epochs, int iterations) {
        network.setEpochCount(epochs);
        network.setIterationCount(iterations);
    }

    @Override
    public List<TrainingListener> listeners() {
        return new ArrayList<>(network.getListeners());
    }

    @Override
    public LayerGraph graph() {
        List<LayerGraph.Node> nodes = new ArrayList<>();
        for (int i = 0; i < network.getnLayers(); i++) {
            nodes.add(new LayerGraph.Node("layer " + i, new int[] {i - 1},
                    network.getLayerWiseConfigurations().getInputPreProcess(i), network.getLayer(i), null));
        }
        return new LayerGraph(nodes, nodes.size() - 1);
    }

    @Override
    public List<Layer> layers() {
        return List.of(network.getLayers());
    }

    @Override
    public String parameterPrefix(Layer layer) {
        Layer[] layers = network.getLayers();
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] == layer) {
                return Integer.toString(i);
            }
        }
        if (layer == network.getOutputLayer()) {
            return Integer.toString(layers.length - 1);
        }
        throw new IllegalArgumentException("layer " + layer.conf().getLayer().getLayerName()
                + " is not a layer of this network");
    }

    @Override
    public Layer outputLayer() {
        return network.getOutputLayer();
    }

    @Override
    public InputPreProcessor outputPreProcessor() {
        return network.getLayerWiseConfigurations().getInputPreProcess(network.getnLayers() - 1);
    }

    @Override
    public INDArray output(INDArray features) {
        return network.output(features, false);
    }

    @Override
    INDArray activationsBeforeOutputLayer(INDArray features) {
        List<INDArray> activations = activationsHeldByTheForwardPass(features);
        return activations.get(activations.size() - 1);
    }

    @Override
    List<INDArray> activationsHeldByTheForwardPass(INDArray features) {
        int last = network.getnLayers() - 1;
        return last == 0 ? List.of(features) : network.feedForwardToLayer(last - 1, features, false);
    }

    @Override
    public INDArray outputLayerInput(List<INDArray> forwardPass, int batch) {
        return intoOutputLayer(forwardPass.get(forwardPass.size() - 1), batch);
    }

    @Override
    public Gradient gradient(INDArray features, INDArray labels) {
        return network.calculateGradients(features.castTo(network.params().dataType()), labels, null, null)
                .getFirst();
    }

    @Override
    public NetworkView twin(INDArray oneExample, LayerConfEdit edit) {
        MultiLayerConfiguration conf = network.getLayerWiseConfigurations().clone();
        List<INDArray> activations = network.feedForward(oneExample, false);
        for (int i = 0; i < conf.getConfs().size(); i++) {
            INDArray input = activations.get(i);
            InputPreProcessor pre = conf.getInputPreProcess(i);
            int rank = pre == null ? input.rank() : pre.preProcess(input, 1, LayerWorkspaceMgr.noWorkspaces()).rank();
            edit.apply(conf.getConf(i), rank);
        }
        MultiLayerNetwork twin = new MultiLayerNetwork(conf);
        twin.init();
        return new MultiLayerNetworkView(twin);
    }

    @Override
    public Runnable inputsRestorer() {
        INDArray input = network.getInput();
        INDArray labels = network.getLabels();
        INDArray mask = network.getMask();
        return () -> {
            network.setInput(input);
            network.setLabels(labels);
            network.setMask(mask);
        };
    }
}
