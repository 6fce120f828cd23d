package org.datadiet4j.internal.gradients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.datadiet4j.internal.gradients.GradientTestNets.maxRelativeError;

import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.preprocessor.BaseInputPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToRnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.RnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The closed forms of depthwise and separable convolutions, dense layers with layer normalisation and
 * embedding layers, in {@code MultiLayerNetwork}s and {@code ComputationGraph}s, against DL4J's own
 * per-example backpropagation ({@link BruteForceGradientNorms}) to 1e-10 and against central finite
 * differences of each example's loss to 1e-4 (every test but the later cases of a parameterised family,
 * which finite differences would make minutes long), in double precision. {@link ExactGradientNorms#of} builds only
 * where every layer is covered (else it throws and a caller falls back), so each of these runs on the fast path.
 */
class LayerCoverageGradientNormsTest {

    /**
     * The fast path (built, so not fallen back) in each convolution form against brute force and finite
     * differences; returns its squared norms.
     */
    static double[] assertFastPathAgrees(Model model, INDArray x, INDArray y) {
        return assertFastPathAgrees(model, x, y, true);
    }

    /**
     * As {@link #assertFastPathAgrees(Model, INDArray, INDArray)}; finite differences (two forward passes
     * per parameter, the slow part) only when {@code withFiniteDifferences}: the first case of each
     * parameterised family checks DL4J's backpropagation itself, the others the closed forms against it.
     */
    static double[] assertFastPathAgrees(Model model, INDArray x, INDArray y, boolean withFiniteDifferences) {
        double[] exact = ExactGradientNorms.of(model).squaredNorms(x, y);
        double[] bruteForce = BruteForceGradientNorms.of(model).squaredNorms(x, y);
        assertThat(maxRelativeError(exact, bruteForce)).isLessThan(1e-10);
        for (ConvolutionForm form : new ConvolutionForm[] {ConvolutionForm.EXPLICIT, ConvolutionForm.GRAM}) {
            assertThat(maxRelativeError(ExactGradientNorms.of(model, form).squaredNorms(x, y), bruteForce))
                    .as("%s form", form).isLessThan(1e-10);
        }
        if (withFiniteDifferences) {
            assertThat(maxRelativeError(exact, GradientTestNets.finiteDifferenceSquaredNorms(model, x, y)))
                    .isLessThan(1e-4);
        }
        assertThat(exact[0]).isNotEqualTo(exact[1]);
        return exact;
    }

    static Stream<Arguments> depthwiseConvolutions() {
        CNN2DFormat nchw = CNN2DFormat.NCHW;
        CNN2DFormat nhwc = CNN2DFormat.NHWC;
        return Stream.of(
                Arguments.of("multiplier 2, 3x3, stride 2, padding 1, truncate", nchw,
                        LayerCoverageTestNets.depthwise(2, nchw).kernelSize(3, 3).stride(2, 2).padding(1, 1)
                                .convolutionMode(ConvolutionMode.Truncate).build()),
                Arguments.of("multiplier 1, 2x3, dilation 2, same mode, no bias", nchw,
                        LayerCoverageTestNets.depthwise(1, nchw).kernelSize(2, 3).dilation(2, 2)
                                .convolutionMode(ConvolutionMode.Same).hasBias(false).build()),
                Arguments.of("NHWC, multiplier 2, 3x3, stride (2, 1), same mode", nhwc,
                        LayerCoverageTestNets.depthwise(2, nhwc).kernelSize(3, 3).stride(2, 1)
                                .convolutionMode(ConvolutionMode.Same).build()),
                Arguments.of("NHWC, multiplier 3, 3x3, padding (0, 1), dilation (1, 2), no bias", nhwc,
                        LayerCoverageTestNets.depthwise(3, nhwc).kernelSize(3, 3).padding(0, 1).dilation(1, 2)
                                .hasBias(false).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("depthwiseConvolutions")
    void depthwiseConvolutionMatchesBruteForceAndFiniteDifferences(String shape, CNN2DFormat format, Layer layer) {
        boolean first = shape.equals(depthwiseConvolutions().findFirst().orElseThrow().get()[0]);
        MultiLayerNetwork net = LayerCoverageTestNets.imageChain(61, format, layer);
        GradientTestNets.perturb(net, 62);

        assertFastPathAgrees(net, LayerCoverageTestNets.images(5, LayerCoverageTestNets.SIDE, format, 63),
                GradientTestNets.oneHot(5, LayerCoverageTestNets.CLASSES, 64), first);
    }

    static Stream<Arguments> separableConvolutions() {
        CNN2DFormat nchw = CNN2DFormat.NCHW;
        CNN2DFormat nhwc = CNN2DFormat.NHWC;
        return Stream.of(
                Arguments.of("multiplier 2, 3x3, stride 2, padding 1, truncate", nchw,
                        LayerCoverageTestNets.separable(2, 4, nchw).kernelSize(3, 3).stride(2, 2).padding(1, 1)
                                .convolutionMode(ConvolutionMode.Truncate).build()),
                Arguments.of("multiplier 1, 2x2, dilation 2, same mode, no bias", nchw,
                        LayerCoverageTestNets.separable(1, 5, nchw).kernelSize(2, 2).dilation(2, 2)
                                .convolutionMode(ConvolutionMode.Same).hasBias(false).build()),
                Arguments.of("NHWC, multiplier 3, 2x3, stride (1, 2), same mode", nhwc,
                        LayerCoverageTestNets.separable(3, 2, nhwc).kernelSize(2, 3).stride(1, 2)
                                .convolutionMode(ConvolutionMode.Same).build()),
                Arguments.of("NHWC, multiplier 2, 3x3, padding 1, dilation (2, 1), no bias", nhwc,
                        LayerCoverageTestNets.separable(2, 3, nhwc).kernelSize(3, 3).padding(1, 1).dilation(2, 1)
                                .hasBias(false).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("separableConvolutions")
    void separableConvolutionMatchesBruteForceAndFiniteDifferences(String shape, CNN2DFormat format, Layer layer) {
        boolean first = shape.equals(separableConvolutions().findFirst().orElseThrow().get()[0]);
        MultiLayerNetwork net = LayerCoverageTestNets.imageChain(65, format, layer);
        GradientTestNets.perturb(net, 66);

        assertFastPathAgrees(net, LayerCoverageTestNets.images(5, LayerCoverageTestNets.SIDE, format, 67),
                GradientTestNets.oneHot(5, LayerCoverageTestNets.CLASSES, 68), first);
    }

    @Test
    void denseLayerNormWithAndWithoutBiasMatchesBruteForceAndFiniteDifferences() {
        MultiLayerNetwork net = LayerCoverageTestNets.layerNormMlp(69);
        GradientTestNets.perturb(net, 70);

        assertFastPathAgrees(net, GradientTestNets.features(6, 5, 71),
                GradientTestNets.oneHot(6, LayerCoverageTestNets.CLASSES, 72));
    }

    @Test
    void embeddingWithAndWithoutBiasMatchesBruteForceAndFiniteDifferences() {
        for (boolean bias : new boolean[] {true, false}) {
            MultiLayerNetwork net = LayerCoverageTestNets.embeddingMlp(73, 6, bias);
            GradientTestNets.perturb(net, 74);
            // 8 examples over 6 classes: some share a row of the table
            INDArray x = LayerCoverageTestNets.indices(8, 1, 6, 75);

            assertFastPathAgrees(net, x, GradientTestNets.oneHot(8, LayerCoverageTestNets.CLASSES, 76));
        }
    }

    @Test
    void embeddingSequencesWithRepeatedIndicesMatchBruteForceAndFiniteDifferences() {
        for (RNNFormat format : RNNFormat.values()) {
            MultiLayerNetwork net = LayerCoverageTestNets.embeddingSequenceNet(77, 5, 6, format,
                    format == RNNFormat.NWC);
            GradientTestNets.perturb(net, 78);
            INDArray x = LayerCoverageTestNets.indices(6, 6, 5, 79);

            assertFastPathAgrees(net, x, GradientTestNets.oneHot(6, LayerCoverageTestNets.CLASSES, 80));
            // [batch, 1, steps], the other input shape the layer takes
            assertFastPathAgrees(net, x.reshape(6, 1, 6), GradientTestNets.oneHot(6, LayerCoverageTestNets.CLASSES, 80));
        }
    }

    @Test
    void graphOfDepthwiseSeparableAndLayerNormMatchesBruteForceAndFiniteDifferences() {
        ComputationGraph graph = LayerCoverageTestNets.convolutionGraph(81);
        GradientTestNets.perturb(graph, 82);

        assertFastPathAgrees(graph, LayerCoverageTestNets.images(4, LayerCoverageTestNets.SIDE + 1, CNN2DFormat.NHWC, 83),
                GradientTestNets.oneHot(4, LayerCoverageTestNets.CLASSES, 84));
    }

    @Test
    void graphOfAnEmbeddingIntoLayerNormMatchesBruteForceAndFiniteDifferences() {
        ComputationGraph graph = LayerCoverageTestNets.embeddingGraph(85, 7);
        GradientTestNets.perturb(graph, 86);

        assertFastPathAgrees(graph, LayerCoverageTestNets.indices(9, 1, 7, 87),
                GradientTestNets.oneHot(9, LayerCoverageTestNets.CLASSES, 88));
    }

    @Test
    void anEmbeddingFedByAnotherLayerIsNamedWithTheReason() {
        ComputationGraph graph = new ComputationGraph(GradientTestNets.base(89).graphBuilder().addInputs("in")
                .addLayer("d", new DenseLayer.Builder().nIn(1).nOut(1).activation(Activation.IDENTITY).build(), "in")
                .addLayer("embed", new EmbeddingLayer.Builder().nIn(4).nOut(3).build(), "d")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "embed")
                .setOutputs("out").build());
        graph.init();

        assertThatThrownBy(() -> ExactGradientNorms.of(graph)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("embed is a EmbeddingLayer fed by another node");
    }

    /** A sequence embedded, a dense layer on each step (behind {@code preProcessor}), max pooling over the steps. */
    private static MultiLayerNetwork denseOnEachStep(InputPreProcessor preProcessor) {
        MultiLayerNetwork net = new MultiLayerNetwork(GradientTestNets.base(90).list()
                .layer(new EmbeddingSequenceLayer.Builder().nIn(5).nOut(3).inputLength(4).build())
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.MAX).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .inputPreProcessor(1, preProcessor)
                .inputPreProcessor(2, new FeedForwardToRnnPreProcessor())
                .build());
        net.init();
        return net;
    }

    /** A dense layer applied to each time step sees rows that are not examples: refused, not summed wrongly. */
    @Test
    void aPreprocessorThatFoldsTimeStepsIntoTheBatchIsNamedWithTheReason() {
        MultiLayerNetwork net = denseOnEachStep(new RnnToFeedForwardPreProcessor());

        assertThatThrownBy(() -> ExactGradientNorms.of(net)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("layer 1's input preprocessor RnnToFeedForwardPreProcessor folds the time steps of a"
                        + " sequence into the batch, which has no closed form here");
    }

    /** As DL4J's own, under a class {@link TimeStepFolding} does not know: found when a batch runs. */
    @Test
    void aPreprocessorOfTheUsersOwnThatFoldsTimeStepsIsRefusedWhenABatchRuns() {
        ExactGradientNorms exact = ExactGradientNorms.of(denseOnEachStep(new StepsAsRows()));

        assertThatThrownBy(() -> exact.squaredNorms(LayerCoverageTestNets.indices(3, 4, 5, 91),
                GradientTestNets.oneHot(3, 2, 92))).isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("layer 1's input preprocessor StepsAsRows makes 12 rows of a batch of 3"
                        + " (time steps folded into the batch), which has no closed form here");
    }

    /** The listener, unlike the engine, does not stop training there: it scores every example by brute force. */
    @Test
    void grandListenerFallsBackWhenTheFastPathRefusesABatch() {
        MultiLayerNetwork net = denseOnEachStep(new StepsAsRows());
        INDArray x = LayerCoverageTestNets.indices(6, 4, 5, 93);
        INDArray y = GradientTestNets.oneHot(6, 2, 94);
        org.datadiet4j.listeners.GrandListener grand = org.datadiet4j.listeners.GrandListener
                .builder(org.datadiet4j.data.Examples.of(x, y.argMax(1).toIntVector(), 2)).atInit().build();

        float[] scores = grand.scoreNow(net, 0);

        double[] expected = BruteForceGradientNorms.of(net).squaredNorms(x, y);
        assertThat(grand.usesBruteForce()).isTrue();
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) scores[i]).as("example %d", i).isCloseTo(Math.sqrt(expected[i]),
                    org.assertj.core.api.Assertions.within(1e-6 * Math.sqrt(expected[i])));
        }
    }

    /** [batch, size, steps] to [batch·steps, size] and back, as {@code RnnToFeedForwardPreProcessor} does. */
    private static final class StepsAsRows extends BaseInputPreProcessor {

        @Override
        public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
            return input.permute(0, 2, 1).dup('c').reshape('c', input.size(0) * input.size(2), input.size(1));
        }

        @Override
        public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
            return output.reshape('c', miniBatchSize, output.size(0) / miniBatchSize, output.size(1))
                    .permute(0, 2, 1).dup('c');
        }

        @Override
        public InputType getOutputType(InputType inputType) {
            return InputType.feedForward(((InputType.InputTypeRecurrent) inputType).getSize());
        }
    }
}
