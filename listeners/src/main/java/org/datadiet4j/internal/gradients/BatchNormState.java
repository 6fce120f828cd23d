package org.datadiet4j.internal.gradients;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * What a batch-normalisation layer computes in inference mode, y = γ (x − μ) / σ + β, as per-channel
 * vectors: σ = √(running variance + eps), from the variance or its log10 standard deviation as the
 * layer stores it; γ and β the fixed values when the layer locks them (as DL4J applies them).
 *
 * @param learned false when γ and β are locked (then they are not parameters)
 */
record BatchNormState(INDArray gamma, INDArray beta, INDArray mean, INDArray sigma, boolean learned) {

    static BatchNormState of(Layer layer) {
        BatchNormalization conf = (BatchNormalization) layer.conf().getLayer();
        INDArray variance;
        if (conf.isUseLogStd()) {
            INDArray log10Std = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
            INDArray std = Transforms.pow(Nd4j.valueArrayOf(log10Std.shape(), 10.0, log10Std.dataType()), log10Std);
            variance = std.mul(std);
        } else {
            variance = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR);
        }
        INDArray sigma = Transforms.sqrt(variance.add(conf.getEps()), false).reshape(-1);
        INDArray mean = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN).reshape(-1);
        boolean locked = conf.isLockGammaBeta();
        // DL4J 1.0.0-M2.1's own forward pass applies locked values only when gamma != 1 and beta != 0,
        // and outputs x̂ itself otherwise: the function scored must be the one the network computes
        boolean applied = conf.getGamma() != 1.0 && conf.getBeta() != 0.0;
        INDArray gamma = locked ? Nd4j.valueArrayOf(sigma.shape(), applied ? conf.getGamma() : 1.0, sigma.dataType())
                : layer.getParam(BatchNormalizationParamInitializer.GAMMA).reshape(-1);
        INDArray beta = locked ? Nd4j.valueArrayOf(sigma.shape(), applied ? conf.getBeta() : 0.0, sigma.dataType())
                : layer.getParam(BatchNormalizationParamInitializer.BETA).reshape(-1);
        return new BatchNormState(gamma, beta, mean, sigma, !locked);
    }
}
