package org.datadiet4j.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.Examples;
import org.datadiet4j.datasets.DataSource;
import org.datadiet4j.listeners.El2nListener;
import org.datadiet4j.listeners.ForgettingListener;
import org.datadiet4j.listeners.GrandListener;
import org.datadiet4j.listeners.NtkVelocityListener;
import org.datadiet4j.models.ModelKind;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;

/**
 * Overheads of the order of 1 % of a training epoch, resolved on a small, shared, noisy machine
 * ({@link PairedEpochs}: many one-epoch blocks interleaved A B B A, {@link PairedRatio}: the ratio B/A
 * with a 95 % interval). One MLP on a Fashion-MNIST subset, one network and one id-stamping iterator
 * shared by both arms of a comparison wherever possible (the arms differ only in what they compare).
 *
 * <p>The method is shown first: an A/A comparison (identical arms) must give an interval around
 * 1.00, and a busy-wait listener costing 2 % of a batch must be found with an interval above 1.00.
 * Then: idle scoring listeners (EL2N, GraNd, NTK velocity built on the iterator, their epochs never
 * reached), the forgetting listener, and the id-stamping iterator against a bare one. Prints a
 * table; exits non-zero only on an error, never on a figure.
 *
 * <p>Run with {@code mvn -B -q -Poverhead -DskipTests -Dinvoker.skip verify} (from the project root; sizes:
 * {@code -Doverhead.n=N} examples per epoch, {@code -Doverhead.pairs=P}, {@code -Doverhead.warmup=W}; a subset of
 * the comparisons: {@code -Doverhead.only=aa,empty,injected,idle,forgetting,stamping,twin}).
 */
public final class OverheadBenchmark {

    private static final int BATCH = 128;
    private static final double INJECTED = 0.02;
    /** Epochs trained before the first comparison, until the JIT compiler has settled. */
    private static final int WARMUP_EPOCHS = 40;

    private OverheadBenchmark() {
    }

    public static void main(String[] args) {
        int n = Integer.getInteger("overhead.n", 8_192);
        int pairs = Integer.getInteger("overhead.pairs", 60);
        int warmup = Integer.getInteger("overhead.warmup", 5);
        Examples examples = DataSource.of("fashion-mnist", 0, 0).loadTrain(n).examples();
        MultiLayerNetwork network = ModelKind.MLP.build(784, 28, examples.numClasses(), 1);
        ExampleIdIterator data = examples.shuffledIterator(BATCH, 1);
        List<TrainingListener> none = List.of();
        boolean async = Boolean.getBoolean("overhead.async");
        org.nd4j.linalg.dataset.api.iterator.DataSetIterator fed = async ? data : new SynchronousIterator(data);
        PairedEpochs.Arm plain = new PairedEpochs.Arm("plain", network, fed, none);

        System.out.println(String.format(Locale.ROOT, "datadiet4j overhead benchmark: MLP on %d Fashion-MNIST examples,"
                + " batch %d; %d pairs of one-epoch blocks, interleaved A B B A, after %d warm-up epochs of each arm;"
                + " B/A as the 10%%-trimmed mean of per-pair log-ratios with a 95%% bootstrap interval (t-interval of the"
                + " plain mean in the last column)", n, BATCH, pairs, warmup));
        System.out.println(String.format(Locale.ROOT, "%-52s %8s %8s  %-26s %-26s %-26s %-26s", "B / A", "A wall s", "A cpu s",
                "wall", "training-thread CPU", "process CPU", "wall, mean (t)"));
        java.util.Set<String> only = new java.util.HashSet<>(Arrays.asList(System.getProperty("overhead.only",
                "aa,empty,injected,idle,forgetting,stamping,twin").split(",")));
        for (int w = 0; w < WARMUP_EPOCHS; w++) {
            PairedEpochs.block(plain);
        }

        if (only.contains("aa")) {
            PairedEpochs.Result aa = report(PairedEpochs.compare("A/A: no listeners / no listeners", plain,
                    new PairedEpochs.Arm("plain again", network, fed, none), warmup, pairs));
            System.out.println(String.format(Locale.ROOT, "  (resolution, the half-width of the A/A interval: wall"
                    + " ±%.2f %%, training-thread CPU ±%.2f %%)", 100 * aa.wall().ratio().halfWidth(),
                    100 * aa.thread().ratio().halfWidth()));
        }
        if (only.contains("empty")) {
            report(PairedEpochs.compare("a DL4J listener that does nothing / none", plain,
                    new PairedEpochs.Arm("empty", network, fed, List.of(new org.deeplearning4j.optimize.api.BaseTrainingListener() {
                    })), warmup, pairs));
        }
        if (only.contains("injected")) {
            injected(plain, network, fed, n, warmup, pairs);
        }
        if (only.contains("idle")) {
            List<TrainingListener> idle = List.of(El2nListener.builder(data).atEpochs(1_000_000).build(),
                    GrandListener.builder(data).atEpochs(1_000_000).build(),
                    NtkVelocityListener.builder(data).everyIterations(1_000_000_000).build());
            report(PairedEpochs.compare("idle EL2N+GraNd+NTK listeners / none", plain,
                    new PairedEpochs.Arm("idle", network, fed, idle), warmup, pairs));
        }
        if (only.contains("forgetting")) {
            ForgettingListener forgetting = ForgettingListener.builder(data).atEpochs(1_000_000).build();
            report(PairedEpochs.compare("forgetting listener / none", plain,
                    new PairedEpochs.Arm("forgetting", network, fed, List.of(forgetting)), warmup, pairs));
        }
        if (only.contains("stamping")) {
            BareShuffledIterator bare = new BareShuffledIterator(examples, BATCH, 1);
            report(PairedEpochs.compare("id-stamping iterator / bare iterator", new PairedEpochs.Arm("bare",
                    network, async ? bare : new SynchronousIterator(bare), none), plain, warmup, pairs));
        }
        if (only.contains("twin")) {
            MultiLayerNetwork twin = ModelKind.MLP.build(784, 28, examples.numClasses(), 1);
            ExampleIdIterator twinData = examples.shuffledIterator(BATCH, 1);
            report(PairedEpochs.compare("A/A: twin network / network (the old design)", plain,
                    new PairedEpochs.Arm("twin", twin, async ? twinData : new SynchronousIterator(twinData), none),
                    warmup, pairs));
        }
    }

