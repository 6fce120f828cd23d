package org.datadiet4j.internal.gradients;

import org.datadiet4j.internal.scoring.ScoringContext;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The "last-layer" GraNd variant: the per-example gradient norm of the output layer's weights and
 * bias only. With input h_i to the output layer and δ_i = ∂ℓ_i/∂z_i (z = hW + b), the squared norm
 * is (‖h_i‖² + 1)‖δ_i‖²; for softmax with cross-entropy δ_i = p_i − y_i, so the norm is
 * ‖p_i − y_i‖·√(1 + ‖h_i‖²). Any model whose last layer is a dense output layer is covered; the
 * forward pass is DL4J's own, in inference mode, in the model's {@link ScoringContext}.
 */
public final class LastLayerGradientNorms implements GradientNorms {

    private final ScoringContext context;
    private final Layer outputLayer;

    private LastLayerGradientNorms(ScoringContext context, Layer outputLayer) {
        this.context = context;
        this.outputLayer = outputLayer;
    }

    /** @throws IllegalStateException unless the model ends in one dense output layer */
    public static LastLayerGradientNorms of(Model model) {
        ScoringContext context = ScoringContext.of(model);
        return new LastLayerGradientNorms(context, context.network().denseOutputLayer("last-layer GraNd"));
    }

    /**
     * Bytes per example the pass holds at its peak: DL4J's inference forward pass up to the output layer
     * keeps every layer's activations until it returns; counted on {@code probe} (a few examples).
     */
    public long heldBytesPerExample(INDArray probe) {
        return context.run(() -> context.network().heldActivationBytesPerExample(probe));
    }

    @Override
    public double[] squaredNorms(INDArray features, INDArray labels) {
        return context.run(() -> {
            INDArray h = context.network().outputLayerInput(features);
            INDArray z = LayerParts.affine(h, outputLayer);
            BaseOutputLayer conf = (BaseOutputLayer) outputLayer.conf().getLayer();
            INDArray delta = conf.getLossFn().computeGradient(labels.castTo(z.dataType()), z, conf.getActivationFn(),
                    null);
            return ClosedForms.dense(h, delta, conf.hasBias());
        });
    }
}
