package org.datadiet4j.internal.gradients;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.datadiet4j.internal.network.NetworkView;
import org.datadiet4j.internal.scoring.ScoringContext;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.misc.ElementWiseMultiplicationLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * The reference for per-example gradient norms: one DL4J backward pass per example (a batch of
 * one), through DL4J's own layers, on an inference-mode twin of the model.
 *
 * <p>DL4J only backpropagates in training mode, which differs from inference mode in two ways the
 * twin removes: dropout and weight noise are switched off, and each batch-normalisation layer is
 * replaced by the per-channel affine map it computes in inference mode, y = s·x + t with
 * s = γ/σ and t = β − γμ/σ (σ, μ the running statistics), as an element-wise multiplication layer
 * (2-d input) or a 1×1 depthwise convolution (4-d input). The twin's gradients with respect to
 * s and t give the batch-norm parameters' by the chain rule: ∂ℓ/∂γ = (∂ℓ/∂s − μ ∂ℓ/∂t)/σ,
 * ∂ℓ/∂β = ∂ℓ/∂t. Running statistics are not learned parameters and carry no gradient.
 *
 * <p>Building the twin reseeds ND4J's random generator ({@code init()}); every pass runs in the
 * model's {@link ScoringContext}, which puts the generator back, so training after it draws the same
 * dropout masks as without it.
 * RReLU runs as its inference-mode function ({@link InferenceActivations}).
 *
 * <p>Exact for any layer DL4J can backpropagate, and slow: it is the fallback for layers without
 * a closed form and the yardstick {@link ExactGradientNorms} is checked against.
 */
public final class BruteForceGradientNorms implements GradientNorms {

    private final ScoringContext context;
    private final NetworkView original;
    private final boolean outputLayerOnly;
    private NetworkView twin;
    private final Map<String, BatchNormState> batchNormScales = new HashMap<>();

    private BruteForceGradientNorms(Model original, boolean outputLayerOnly) {
        this.context = ScoringContext.of(original);
        this.original = context.network();
        this.outputLayerOnly = outputLayerOnly;
    }

    /** Norms over all parameters. */
    public static BruteForceGradientNorms of(Model model) {
        return new BruteForceGradientNorms(model, false);
    }

    /** Norms over the output layer's parameters only: the reference for {@link LastLayerGradientNorms}. */
    public static BruteForceGradientNorms ofOutputLayer(Model model) {
        return new BruteForceGradientNorms(model, true);
    }

