package org.datadiet4j.internal.gradients;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The two exact forms of a convolution's per-example norms ({@link ConvolutionForm}), each forced on
 * every convolution of a network, against DL4J's own per-example backpropagation
 * ({@link BruteForceGradientNorms}, which shares none of their code) and against each other, in
 * double precision; and the choice between them by shapes.
 */
class ConvolutionFormTest {

    private static double maxRelativeError(double[] actual, double[] expected) {
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / expected[i]);
        }
        return worst;
    }

    /**
     * LeNet-sized in its second half: 5×5 conv → batch norm → max pool → 3×3 conv (padding 1, no bias)
     * → 3×3 conv (same mode, stride 2) → dense → output, on 16×16 images; the last convolution's Gram
     * matrices (9 positions) are far smaller than its per-example gradient (12·144 numbers).
     */
    private static MultiLayerNetwork deeperLenet(long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(GradientTestNets.base(seed).list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(6).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(new ConvolutionLayer.Builder(3, 3).padding(1, 1).nOut(16).hasBias(false)
                        .activation(Activation.TANH).build())
                .layer(new ConvolutionLayer.Builder(3, 3).stride(2, 2).nOut(12).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(10).activation(Activation.SIGMOID).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(16, 16, 1))
                .build());
        net.init();
        return net;
    }

    private static void assertEveryFormMatchesBruteForce(MultiLayerNetwork net, INDArray x, INDArray y) {
        double[] bruteForce = BruteForceGradientNorms.of(net).squaredNorms(x, y);
        double[] explicit = ExactGradientNorms.of(net, ConvolutionForm.EXPLICIT).squaredNorms(x, y);
        double[] gram = ExactGradientNorms.of(net, ConvolutionForm.GRAM).squaredNorms(x, y);
        double[] cheaper = ExactGradientNorms.of(net, ConvolutionForm.CHEAPER).squaredNorms(x, y);

        assertThat(maxRelativeError(explicit, bruteForce)).isLessThan(1e-10);
        assertThat(maxRelativeError(gram, bruteForce)).isLessThan(1e-10);
        assertThat(maxRelativeError(cheaper, bruteForce)).isLessThan(1e-10);
        assertThat(maxRelativeError(gram, explicit)).isLessThan(1e-10);
        assertThat(gram[0]).isNotEqualTo(gram[1]);
    }

    static Stream<Arguments> lenetStyleCnns() {
        return Stream.of(
                Arguments.of("conv, batch norm, pool, conv (padding 1), conv (same mode, stride 2)",
                        GradientTestNets.lenet(21), 100, 3),
                Arguments.of("5x5 conv, batch norm, pool, bias-free conv (padding 1), conv (same mode, stride 2)",
                        deeperLenet(31), 256, 4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lenetStyleCnns")
    void bothFormsMatchBruteForce(String layers, MultiLayerNetwork net, int width, int classes) {
        GradientTestNets.perturb(net, 22);

        assertEveryFormMatchesBruteForce(net, GradientTestNets.features(8, width, 23),
                GradientTestNets.oneHot(8, classes, 24));
    }

    /** Shapes (outC, inC·kH·kW, positions): gradient outC·patch numbers, Grams 2·positions², multiply-adds. */
    @ParameterizedTest
    @CsvSource({
            // LeNet's first convolution on 28×28: gradient 500 numbers, Grams 663 552
            "20, 25, 576, EXPLICIT",
            // LeNet's second: gradient 25 000, Grams 8 192; 64·550 = 35 200 <= 2·25 000
            "50, 500, 64, GRAM",
            // the test net's same-mode convolution: gradient 60, Grams 32; 4·23 = 92 <= 2·60
            "3, 20, 4, GRAM",
            // gradient 180, Grams 512
            "5, 36, 16, EXPLICIT",
            // Grams smaller (8 192 against 10 000), but positions·(patch + outC) = 640 064 > 2·outC·patch = 20 000
            "1, 10000, 64, EXPLICIT",
            // equal memory (2·8² = 128 = 4·32): the explicit form
            "4, 32, 8, EXPLICIT"
    })
    void theCheaperFormFollowsMemoryThenArithmetic(long outChannels, long patch, long positions,
                                                   ConvolutionForm expected) {
        assertThat(ConvolutionForm.cheaper(outChannels, patch, positions)).isEqualTo(expected);
        assertThat(ConvolutionForm.CHEAPER.resolve(outChannels, patch, positions)).isEqualTo(expected);
        assertThat(ConvolutionForm.GRAM.resolve(outChannels, patch, positions)).isEqualTo(ConvolutionForm.GRAM);
    }

    @Test
    void intermediateBytesCountGradientsOrGramsPlusBias() {
        // LeNet's second convolution, batch 256, float: 256·(50·500 + 50)·4 and 256·(2·64² + 50)·4
        assertThat(ConvolutionForm.EXPLICIT.intermediateBytes(256, 50, 500, 64, 4)).isEqualTo(25_651_200L);
        assertThat(ConvolutionForm.GRAM.intermediateBytes(256, 50, 500, 64, 4)).isEqualTo(8_439_808L);
        assertThat(ConvolutionForm.CHEAPER.intermediateBytes(256, 50, 500, 64, 4)).isEqualTo(8_439_808L);
    }

    @Test
    void largestIntermediateOfAPassIsTheLargestLayersInTheChosenForm() {
        MultiLayerNetwork net = deeperLenet(41);
        INDArray x = GradientTestNets.features(5, 256, 42);
        INDArray y = GradientTestNets.oneHot(5, 4, 43);

        // batch 5, doubles; per example (numbers): conv1 (6, 25, 144) gradient 150 + 6, Grams 2·144² + 6;
        // batch norm 6·12·12 + 2·6; conv2 (16, 54, 36) gradient 864 + 16, Grams 2·36² + 16;
        // conv3 (12, 144, 9) gradient 1 728 + 12, Grams 2·9² + 12
        assertThat(ExactGradientNorms.of(net, ConvolutionForm.EXPLICIT).largestIntermediateBytes(x, y))
                .isEqualTo(5L * 1740 * 8);
        assertThat(ExactGradientNorms.of(net, ConvolutionForm.GRAM).largestIntermediateBytes(x, y))
                .isEqualTo(5L * 41478 * 8);
        // explicit for conv1 and conv2, Grams for conv3: conv2's gradient is the largest left
        assertThat(ExactGradientNorms.of(net).largestIntermediateBytes(x, y)).isEqualTo(5L * 880 * 8);
    }
}
