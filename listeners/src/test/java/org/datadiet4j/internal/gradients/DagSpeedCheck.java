package org.datadiet4j.internal.gradients;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A one-off measurement, not a test of speed (it asserts only that both paths agree): the exact fast
 * path against per-example backpropagation on a Fashion-MNIST-sized ResNet-style graph (28×28×1, 16 and
 * 24 channels, float). Runs only when asked:
 * {@code mvn -B -o test -pl listeners -Dtest=DagSpeedCheck -Ddatadiet.speed=true}.
 */
@EnabledIfSystemProperty(named = "datadiet.speed", matches = "true")
class DagSpeedCheck {

    @Test
    void fastPathAgainstBruteForceOnAResNetStyleGraph() {
        ComputationGraph graph = DagTestNets.resNet(61, 28, 1, 16).convertDataType(DataType.FLOAT);
        int n = 256;
        INDArray x = GradientTestNets.features(n, 28 * 28, 62).reshape(n, 1, 28, 28).castTo(DataType.FLOAT);
        INDArray y = GradientTestNets.oneHot(n, DagTestNets.CLASSES, 63).castTo(DataType.FLOAT);
        ExactGradientNorms exact = ExactGradientNorms.of(graph);
        BruteForceGradientNorms bruteForce = BruteForceGradientNorms.of(graph);
        exact.squaredNorms(x, y);
        bruteForce.squaredNorms(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 8)),
                y.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 8)));

        long[] fast = new long[3];
        long[] slow = new long[3];
        double[] fastNorms = null;
        double[] slowNorms = null;
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            fastNorms = exact.squaredNorms(x, y);
            fast[round] = System.nanoTime() - start;
            start = System.nanoTime();
            slowNorms = bruteForce.squaredNorms(x, y);
            slow[round] = System.nanoTime() - start;
        }
        for (int round = 0; round < 3; round++) {
            System.out.printf(java.util.Locale.ROOT, "round %d: exact %.3f s, brute force %.3f s, ratio %.1f%n", round,
                    fast[round] / 1e9, slow[round] / 1e9, (double) slow[round] / fast[round]);
        }
        for (int i = 0; i < n; i++) {
            assertThat(Math.abs(Math.sqrt(fastNorms[i]) - Math.sqrt(slowNorms[i])) / Math.sqrt(slowNorms[i]))
                    .isLessThan(1e-3);
        }
    }
}