    @Override
    public double[] squaredNorms(INDArray features, INDArray labels) {
        return context.run(() -> {
            int batch = (int) features.size(0);
            prepareTwin(features.get(NDArrayIndex.interval(0, 1)));
            double[] squared = new double[batch];
            for (int i = 0; i < batch; i++) {
                INDArray x = features.get(NDArrayIndex.interval(i, i + 1));
                INDArray y = labels.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all()).castTo(x.dataType());
                squared[i] = squaredNorm(twin.gradient(x, y));
            }
            return squared;
        });
    }

    /**
     * DL4J's per-parameter gradient of one example's loss on the inference-mode twin (batch norm
     * layers appear as their affine map); keys as in {@link Gradient#gradientForVariable()}.
     */
    Gradient gradientOfOneExample(INDArray x, INDArray y) {
        return context.run(() -> {
            prepareTwin(x);
            return twin.gradient(x, y.castTo(x.dataType()));
        });
    }

    /** Builds the twin on first use and copies the original's current parameters into it. */
    private void prepareTwin(INDArray oneExample) {
        if (twin == null) {
            twin = original.twin(oneExample, BruteForceGradientNorms::inferenceOnly);
        }
        copyParameters();
    }

    private double squaredNorm(Gradient gradient) {
        double total = 0;
        Map<String, INDArray> byVariable = gradient.gradientForVariable();
        String outputPrefix = outputLayerOnly ? original.parameterPrefix(original.outputLayer()) : null;
        for (Map.Entry<String, INDArray> entry : byVariable.entrySet()) {
            String key = entry.getKey();
            String layer = key.substring(0, key.lastIndexOf('_'));
            if (batchNormScales.containsKey(layer) || (outputLayerOnly && !layer.equals(outputPrefix))) {
                continue;
            }
            double norm = entry.getValue().norm2Number().doubleValue();
            total += norm * norm;
        }
        for (Map.Entry<String, BatchNormState> bn : batchNormScales.entrySet()) {
            if (outputLayerOnly) {
                break;
            }
            if (!bn.getValue().learned()) {
                continue;
            }
            double[] sigma = bn.getValue().sigma().toDoubleVector();
            double[] mean = bn.getValue().mean().toDoubleVector();
            double[] ds = byVariable.get(bn.getKey() + "_W").reshape(-1).toDoubleVector();
            double[] dt = byVariable.get(bn.getKey() + "_b").reshape(-1).toDoubleVector();
            for (int c = 0; c < sigma.length; c++) {
                double dGamma = (ds[c] - mean[c] * dt[c]) / sigma[c];
                total += dGamma * dGamma + dt[c] * dt[c];
            }
        }
        return total;
    }

    /** Copies the original's current parameters into the twin, batch norm as its affine map. */
    private void copyParameters() {
        List<Layer> sources = original.layers();
        List<Layer> targets = twin.layers();
        for (int index = 0; index < sources.size(); index++) {
            Layer source = sources.get(index);
            Layer target = targets.get(index);
            String name = original.parameterPrefix(source);
            if (source.conf().getLayer() instanceof BatchNormalization) {
                BatchNormState bn = BatchNormState.of(source);
                INDArray scale = bn.gamma().div(bn.sigma());
                INDArray shift = bn.beta().sub(scale.mul(bn.mean()));
                target.getParam("W").assign(scale.reshape(target.getParam("W").shape()));
                target.getParam("b").assign(shift.reshape(target.getParam("b").shape()));
                batchNormScales.put(name, bn);
            } else {
                for (Map.Entry<String, INDArray> param : source.paramTable().entrySet()) {
                    target.getParam(param.getKey()).assign(param.getValue());
                }
            }
        }
    }

    /** Turns one layer configuration of the twin into its inference-mode equivalent. */
    private static void inferenceOnly(NeuralNetConfiguration layerConf, int inputRank) {
        org.deeplearning4j.nn.conf.layers.Layer layer = layerConf.getLayer();
        layer.setIDropout(null);
        if (layer instanceof BaseLayer base) {
            base.setWeightNoise(null);
            base.setActivationFn(InferenceActivations.of(base.getActivationFn()));
        }
        if (layer instanceof ActivationLayer activationLayer) {
            activationLayer.setActivationFn(InferenceActivations.of(activationLayer.getActivationFn()));
        }
        if (layer instanceof BatchNormalization bn) {
            long channels = bn.getNOut();
            BaseLayer affine;
            if (inputRank == 2) {
                affine = new ElementWiseMultiplicationLayer.Builder().nIn(channels).nOut(channels).build();
            } else {
                affine = new DepthwiseConvolution2D.Builder(1, 1).stride(1, 1).nIn(channels).nOut(channels)
                        .depthMultiplier(1).convolutionMode(ConvolutionMode.Truncate).hasBias(true)
                        .dataFormat(bn.getCnn2DFormat()).build();
            }
            affine.setActivationFn(Activation.IDENTITY.getActivationFunction());
            affine.setWeightInitFn(WeightInit.ONES.getWeightInitFunction());
            affine.setIUpdater(new NoOp());
            affine.setBiasUpdater(new NoOp());
            affine.setRegularization(new ArrayList<>());
            affine.setRegularizationBias(new ArrayList<>());
            affine.setLayerName(bn.getLayerName());
            layerConf.setLayer(affine);
        }
    }
}
