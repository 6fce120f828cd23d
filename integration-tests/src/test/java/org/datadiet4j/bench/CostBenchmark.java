package org.datadiet4j.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.DoubleSupplier;
import org.datadiet4j.data.Examples;
import org.datadiet4j.datasets.DataSource;
import org.datadiet4j.gradients.BruteForceGradientNorms;
import org.datadiet4j.gradients.ExactGradientNorms;
import org.datadiet4j.listeners.El2nListener;
import org.datadiet4j.listeners.GrandListener;
import org.datadiet4j.models.ModelKind;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Whole-pass costs as ratios measured side by side in one JVM: each scoring pass against one
 * training epoch of the same model on the same Fashion-MNIST examples, after a warm-up, as the
 * median of several repetitions. Prints a table; exits non-zero only on an error, never on a
 * missed goal.
 *
 * <p>Run with {@code mvn -B -q -Pbench -DskipTests verify} (sizes: {@code -Dbench.mlp=N},
 * {@code -Dbench.lenet=N}, {@code -Dbench.reps=R}).
 */
public final class CostBenchmark {

    private CostBenchmark() {
    }

    public static void main(String[] args) {
        int mlpExamples = Integer.getInteger("bench.mlp", 20_000);
        int lenetExamples = Integer.getInteger("bench.lenet", 3_000);
        int repetitions = Integer.getInteger("bench.reps", 5);
        System.out.println("datadiet4j cost benchmark: Fashion-MNIST, medians of " + repetitions
                + " repetitions after one warm-up; ratios to one training epoch (batch 128) of the same examples");
        System.out.println(String.format(Locale.ROOT, "%-6s %7s %12s %12s %16s %18s %14s",
                "model", "N", "EL2N/epoch", "GraNd/epoch", "GraNd-last/epoch", "brute/GraNd exact", "GraNd MB/batch"));
        measure(ModelKind.MLP, mlpExamples, repetitions, 2_000);
        measure(ModelKind.LENET, lenetExamples, repetitions, 300);
    }

    private static void measure(ModelKind kind, int n, int repetitions, int bruteForceExamples) {
        DataSource.Loaded loaded = DataSource.of("fashion-mnist", 0, 0).loadTrain(n);
        Examples examples = loaded.examples();
        MultiLayerNetwork network = kind.build(784, loaded.height(), examples.numClasses(), 1);
        var iterator = examples.shuffledIterator(128, 1);
        double epoch = median(repetitions, () -> time(() -> network.fit(iterator)));

        El2nListener el2n = El2nListener.builder(examples).atEpochs(1).build();
        double el2nPass = median(repetitions, () -> time(() -> el2n.scoreAll(network)));
        GrandListener grand = GrandListener.builder(examples).atEpochs(1).build();
        double grandPass = median(repetitions, () -> time(() -> grand.scoreAll(network)));
        long workspace = ExactGradientNorms.workspaceBytes();
        GrandListener last = GrandListener.builder(examples).atEpochs(1).mode(GrandListener.Mode.LAST_LAYER).build();
        double lastPass = median(repetitions, () -> time(() -> last.scoreAll(network)));

        int k = Math.min(bruteForceExamples, n);
        DataSet sample = examples.range(0, k);
        BruteForceGradientNorms bruteForce = BruteForceGradientNorms.of(network);
        ExactGradientNorms exact = ExactGradientNorms.of(network);
        bruteForce.squaredNorms(examples.range(0, Math.min(20, k)).getFeatures(), examples.range(0, Math.min(20, k)).getLabels());
        double brutePerExample = time(() -> bruteForce.squaredNorms(sample.getFeatures(), sample.getLabels())) / k;
        double exactPerExample = median(repetitions, () -> time(() -> {
            for (int from = 0; from < k; from += 256) {
                DataSet batch = examples.range(from, Math.min(k, from + 256));
                exact.squaredNorms(batch.getFeatures(), batch.getLabels());
            }
        })) / k;

        System.out.println(String.format(Locale.ROOT, "%-6s %7d %12.3f %12.3f %16.3f %18.1f %14.1f", kind.cliName(), n,
                el2nPass / epoch, grandPass / epoch, lastPass / epoch, brutePerExample / exactPerExample,
                workspace / 1e6));
    }

    private static double time(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

    /** One warm-up run, then the median of {@code repetitions} timed runs. */
    private static double median(int repetitions, DoubleSupplier timedRun) {
        timedRun.getAsDouble();
        double[] times = new double[repetitions];
        for (int r = 0; r < repetitions; r++) {
            times[r] = timedRun.getAsDouble();
        }
        Arrays.sort(times);
        return times[repetitions / 2];
    }
}