    /** A busy-work listener costing 2 % of a batch's training-thread CPU, measured, against the expected ratio. */
    private static void injected(PairedEpochs.Arm plain, MultiLayerNetwork network,
                                 org.nd4j.linalg.dataset.api.iterator.DataSetIterator fed, int n, int warmup, int pairs) {
        double iterationSeconds = medianIterationSeconds(plain, 2 * warmup + 1, n);
        long injectedNanos = Math.round(INJECTED * iterationSeconds * 1e9);
        BusyWaitListener busy = BusyWaitListener.taking(injectedNanos);
        PairedEpochs.Result injected = report(PairedEpochs.compare(String.format(Locale.ROOT,
                "injected: +%.0f us CPU of work per batch (~2%%)", injectedNanos / 1e3), plain,
                new PairedEpochs.Arm("busy", network, fed, List.of(busy)), warmup, pairs));
        System.out.println(String.format(Locale.ROOT, "  (expected training-thread CPU ratio of the injected work: %.4f"
                + " = 1 + %d batches x %.0f us / %.4f s; work checksum %d)", 1 + iterations(n) * injectedNanos / 1e9
                / injected.meanThreadA(), iterations(n), injectedNanos / 1e3, injected.meanThreadA(), busy.sink()));
    }

    private static int iterations(int n) {
        return (n + BATCH - 1) / BATCH;
    }

    private static PairedEpochs.Result report(PairedEpochs.Result result) {
        PairedRatio wall = result.wall();
        System.out.println(String.format(Locale.ROOT, "%-52s %8.3f %8.3f  %-26s %-26s %-26s %-26s", result.label(),
                result.meanWallA(), result.meanThreadA(), wall.ratio(), result.thread().ratio(), result.process().ratio(), wall.meanRatio()));
        return result;
    }

    /** Median training-thread CPU time of one training iteration of {@code arm}, over {@code blocks} epochs of it. */
    private static double medianIterationSeconds(PairedEpochs.Arm arm, int blocks, int n) {
        double[] seconds = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            seconds[b] = PairedEpochs.block(arm)[1];
        }
        Arrays.sort(seconds);
        return seconds[blocks / 2] / iterations(n);
    }
}
