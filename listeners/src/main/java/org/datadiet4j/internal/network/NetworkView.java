package org.datadiet4j.internal.network;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A DL4J network as datadiet sees it, a {@code MultiLayerNetwork} or a {@code ComputationGraph} alike:
 * the training counters and listeners, the output layer with its input preprocessor and its input
 * activations, the graph of layers and vertices, inference-mode outputs, and per-parameter gradients for the
 * brute-force reference. The only place in the library that tells the two network types apart.
 *
 * <p>Every forward pass offered here runs in inference mode (no dropout, batch norm on its running
 * statistics) and replaces the network's current input: while training is under way, run it inside a
 * {@link org.datadiet4j.internal.scoring.ScoringContext}, which puts the input back.
 */
public abstract sealed class NetworkView permits MultiLayerNetworkView, ComputationGraphView {

    /** Changes one layer's configuration of a {@link #twin}, given the rank of that layer's input. */
    @FunctionalInterface
    public interface LayerConfEdit {
        void apply(NeuralNetConfiguration layerConf, int inputRank);
    }

    /** The view of {@code model}; only {@code MultiLayerNetwork} and {@code ComputationGraph} have one. */
    public static NetworkView of(Model model) {
        if (model instanceof MultiLayerNetwork network) {
            return new MultiLayerNetworkView(network);
        }
        if (model instanceof ComputationGraph graph) {
            return new ComputationGraphView(graph);
        }
        throw new IllegalArgumentException("only MultiLayerNetwork and ComputationGraph are supported, got "
                + (model == null ? "null" : model.getClass().getName()));
    }

    /** The network itself. */
    public abstract Model model();

    /** Epochs completed before the one now running (DL4J increments it after {@code onEpochEnd}). */
    public abstract int epochCount();

    /** The network's counter of training iterations done. */
    public abstract int iterationCount();

    /** Sets the epoch and iteration counters (which learning-rate schedules and Adam read). */
    public abstract void setCounters(int epochs, int iterations);

    /** A copy of the listeners registered on the network, in call order. */
    public abstract List<TrainingListener> listeners();

    /**
     * The network as a graph of layers, preprocessors and vertices in topological order, input to output.
     *
     * @throws UnsupportedOperationException naming why a graph has no such view (several inputs or outputs)
     */
    public abstract LayerGraph graph();

    /** Every layer with parameters, in the network's own order (that of {@code getLayers()}). */
    public abstract List<Layer> layers();

    /** How DL4J names {@code layer}'s parameters in a {@link Gradient}: its index (network) or name (graph). */
    public abstract String parameterPrefix(Layer layer);

    /**
     * The output layer.
     *
     * @throws IllegalStateException when a graph does not have exactly one output
     */
    public abstract Layer outputLayer();

    /** The preprocessor applied to the output layer's input, or null. */
    public abstract InputPreProcessor outputPreProcessor();

    /**
     * The output layer, when it is a dense output layer (z = hW + b, then an activation and a loss).
     *
     * @param purpose what needs it, for the message: "forgetting events", "last-layer GraNd"
     * @throws IllegalStateException when it is another kind of layer, or the graph has several outputs
     */
    public Layer denseOutputLayer(String purpose) {
        Layer output = outputLayer();
        if (!(output.conf().getLayer() instanceof BaseOutputLayer)) {
            throw new IllegalStateException(purpose + " needs a dense output layer (OutputLayer), got "
                    + output.conf().getLayer().getClass().getSimpleName());
        }
        return output;
    }

    /** The activation function of the output layer. */
    public IActivation outputActivation() {
        org.deeplearning4j.nn.conf.layers.Layer layer = outputLayer().conf().getLayer();
        if (!(layer instanceof BaseLayer base)) {
            throw new IllegalStateException("the output layer " + layer.getClass().getSimpleName()
                    + " has no activation function: scores need a softmax output layer");
        }
        return base.getActivationFn();
    }

    /** The network's output for {@code features} in inference mode, detached from workspaces. */
    public abstract INDArray output(INDArray features);

    /** Class probabilities for {@code features} in inference mode: the output, softmax applied to identity logits. */
    public INDArray probabilities(INDArray features) {
        INDArray output = output(features);
        return outputActivation() instanceof ActivationIdentity ? new ActivationSoftmax().getActivation(output, false)
                : output;
    }

    /** The input of the output layer for {@code features} in inference mode, its preprocessor applied. */
    public INDArray outputLayerInput(INDArray features) {
        return intoOutputLayer(activationsBeforeOutputLayer(features), (int) features.size(0));
    }

    /** The activations of the vertex or layer that feeds the output layer, in inference mode. */
    abstract INDArray activationsBeforeOutputLayer(INDArray features);

    /**
     * Every array DL4J's inference forward pass behind {@link #outputLayerInput(INDArray)} holds at once
     * (the input and each layer's activations, outside any workspace, until the pass returns).
     */
    abstract java.util.Collection<INDArray> activationsHeldByTheForwardPass(INDArray features);

    /**
     * Bytes per example that {@link #outputLayerInput(INDArray)} holds at its peak, counted from the arrays of
     * a pass over {@code probe} (a few examples).
     */
    public long heldActivationBytesPerExample(INDArray probe) {
        long bytes = 0;
        for (INDArray held : activationsHeldByTheForwardPass(probe)) {
            bytes += held.length() * held.dataType().width();
        }
        return (bytes + probe.size(0) - 1) / probe.size(0);
    }

    /**
     * The input of the output layer in a training forward pass, from the activations a
     * {@code MultiLayerNetwork} hands {@code onForwardPass}, its preprocessor applied.
     */
    public INDArray outputLayerInput(List<INDArray> forwardPass, int batch) {
        throw new IllegalStateException("a ComputationGraph hands onForwardPass its activations by vertex name");
    }

    /** As {@link #outputLayerInput(List, int)}, from the activations by vertex a {@code ComputationGraph} hands it. */
    public INDArray outputLayerInput(Map<String, INDArray> forwardPass, int batch) {
        throw new IllegalStateException("a MultiLayerNetwork hands onForwardPass its activations as a list");
    }

    INDArray intoOutputLayer(INDArray activations, int batch) {
        InputPreProcessor pre = outputPreProcessor();
        return pre == null ? activations : pre.preProcess(activations, batch, LayerWorkspaceMgr.noWorkspaces());
    }

    /**
     * DL4J's gradient of the data loss summed over the batch (no regularisation terms), by backpropagation
     * in training mode; it replaces this network's input, labels and score, so it is for {@link #twin}s.
     */
    public abstract Gradient gradient(INDArray features, INDArray labels);

    /**
     * A new network of this one's configuration, each layer's configuration changed by {@code edit} first,
     * initialised with fresh parameters. Its {@code init()} reseeds ND4J's random generator: build it
     * inside a {@link org.datadiet4j.internal.scoring.ScoringContext}.
     *
     * @param oneExample features of one example, to learn each layer's input rank
     */
    public abstract NetworkView twin(INDArray oneExample, LayerConfEdit edit);

    /**
     * Captures what a forward pass replaces (the network's current input, labels and masks); running
     * the result puts them back.
     */
    public abstract Runnable inputsRestorer();
}
