package org.datadiet4j.internal.gradients;

import java.util.Set;
import org.datadiet4j.internal.network.LayerGraph;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;

/**
 * The kinds of layer the closed forms cover, told apart by the exact DL4J class (a subclass may
 * compute something else): what {@link GraphBackprop} does at each layer of the graph.
 *
 * <p>{@link #PARAMETER_FREE} layers (pooling, global pooling, zero padding, cropping, upsampling) have
 * no parameters and never mix examples: they run forward and backward as DL4J computes them.
 */
enum LayerKind {
    DENSE, OUTPUT, LOSS, CONVOLUTION, PARAMETER_FREE, BATCH_NORM, DROPOUT, ACTIVATION, PRELU,
    /** A dense layer with layer normalisation of its pre-activation ({@link LayerNormStep}). */
    LAYER_NORM_DENSE,
    /** {@link DepthwiseStep}. */
    DEPTHWISE,
    /** {@link SeparableStep}. */
    SEPARABLE,
    /** An {@code EmbeddingLayer} or {@code EmbeddingSequenceLayer} ({@link EmbeddingStep}). */
    EMBEDDING;

    /** Layers without parameters that act on each example alone, by their exact runtime class. */
    private static final Set<Class<?>> PARAMETER_FREE_LAYERS = Set.of(
            org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer.class,
            org.deeplearning4j.nn.layers.pooling.GlobalPoolingLayer.class,
            org.deeplearning4j.nn.layers.convolution.ZeroPaddingLayer.class,
            org.deeplearning4j.nn.layers.convolution.Cropping2DLayer.class,
            org.deeplearning4j.nn.layers.convolution.upsampling.Upsampling2D.class);

    /**
     * The kind of the node's layer.
     *
     * @throws UnsupportedOperationException naming the node and its layer when no closed form covers it
     */
    static LayerKind of(LayerGraph.Node node) {
        Layer layer = node.layer();
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        Class<?> type = layer.getClass();
        if (type == org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer.class) {
            return ((org.deeplearning4j.nn.conf.layers.DenseLayer) conf).hasLayerNorm() ? LAYER_NORM_DENSE : DENSE;
        }
        if (type == org.deeplearning4j.nn.layers.OutputLayer.class && conf instanceof BaseOutputLayer) {
            return OUTPUT;
        }
        if (type == org.deeplearning4j.nn.layers.LossLayer.class && conf instanceof LossLayer) {
            return LOSS;
        }
        if (type == org.deeplearning4j.nn.layers.convolution.ConvolutionLayer.class
                && conf.getClass() == org.deeplearning4j.nn.conf.layers.ConvolutionLayer.class) {
            return CONVOLUTION;
        }
        if (PARAMETER_FREE_LAYERS.contains(type)) {
            return PARAMETER_FREE;
        }
        if (type == org.deeplearning4j.nn.layers.normalization.BatchNormalization.class) {
            return BATCH_NORM;
        }
        if (type == org.deeplearning4j.nn.layers.DropoutLayer.class) {
            return DROPOUT;
        }
        if (type == org.deeplearning4j.nn.layers.ActivationLayer.class) {
            return ACTIVATION;
        }
        if (type == org.deeplearning4j.nn.layers.feedforward.PReLU.class) {
            return PRELU;
        }
        if (type == org.deeplearning4j.nn.layers.convolution.DepthwiseConvolution2DLayer.class
                && conf.getClass() == org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D.class) {
            return DEPTHWISE;
        }
        if (type == org.deeplearning4j.nn.layers.convolution.SeparableConvolution2DLayer.class
                && conf.getClass() == org.deeplearning4j.nn.conf.layers.SeparableConvolution2D.class) {
            return SEPARABLE;
        }
        if (type == org.deeplearning4j.nn.layers.feedforward.embedding.EmbeddingLayer.class
                || type == org.deeplearning4j.nn.layers.feedforward.embedding.EmbeddingSequenceLayer.class) {
            if (node.input(0) != LayerGraph.NETWORK_INPUT) {
                throw new UnsupportedOperationException(node.name() + " is a " + conf.getClass().getSimpleName()
                        + " fed by another node, which has no closed form here (its input must be the network's"
                        + " class indices)");
            }
            return EMBEDDING;
        }
        throw new UnsupportedOperationException(node.name() + " is a " + conf.getClass().getSimpleName()
                + ", which has no closed form here");
    }

    /**
     * True for a convolution (plain, depthwise or separable) or batch normalisation configured for
     * channels-last (NHWC) images: it runs in NCHW between two permutations, as DL4J's own layers do.
     */
    static boolean channelsLast(Layer layer) {
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        if (conf instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer convolution) {
            return convolution.getCnn2dDataFormat() == CNN2DFormat.NHWC;
        }
        return conf instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization bn
                && bn.getCnn2DFormat() == CNN2DFormat.NHWC;
    }
}
