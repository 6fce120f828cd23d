package org.datadiet4j.bench;

import java.util.concurrent.TimeUnit;
import org.datadiet4j.internal.gradients.BruteForceGradientNorms;
import org.datadiet4j.internal.gradients.ExactGradientNorms;
import org.datadiet4j.models.ModelKind;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH micro-benchmark of per-example gradient norms for one batch of 64 Fashion-MNIST-shaped
 * examples: the closed forms of the exact path against per-example backpropagation, per model.
 * Part of {@code mvn -B -q -Pbench -DskipTests verify}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ClosedFormsBenchmark {

    @Param({"mlp", "lenet"})
    public String model;

    private INDArray features;
    private INDArray labels;
    private ExactGradientNorms exact;
    private BruteForceGradientNorms bruteForce;

    @Setup
    public void setUp() {
        MultiLayerNetwork network = ModelKind.parse(model).build(784, 28, 10, 1);
        features = Nd4j.rand(DataType.FLOAT, 64, 784);
        labels = Nd4j.zeros(DataType.FLOAT, 64, 10);
        for (int i = 0; i < 64; i++) {
            labels.putScalar(i, i % 10, 1.0);
        }
        exact = ExactGradientNorms.of(network);
        bruteForce = BruteForceGradientNorms.of(network);
    }

    @Benchmark
    public double[] closedForms() {
        return exact.squaredNorms(features, labels);
    }

    @Benchmark
    public double[] perExampleBackprop() {
        return bruteForce.squaredNorms(features, labels);
    }
}
