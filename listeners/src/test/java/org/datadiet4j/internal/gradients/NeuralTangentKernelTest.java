package org.datadiet4j.internal.gradients;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Θ from per-layer blocks against J Jᵀ of a Jacobian taken by finite differences of the logits. */
class NeuralTangentKernelTest {

    /** Logits (the output layer's pre-activation) of the probe batch, row-major, example-major. */
    private static double[] logits(MultiLayerNetwork net, INDArray x) {
        int last = net.getnLayers() - 1;
        INDArray h = net.feedForwardToLayer(last - 1, x, false).get(last);
        INDArray z = h.mmul(net.getLayer(last).getParam("W")).addRowVector(net.getLayer(last).getParam("b"));
        return z.reshape(-1).toDoubleVector();
    }

    /** Logits of a graph whose output layer "out" takes the vertex {@code before}'s activations. */
    private static double[] logits(ComputationGraph graph, String before, INDArray x) {
        INDArray h = graph.feedForward(new INDArray[] {x}, false, false).get(before);
        INDArray z = h.mmul(graph.getLayer("out").getParam("W")).addRowVector(graph.getLayer("out").getParam("b"));
        return z.reshape(-1).toDoubleVector();
    }

    /** J by central differences over every learned parameter, then J Jᵀ. */
    private static double[] bruteForceKernel(MultiLayerNetwork net, INDArray x) {
        return bruteForceKernel(net, () -> logits(net, x));
    }

    private static double[] bruteForceKernel(Model model, java.util.function.Supplier<double[]> logits) {
        java.util.List<double[]> columns = GradientTestNets.centralDifferences(model, m -> logits.get());
        int rows = columns.get(0).length;
        double[] theta = new double[rows * rows];
        for (double[] column : columns) {
            for (int r = 0; r < rows; r++) {
                for (int s = 0; s < rows; s++) {
                    theta[r * rows + s] += column[r] * column[s];
                }
            }
        }
        return theta;
    }

    private static void assertClose(double[] actual, double[] expected) {
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
        }
        assertThat(worst / scale).as("max |Θ − JJᵀ| / max |JJᵀ|").isLessThan(1e-6);
    }

    @Test
    void mlpWithBatchNormKernelEqualsJJTranspose() {
        MultiLayerNetwork net = GradientTestNets.mlp(31);
        GradientTestNets.perturb(net, 32);
        INDArray x = GradientTestNets.features(5, 6, 33);

        double[] theta = NeuralTangentKernel.of(net).kernel(x);

        assertThat(theta).hasSize(15 * 15);
        assertClose(theta, bruteForceKernel(net, x));
    }

    @Test
    void lenetStyleCnnKernelEqualsJJTranspose() {
        MultiLayerNetwork net = GradientTestNets.lenet(34);
        GradientTestNets.perturb(net, 35);
        INDArray x = GradientTestNets.features(4, 100, 36);

        assertClose(NeuralTangentKernel.of(net).kernel(x), bruteForceKernel(net, x));
    }

    static Stream<Arguments> layerFamilies() {
        CNN2DFormat nhwc = CNN2DFormat.NHWC;
        CNN2DFormat nchw = CNN2DFormat.NCHW;
        int side = LayerCoverageTestNets.SIDE;
        return Stream.of(
                Arguments.of("depthwise convolution (NHWC, multiplier 2, stride 2)", LayerCoverageTestNets.imageChain(41,
                        nhwc, LayerCoverageTestNets.depthwise(2, nhwc).kernelSize(3, 3).stride(2, 2).build()),
                        LayerCoverageTestNets.images(3, side, nhwc, 42)),
                Arguments.of("separable convolution (multiplier 2, padding 1)", LayerCoverageTestNets.imageChain(43, nchw,
                        LayerCoverageTestNets.separable(2, 3, nchw).kernelSize(2, 2).padding(1, 1).build()),
                        LayerCoverageTestNets.images(3, side, nchw, 44)),
                Arguments.of("dense with layer normalisation", LayerCoverageTestNets.layerNormMlp(45),
                        GradientTestNets.features(4, 5, 46)),
                Arguments.of("embedding", LayerCoverageTestNets.embeddingMlp(47, 4, true),
                        LayerCoverageTestNets.indices(5, 1, 4, 48)),
                Arguments.of("embedding sequences", LayerCoverageTestNets.embeddingSequenceNet(49, 5, 4, RNNFormat.NCW,
                        true), LayerCoverageTestNets.indices(3, 4, 5, 50)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layerFamilies")
    void kernelOfEachLayerFamilyEqualsJJTranspose(String layers, MultiLayerNetwork net, INDArray x) {
        GradientTestNets.perturb(net, 51);

        assertClose(NeuralTangentKernel.of(net).kernel(x), bruteForceKernel(net, x));
    }

    @Test
    void graphWithPReluAndASkipConnectionKernelEqualsJJTranspose() {
        ComputationGraph graph = DagTestNets.prelu(37);
        GradientTestNets.perturb(graph, 38);
        INDArray x = GradientTestNets.features(3, 32, 39).reshape(3, 2, 4, 4);

        assertClose(NeuralTangentKernel.of(graph).kernel(x), bruteForceKernel(graph, () -> logits(graph, "skip", x)));
    }
}
