package org.datadiet4j.models;

import org.datadiet4j.io.InvalidInputException;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The networks the command line trains. Both use Adam (learning rate 1e-3), softmax outputs with
 * cross-entropy loss, and take their initial weights from the seed alone.
 *
 * <ul>
 *   <li>{@code mlp}: input → 256 ReLU → 128 ReLU → classes.</li>
 *   <li>{@code lenet}: LeNet-5 style, for square single-channel images: 5×5 conv (20) → 2×2 max
 *       pool → 5×5 conv (50) → 2×2 max pool → 500 ReLU → classes.</li>
 * </ul>
 */
public enum ModelKind {
    MLP, LENET;

    /** Parses {@code mlp} or {@code lenet}. */
    public static ModelKind parse(String name) {
        for (ModelKind kind : values()) {
            if (kind.name().equalsIgnoreCase(name)) {
                return kind;
            }
        }
        throw new InvalidInputException("unknown --model '" + name + "': use mlp or lenet");
    }

    /**
     * A fresh, initialised network for examples of {@code width} features ({@code side × side}
     * images for LeNet; side 0 when the data are not square images).
     */
    public MultiLayerNetwork build(int width, int side, int classes, long seed) {
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(1e-3))
                .weightInit(WeightInit.XAVIER);
        MultiLayerConfiguration conf;
        if (this == MLP) {
            conf = base.list()
                    .layer(new DenseLayer.Builder().nOut(256).activation(Activation.RELU).build())
                    .layer(new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build())
                    .layer(output(classes))
                    .setInputType(InputType.feedForward(width))
                    .build();
        } else {
            if (side < 16 || side * side != width) {
                throw new InvalidInputException("--model lenet needs square single-channel images of at least 16x16;"
                        + " these examples have " + width + " features: use --model mlp");
            }
            conf = base.list()
                    .layer(new ConvolutionLayer.Builder(5, 5).nOut(20).activation(Activation.IDENTITY).build())
                    .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2)
                            .stride(2, 2).build())
                    .layer(new ConvolutionLayer.Builder(5, 5).nOut(50).activation(Activation.IDENTITY).build())
                    .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2)
                            .stride(2, 2).build())
                    .layer(new DenseLayer.Builder().nOut(500).activation(Activation.RELU).build())
                    .layer(output(classes))
                    .setInputType(InputType.convolutionalFlat(side, side, 1))
                    .build();
        }
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return network;
    }

    private static OutputLayer output(int classes) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                .activation(Activation.SOFTMAX).build();
    }

    /** The name used on the command line. */
    public String cliName() {
        return name().toLowerCase();
    }
}
