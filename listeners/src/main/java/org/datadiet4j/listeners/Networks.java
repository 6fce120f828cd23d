package org.datadiet4j.listeners;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.datadiet4j.data.ExampleSource;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The few things listeners need from a {@code MultiLayerNetwork} or a single-output
 * {@code ComputationGraph}: the epoch counter and class probabilities in inference mode.
 */
public final class Networks {

    private Networks() {
    }

    /** Epochs completed before the one now running (DL4J increments it after {@code onEpochEnd}). */
    public static int epochCount(Model model) {
        if (model instanceof MultiLayerNetwork network) {
            return network.getEpochCount();
        }
        if (model instanceof ComputationGraph graph) {
            return graph.getEpochCount();
        }
        throw unsupported(model);
    }

    /** The model's counter of training iterations done. */
    public static int iterationCount(Model model) {
        if (model instanceof MultiLayerNetwork network) {
            return network.getIterationCount();
        }
        if (model instanceof ComputationGraph graph) {
            return graph.getIterationCount();
        }
        throw unsupported(model);
    }

    /** Sets the model's epoch and iteration counters (which learning-rate schedules and Adam read). */
    public static void setCounters(Model model, int epochs, int iterations) {
        if (model instanceof MultiLayerNetwork network) {
            network.setEpochCount(epochs);
            network.setIterationCount(iterations);
        } else if (model instanceof ComputationGraph graph) {
            graph.getConfiguration().setEpochCount(epochs);
            graph.getConfiguration().setIterationCount(iterations);
        } else {
            throw unsupported(model);
        }
    }

    /** The listeners registered on the model, in call order. */
    public static List<TrainingListener> listeners(Model model) {
        if (model instanceof MultiLayerNetwork network) {
            return new ArrayList<>(network.getListeners());
        }
        if (model instanceof ComputationGraph graph) {
            return new ArrayList<>(graph.getListeners());
        }
        throw unsupported(model);
    }

    /**
     * Fails unless the model ends in one output layer whose activation is softmax (probabilities)
     * or identity (logits, to which softmax is applied here).
     */
    public static void requireClassProbabilities(Model model) {
        IActivation activation = outputActivation(model);
        if (!(activation instanceof ActivationSoftmax) && !(activation instanceof ActivationIdentity)) {
            throw new IllegalStateException("scores need class probabilities, but the output layer's activation is "
                    + activation + ": use a softmax output layer (or identity logits)");
        }
    }

    /**
     * Fails, naming the mismatch, unless the model takes these examples' features and has one output
     * per class: one inference pass over the first example.
     */
    public static void requireFits(Model model, ExampleSource examples) {
        INDArray features = examples.firstExample().getFeatures();
        INDArray output;
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            output = probabilities(model, features);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the model cannot take these examples, whose features have shape "
                    + Arrays.toString(examples.exampleShape()) + " per example: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
        }
        if (output.rank() != 2 || output.size(1) != examples.numClasses()) {
            throw new IllegalArgumentException("the model has " + (output.rank() == 2 ? output.size(1) : "non-2D")
                    + " outputs but the examples have " + examples.numClasses() + " classes: give the output layer"
                    + " nOut(" + examples.numClasses() + ") or label the examples with that many classes");
        }
    }

    /** Class probabilities for {@code features} in inference mode (no dropout), detached from workspaces. */
    public static INDArray probabilities(Model model, INDArray features) {
        INDArray output;
        if (model instanceof MultiLayerNetwork network) {
            output = network.output(features, false);
        } else if (model instanceof ComputationGraph graph) {
            output = graph.outputSingle(false, features);
        } else {
            throw unsupported(model);
        }
        if (outputActivation(model) instanceof ActivationIdentity) {
            output = new ActivationSoftmax().getActivation(output, false);
        }
        return output;
    }

    private static IActivation outputActivation(Model model) {
        org.deeplearning4j.nn.conf.layers.Layer layer;
        if (model instanceof MultiLayerNetwork network) {
            layer = network.getOutputLayer().conf().getLayer();
        } else if (model instanceof ComputationGraph graph) {
            if (graph.getNumOutputArrays() != 1) {
                throw new IllegalStateException("scores need a graph with one output, this one has "
                        + graph.getNumOutputArrays());
            }
            layer = graph.getOutputLayer(0).conf().getLayer();
        } else {
            throw unsupported(model);
        }
        if (!(layer instanceof BaseLayer base)) {
            throw new IllegalStateException("the output layer " + layer.getClass().getSimpleName()
                    + " has no activation function: scores need a softmax output layer");
        }
        return base.getActivationFn();
    }

    private static IllegalArgumentException unsupported(Model model) {
        return new IllegalArgumentException("only MultiLayerNetwork and ComputationGraph are supported, got "
                + model.getClass().getName());
    }
}
