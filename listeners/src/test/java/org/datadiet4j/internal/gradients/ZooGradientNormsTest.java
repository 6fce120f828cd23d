package org.datadiet4j.internal.gradients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datadiet4j.internal.gradients.GradientTestNets.maxRelativeError;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.zoo.model.SqueezeNet;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The closed-form path on a model users train as DL4J's zoo ships it: SqueezeNet (fire modules: 1×1
 * squeeze, 1×1 and 3×3 expand branches merged along the channels; max pooling, dropout, global average
 * pooling, softmax activation layer into a loss layer), in double precision, against DL4J's own
 * per-example backpropagation. {@link ExactGradientNorms#of} builds only for a fully covered graph, so
 * the test runs on the fast path.
 */
class ZooGradientNormsTest {

    @Test
    void squeezeNetMatchesBruteForce() {
        int classes = 10;
        ComputationGraph graph = SqueezeNet.builder().numClasses(classes).inputShape(new int[] {3, 32, 32})
                .weightInit(WeightInit.XAVIER).seed(51).build().init().convertDataType(DataType.DOUBLE);
        int n = 3;
        INDArray x = GradientTestNets.features(n, 3 * 32 * 32, 52).reshape(n, 3, 32, 32);
        INDArray y = GradientTestNets.oneHot(n, classes, 53);

        double[] exact = ExactGradientNorms.of(graph).squaredNorms(x, y);
        double[] bruteForce = BruteForceGradientNorms.of(graph).squaredNorms(x, y);

        assertThat(java.util.Arrays.stream(exact).min().orElseThrow()).isPositive();
        assertThat(maxRelativeError(exact, bruteForce)).isLessThan(1e-10);
    }
}
