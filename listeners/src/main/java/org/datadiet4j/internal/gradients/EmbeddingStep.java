package org.datadiet4j.internal.gradients;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An embedding layer, as DL4J 1.0.0-M2.1 computes it: the input holds class indices x_it, the
 * pre-activation is row x_it of the table W [nIn, nOut] plus the bias, then the activation. An
 * {@code EmbeddingLayer} takes [batch, 1] indices and gives [batch, nOut]; an {@code EmbeddingSequenceLayer}
 * takes [batch, steps] (or [batch, 1, steps]) and gives [batch, nOut, steps] (NCW) or [batch, steps, nOut]
 * (NWC). Example i's weight gradient has row v = Σ_{t : x_it = v} δ_it ({@link ClosedForms#embedding}); no
 * gradient flows to the indices, so an embedding must take the network's input ({@link LayerKind}).
 */
final class EmbeddingStep {

    /** The forward pass: the indices as [batch, steps] and the pre-activation z, shaped as the layer's output. */
    record Embedded(INDArray indices, INDArray preActivation) {
    }

    private EmbeddingStep() {
    }

    private static boolean sequence(Layer layer) {
        return layer.conf().getLayer() instanceof EmbeddingSequenceLayer;
    }

    private static boolean hasBias(Layer layer) {
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        return conf instanceof EmbeddingSequenceLayer sequence ? sequence.hasBias()
                : ((org.deeplearning4j.nn.conf.layers.EmbeddingLayer) conf).hasBias();
    }

    private static boolean channelsFirst(Layer layer) {
        return ((EmbeddingSequenceLayer) layer.conf().getLayer()).getOutputFormat() == RNNFormat.NCW;
    }

    /**
     * @throws IllegalArgumentException when the input's shape is not the layer's, or an index is outside the table
     */
    static Embedded forward(INDArray input, Layer layer) {
        INDArray indices = indices(input, layer);
        int[][] x = indices.toIntMatrix();
        long rows = ((FeedForwardLayer) layer.conf().getLayer()).getNIn();
        int[] flat = new int[x.length * x[0].length];
        for (int i = 0; i < x.length; i++) {
            for (int t = 0; t < x[i].length; t++) {
                if (x[i][t] < 0 || x[i][t] >= rows) {
                    throw new IllegalArgumentException("embedding layer " + layer.conf().getLayer().getLayerName()
                            + ": index " + x[i][t] + " of example " + i + " is outside [0, " + rows
                            + "); the input must hold class indices the layer's nIn covers");
                }
                flat[i * x[i].length + t] = x[i][t];
            }
        }
        INDArray z = LayerParts.weights(layer).getRows(flat);
        if (hasBias(layer)) {
            z.addiRowVector(LayerParts.bias(layer));
        }
        if (sequence(layer)) {
            z = z.reshape('c', x.length, x[0].length, z.size(1));
            if (channelsFirst(layer)) {
                z = z.permute(0, 2, 1).dup('c');
            }
        }
        return new Embedded(indices, z);
    }

    /** The indices as [batch, steps]: one step for an {@code EmbeddingLayer}. */
    private static INDArray indices(INDArray input, Layer layer) {
        boolean sequence = sequence(layer);
        if (!sequence && input.rank() == 2 && input.size(1) == 1) {
            return input;
        }
        if (sequence && input.rank() == 2) {
            return input;
        }
        if (sequence && input.rank() == 3 && input.size(1) == 1) {
            return input.reshape(input.size(0), input.size(2));
        }
        throw new IllegalArgumentException("embedding layer " + layer.conf().getLayer().getLayerName()
                + " got input of shape " + java.util.Arrays.toString(input.shape()) + "; it takes class indices as "
                + (sequence ? "[batch, steps] or [batch, 1, steps]" : "[batch, 1]"));
    }

    /** Backpropagates {@code epsilon} through the activation and hands δ with the indices to {@code visitor}. */
    static void backward(Layer layer, Embedded forward, INDArray epsilon, ParameterGradients visitor) {
        INDArray delta = LayerParts.activationFn(layer).backprop(forward.preActivation().dup(), epsilon).getFirst();
        INDArray bySteps;
        if (!sequence(layer)) {
            bySteps = delta.reshape(delta.size(0), delta.size(1), 1);
        } else {
            bySteps = channelsFirst(layer) ? delta : delta.permute(0, 2, 1).dup('c');
        }
        visitor.embedding(forward.indices(), bySteps, hasBias(layer));
    }
}
