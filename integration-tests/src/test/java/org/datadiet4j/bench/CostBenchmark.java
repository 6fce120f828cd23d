package org.datadiet4j.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.DoubleSupplier;
import org.datadiet4j.data.Examples;
import org.datadiet4j.datasets.DataSource;
import org.datadiet4j.gradients.BruteForceGradientNorms;
import org.datadiet4j.gradients.ExactGradientNorms;
import org.datadiet4j.listeners.El2nListener;
import org.datadiet4j.listeners.ForgettingListener;
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
        System.out.println(String.format(Locale.ROOT, "%-6s %7s %12s %12s %16s %18s %14s %14s",
                "model", "N", "EL2N/epoch", "GraNd/epoch", "GraNd-last/epoch", "brute/GraNd exact", "GraNd MB/batch",
                "NTK(100)/epoch"));
        measure(ModelKind.MLP, mlpExamples, repetitions, 2_000);
        measure(ModelKind.LENET, lenetExamples, repetitions, 300);
        forgettingOverhead(mlpExamples, Math.max(7, 2 * repetitions + 1));
        scrapeOverhead(mlpExamples, Math.max(5, repetitions));
    }

    /**
     * Training epochs while 8 clients scrape the Prometheus endpoint 1 000 times, against epochs of
     * the same network, same listeners and endpoint, without scrapes; alternating, median of the
     * per-pair ratios.
     */
    private static void scrapeOverhead(int n, int pairs) {
        Examples examples = DataSource.of("fashion-mnist", 0, 0).loadTrain(n).examples();
        MultiLayerNetwork network = ModelKind.MLP.build(784, 28, examples.numClasses(), 1);
        var data = examples.shuffledIterator(128, 1);
        El2nListener el2n = El2nListener.builder(examples).atEpochs(1).build();
        ForgettingListener forgetting = ForgettingListener.builder(data).atEpochs(1).build();
        org.datadiet4j.metrics.TrainingState state = new org.datadiet4j.metrics.TrainingState();
        network.setListeners(state, forgetting);
        try (var endpoint = org.datadiet4j.metrics.MetricsEndpoint.start("127.0.0.1", 0);
             var metrics = org.datadiet4j.metrics.DatadietMetrics.builder("bench", "mlp").scores(el2n, forgetting)
                     .training(state).build()) {
            metrics.bindTo(endpoint.registry());
            el2n.scoreNow(network, 0);
            network.fit(data);
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(endpoint.url())).build();
            double[] ratios = new double[pairs];
            int failed = 0;
            for (int p = 0; p < pairs; p++) {
                double quiet = time(() -> network.fit(data));
                java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(1_000);
                java.util.concurrent.atomic.AtomicInteger errors = new java.util.concurrent.atomic.AtomicInteger();
                java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(8);
                for (int c = 0; c < 8; c++) {
                    clients.submit(() -> {
                        while (left.getAndDecrement() > 0) {
                            try {
                                if (client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode() != 200) {
                                    errors.incrementAndGet();
                                }
                            } catch (Exception e) {
                                errors.incrementAndGet();
                            }
                        }
                    });
                }
                double scraped = time(() -> network.fit(data));
                clients.shutdown();
                try {
                    clients.awaitTermination(5, java.util.concurrent.TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                failed += errors.get();
                ratios[p] = scraped / quiet;
            }
            double[] sorted = ratios.clone();
            Arrays.sort(sorted);
            System.out.println(String.format(Locale.ROOT, "training epoch while 8 clients scrape 1000 times / without"
                    + " (MLP, N=%d, median of %d pairs): %.3f  (pairs: %s; failed scrapes: %d)", n, pairs,
                    sorted[pairs / 2], format(ratios), failed));
        }
    }

    /**
     * Training epochs with the forgetting listener attached against epochs without any listener:
     * two identical networks trained in alternation, the ratio taken within each pair, the median
     * of the pairs reported.
     */
    private static void forgettingOverhead(int n, int pairs) {
        Examples examples = DataSource.of("fashion-mnist", 0, 0).loadTrain(n).examples();
        MultiLayerNetwork plain = ModelKind.MLP.build(784, 28, examples.numClasses(), 1);
        MultiLayerNetwork watched = ModelKind.MLP.build(784, 28, examples.numClasses(), 1);
        var plainData = examples.shuffledIterator(128, 1);
        var watchedData = examples.shuffledIterator(128, 1);
        TimedListener forgetting = new TimedListener(ForgettingListener.builder(watchedData).atEpochs(1).build());
        watched.setListeners(forgetting);
        plain.fit(plainData);
        watched.fit(watchedData);
        forgetting.reset();
        double watchedSeconds = 0;
        double[] ratios = new double[pairs];
        for (int p = 0; p < pairs; p++) {
            boolean plainFirst = p % 2 == 0;
            double first = time(() -> (plainFirst ? plain : watched).fit(plainFirst ? plainData : watchedData));
            double second = time(() -> (plainFirst ? watched : plain).fit(plainFirst ? watchedData : plainData));
            ratios[p] = plainFirst ? second / first : first / second;
            watchedSeconds += plainFirst ? second : first;
        }
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        System.out.println(String.format(Locale.ROOT, "training epoch with forgetting listener / without (MLP, N=%d,"
                + " median of %d paired epochs): %.3f  (pairs: %s)", n, pairs, sorted[pairs / 2], format(ratios)));
        System.out.println(String.format(Locale.ROOT, "time inside the forgetting listener / epoch time: %.4f"
                + " (its own cost, free of the epoch-to-epoch noise above)", forgetting.seconds() / watchedSeconds));
    }

    /** Runs a listener and adds up the time spent inside its per-batch callback. */
    private static final class TimedListener extends org.deeplearning4j.optimize.api.BaseTrainingListener {
        private final org.deeplearning4j.optimize.api.TrainingListener inner;
        private long nanos;

        TimedListener(org.deeplearning4j.optimize.api.TrainingListener inner) {
            this.inner = inner;
        }

        void reset() {
            nanos = 0;
        }

        double seconds() {
            return nanos / 1e9;
        }

        @Override
        public void onEpochStart(org.deeplearning4j.nn.api.Model model) {
            inner.onEpochStart(model);
        }

        @Override
        public void onEpochEnd(org.deeplearning4j.nn.api.Model model) {
            inner.onEpochEnd(model);
        }

        @Override
        public void onForwardPass(org.deeplearning4j.nn.api.Model model, java.util.List<org.nd4j.linalg.api.ndarray.INDArray> activations) {
            long start = System.nanoTime();
            inner.onForwardPass(model, activations);
            nanos += System.nanoTime() - start;
        }
    }

    private static String format(double[] values) {
        StringBuilder out = new StringBuilder();
        for (double v : values) {
            out.append(out.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", v));
        }
        return out.toString();
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

        var probe = examples.gather(org.datadiet4j.gradients.GrandVerification.sampleIds(n, 100, 1)).getFeatures();
        var kernel = org.datadiet4j.gradients.NeuralTangentKernel.of(network);
        double ntk = median(repetitions, () -> time(() -> kernel.kernel(probe)));

        System.out.println(String.format(Locale.ROOT, "%-6s %7d %12.3f %12.3f %16.3f %18.1f %14.1f %14.3f",
                kind.cliName(), n, el2nPass / epoch, grandPass / epoch, lastPass / epoch,
                brutePerExample / exactPerExample, workspace / 1e6, ntk / epoch));
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
