package org.datadiet4j.listeners;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.datadiet4j.data.FittedBatchIds;
import org.datadiet4j.internal.network.NetworkView;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The output layer's logits z = hW + b of the batch {@code fit} is fitting, from the activations DL4J
 * hands {@code onForwardPass} (up to the output layer's input h) and the ids of the batch's examples,
 * for listeners that read the training forward pass (forgetting events, AUM, InfoBatch's losses). The
 * logits are bit for bit training's ({@link AffineArgMax}). One instance serves every listener built on
 * the same iterator ({@link #sharedBy}): the first to ask in an iteration computes the product, the
 * others read it. Used from the training thread only.
 */
final class FittedLogits {

    /** The instance of each iterator's fitted-batch ids, held weakly on both sides (its listeners hold it). */
    private static final Map<FittedBatchIds, WeakReference<FittedLogits>> SHARED = new WeakHashMap<>();

    private final FittedBatchIds fitted;
    private final AffineArgMax affine = new AffineArgMax();
    private NetworkView network;
    private Layer outputLayer;
    private int[] predicted;
    /** The activations (one object per forward pass, handed to every listener) the logits were computed from. */
    private Object computedFrom;
    private long computations;

    private FittedLogits(FittedBatchIds fitted) {
        this.fitted = fitted;
    }

    /** The logits of the batches fitted from {@code fitted}'s iterator, shared by the listeners built on it. */
    static FittedLogits sharedBy(FittedBatchIds fitted) {
        synchronized (SHARED) {
            WeakReference<FittedLogits> held = SHARED.get(fitted);
            FittedLogits logits = held == null ? null : held.get();
            if (logits == null) {
                logits = new FittedLogits(fitted);
                SHARED.put(fitted, new WeakReference<>(logits));
            }
            return logits;
        }
    }

    /** Follows {@code model}; fails when its output layer is not dense ({@code purpose} says who needs it). */
    void adopt(Model model, String purpose) {
        network = NetworkView.of(model);
        outputLayer = network.denseOutputLayer(purpose);
    }

    NetworkView network() {
        return network;
    }

    Layer outputLayer() {
        return outputLayer;
    }

    /** Computes the logits of the batch being fitted (MultiLayerNetwork) and returns its ids in row order. */
    int[] of(Model model, List<INDArray> activations) {
        int[] ids = fitted.idsOfCurrentBatch(model);
        if (activations != computedFrom) {
            compute(activations, ids, network.outputLayerInput(activations, ids.length));
        }
        return ids;
    }

    /** As {@link #of(Model, List)} for a ComputationGraph. */
    int[] of(Model model, Map<String, INDArray> activations) {
        int[] ids = fitted.idsOfCurrentBatch(model);
        if (activations != computedFrom) {
            compute(activations, ids, network.outputLayerInput(activations, ids.length));
        }
        return ids;
    }

    /** Products computed so far (for tests: one per iteration however many listeners read them). */
    long computations() {
        return computations;
    }

    /**
     * Computes the logits of the forward pass that handed out {@code activations}; another listener shown
     * the same pass reads them (the parameters change only after every listener has seen it).
     */
    private void compute(Object activations, int[] ids, INDArray h) {
        if (h.size(0) != ids.length) {
            throw new IllegalStateException("the batch being fitted has " + h.size(0) + " rows but the iterator"
                    + " reported " + ids.length + " ids: train on the ExampleIdIterator given to this listener");
        }
        predicted = affine.of(h, outputLayer.getParam(DefaultParamInitializer.WEIGHT_KEY),
                outputLayer.getParam(DefaultParamInitializer.BIAS_KEY));
        computations++;
        computedFrom = activations;
    }

    /** The arg max of each row of the last batch (the first of equal logits). */
    int[] predicted() {
        return predicted;
    }

    /** The logit of class k in row r of the last batch. */
    double logit(int r, int k) {
        return affine.logit(r, k);
    }

    /** The logits of the last batch as a new detached array [rows, classes], in W's data type. */
    INDArray logits() {
        return affine.logits();
    }
}
