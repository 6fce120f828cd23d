package org.datadiet4j.internal.gradients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.datadiet4j.internal.gradients.GradientTestNets.maxRelativeError;

import org.deeplearning4j.nn.conf.graph.L2NormalizeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The closed-form path on ComputationGraphs that are not chains (residual shortcuts, merges, every
 * parameter-free vertex) against DL4J's own per-example backpropagation on an inference-mode twin, and,
 * where the closed form or the twin is new (channels-last layers, PReLU), against finite differences of
 * each example's loss as well. {@link
 * ExactGradientNorms#of} builds only where the whole graph is covered (else it throws and a caller falls
 * back): each test builds it, so each runs on the fast path.
 */
class DagGradientNormsTest {

    /**
     * The fast path (built, so not fallen back) against brute force to 1e-10 and, when asked, against
     * finite differences to 1e-4; returns its squared norms.
     */
    private static double[] assertExactPathAgrees(ComputationGraph graph, INDArray x, INDArray y,
                                                  boolean finiteDifferences) {
        double[] exact = ExactGradientNorms.of(graph).squaredNorms(x, y);
        assertThat(maxRelativeError(exact, BruteForceGradientNorms.of(graph).squaredNorms(x, y))).isLessThan(1e-10);
        if (finiteDifferences) {
            assertThat(maxRelativeError(exact, GradientTestNets.finiteDifferenceSquaredNorms(graph, x, y)))
                    .isLessThan(1e-4);
        }
        return exact;
    }

    private static INDArray images(int n, long seed) {
        return GradientTestNets.features(n, DagTestNets.CHANNELS * DagTestNets.SIDE * DagTestNets.SIDE, seed)
                .reshape(n, DagTestNets.CHANNELS, DagTestNets.SIDE, DagTestNets.SIDE);
    }

    @Test
    void resNetWithIdentityAndProjectionShortcutsMatchesBruteForce() {
        ComputationGraph graph = DagTestNets.resNet(31);
        GradientTestNets.perturb(graph, 32);
        INDArray x = images(6, 33);
        INDArray y = GradientTestNets.oneHot(6, DagTestNets.CLASSES, 34);

        double[] exact = assertExactPathAgrees(graph, x, y, false);

        assertThat(exact[0]).isNotEqualTo(exact[1]);
    }

    @ParameterizedTest
    @EnumSource(PoolingType.class)
    void mergedBranchesWithGlobalPoolingMatchBruteForce(PoolingType pooling) {
        ComputationGraph graph = DagTestNets.inception(35, pooling);
        GradientTestNets.perturb(graph, 36);
        INDArray x = images(5, 37);
        INDArray y = GradientTestNets.oneHot(5, DagTestNets.CLASSES, 38);

        assertExactPathAgrees(graph, x, y, false);
    }

    @Test
    void everyVertexKindAndPaddingCroppingUpsamplingMatchBruteForce() {
        ComputationGraph graph = DagTestNets.everyVertex(39);
        GradientTestNets.perturb(graph, 40);
        INDArray x = GradientTestNets.features(7, 6, 41);
        INDArray y = GradientTestNets.oneHot(7, DagTestNets.CLASSES, 42);

        assertExactPathAgrees(graph, x, y, false);
    }

    @Test
    void channelsLastConvolutionsAndBatchNormMatchBruteForceAndFiniteDifferences() {
        ComputationGraph graph = DagTestNets.channelsLast(45);
        GradientTestNets.perturb(graph, 46);
        INDArray x = images(4, 47).permute(0, 2, 3, 1).dup('c');
        INDArray y = GradientTestNets.oneHot(4, DagTestNets.CLASSES, 48);

        assertExactPathAgrees(graph, x, y, true);
    }

    @Test
    void preluWithSharedAndPerUnitSlopesMatchesBruteForceAndFiniteDifferences() {
        ComputationGraph graph = DagTestNets.prelu(49);
        GradientTestNets.perturb(graph, 50);
        INDArray x = GradientTestNets.features(6, DagTestNets.CHANNELS * 16, 51).reshape(6, DagTestNets.CHANNELS, 4, 4);
        INDArray y = GradientTestNets.oneHot(6, DagTestNets.CLASSES, 52);

        assertExactPathAgrees(graph, x, y, true);
    }

    @Test
    void aVertexWithoutAClosedFormIsNamedWithItsType() {
        ComputationGraph graph = new ComputationGraph(GradientTestNets.base(43).graphBuilder().addInputs("in")
                .setInputTypes(InputType.feedForward(4))
                .addLayer("d", new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build(), "in")
                .addVertex("norm", new L2NormalizeVertex(), "d")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "norm")
                .setOutputs("out").build());
        graph.init();

        assertThatThrownBy(() -> ExactGradientNorms.of(graph)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("vertex 'norm' is a L2NormalizeVertex");
    }
}
