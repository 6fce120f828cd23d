package org.datadiet4j.bench;

import java.util.Arrays;
import java.util.Locale;
import org.datadiet4j.data.Examples;
import org.datadiet4j.datasets.DataSource;
import org.datadiet4j.internal.gradients.BruteForceGradientNorms;
import org.datadiet4j.internal.gradients.ConvolutionForm;
import org.datadiet4j.internal.gradients.ExactGradientNorms;
import org.datadiet4j.internal.scoring.ScoringContext;
import org.datadiet4j.listeners.El2nListener;
import org.datadiet4j.listeners.ForgettingListener;
import org.datadiet4j.listeners.GrandListener;
import org.datadiet4j.models.ModelKind;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Whole-pass costs as ratios measured side by side in one JVM: each scoring pass against one
 * training epoch of the same model on the same Fashion-MNIST examples, after a warm-up, as the
 * median of several repetitions. Prints a table; exits non-zero only on an error, never on a
 * missed goal.
 *
 * <p>Run with {@code mvn -B -q -Pbench -DskipTests verify} (sizes: {@code -Dbench.mlp=N},
 * {@code -Dbench.lenet=N}, {@code -Dbench.resnet=N} (the ResNet-style graph; defaults to the LeNet size),
 * {@code -Dbench.reps=R}, {@code -Dbench.stream=N}; {@code -Dbench.rowsOnly=true} stops after the three model
 * rows, {@code -Dbench.resnetOnly=true} measures the graph alone).
 */
public final class CostBenchmark {

    private CostBenchmark() {
    }

    public static void main(String[] args) {
        int mlpExamples = Integer.getInteger("bench.mlp", 20_000);
        int lenetExamples = Integer.getInteger("bench.lenet", 3_000);
        int repetitions = Integer.getInteger("bench.reps", 5);
        System.out.println("datadiet4j cost benchmark: Fashion-MNIST, medians of " + repetitions
                + " repetitions after one warm-up; ratios to one training epoch (batch 128) of the same examples, each taken within one repetition");
        System.out.println(String.format(Locale.ROOT, "%-6s %7s %12s %12s %16s %18s %14s %14s",
                "model", "N", "EL2N/epoch", "GraNd/epoch", "GraNd-last/epoch", "brute/GraNd exact", "GraNd MB/batch",
                "NTK(100)/epoch"));
        boolean resnetOnly = Boolean.getBoolean("bench.resnetOnly");
        if (!resnetOnly) {
            measure(ModelKind.MLP, mlpExamples, repetitions, 2_000);
            measure(ModelKind.LENET, lenetExamples, repetitions, 300);
        }
        int resnetExamples = Integer.getInteger("bench.resnet", lenetExamples);
        DataSource.Loaded resnetData = DataSource.of("fashion-mnist", 0, 0).loadTrain(resnetExamples);
        measure("resnet", ResNetStyleGraph.build(resnetData.height(), resnetData.examples().numClasses(), 16, 1),
                resnetData.examples(), repetitions, 100);
        if (resnetOnly || Boolean.getBoolean("bench.rowsOnly")) {
            return;
        }
        forgettingOverhead(mlpExamples, Math.max(7, 2 * repetitions + 1));
        scrapeOverhead(mlpExamples, Math.max(5, repetitions));
        idleListenersOverhead(mlpExamples, Math.max(7, 2 * repetitions + 1));
        autoPruningWallTime(mlpExamples);
        int streamed = Integer.getInteger("bench.stream", 1_000_000);
        storeBytesPerExample(streamed);
        streamedScale(streamed);
    }

    /** Epochs with the EL2N, GraNd and NTK listeners attached but not measuring in them / with none. */
    private static void idleListenersOverhead(int n, int pairs) {
        Examples examples = DataSource.of("fashion-mnist", 0, 0).loadTrain(n).examples();
        MultiLayerNetwork plain = ModelKind.MLP.build(784, 28, examples.numClasses(), 1);
        MultiLayerNetwork watched = ModelKind.MLP.build(784, 28, examples.numClasses(), 1);
        var plainData = examples.shuffledIterator(128, 1);
        var watchedData = examples.shuffledIterator(128, 1);
        watched.setListeners(El2nListener.builder(examples).atEpochs(10_000).build(),
                GrandListener.builder(examples).atEpochs(10_000).build(),
                org.datadiet4j.listeners.NtkVelocityListener.builder(examples).everyIterations(100_000_000).build());
        plain.fit(plainData);
        watched.fit(watchedData);
        double[] ratios = pairedEpochs(plain, plainData, watched, watchedData, pairs).ratios();
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        System.out.println(String.format(Locale.ROOT, "training epoch with EL2N, GraNd and NTK listeners attached but"
                + " idle / without (MLP, N=%d, median of %d pairs): %.3f  (pairs: %s)", n, pairs, sorted[pairs / 2],
                format(ratios)));
    }

    /** Wall time of 4 epochs pruned to the hardest 50 % by EL2N after epoch 2, against 4 full epochs. */
    private static void autoPruningWallTime(int n) {
        Examples examples = DataSource.of("fashion-mnist", 0, 0).loadTrain(n).examples();
        MultiLayerNetwork full = ModelKind.MLP.build(784, 28, examples.numClasses(), 1);
        MultiLayerNetwork pruned = ModelKind.MLP.build(784, 28, examples.numClasses(), 1);
        var fullData = examples.shuffledIterator(128, 1);
        var prunedData = examples.shuffledIterator(128, 1);
        El2nListener el2n = El2nListener.builder(examples).atEpochs(2).build();
        pruned.setListeners(org.datadiet4j.pruning.EarlyPruningListener.builder(prunedData, el2n).atEpoch(2).keep(0.5)
                .build());
        double fullSeconds = time(() -> full.fit(fullData, 4));
        double prunedSeconds = time(() -> pruned.fit(prunedData, 4));
        System.out.println(String.format(Locale.ROOT, "auto-pruned run (50%% hardest EL2N after epoch 2 of 4) / full run"
                + " (MLP, N=%d): %.3f", n, prunedSeconds / fullSeconds));
    }

    /**
     * Heap held per example by the score store and the forgetting tracker with EL2N, GraNd and
     * forgetting recorded, counted from the arrays they own (heap growth, tried too, drowns in the
     * collector's noise here).
     */
    private static void storeBytesPerExample(int n) {
        org.datadiet4j.scores.ScoreStore store = new org.datadiet4j.scores.ScoreStore(n);
        org.datadiet4j.scores.ForgettingTracker tracker = new org.datadiet4j.scores.ForgettingTracker(n);
        for (int run = 0; run < 3; run++) {
            store.record("el2n", new float[n]);
            store.record("grand", new float[n]);
            store.record("forgetting", tracker.scores());
            store.record("ever_learned", tracker.everLearned());
        }
        // each column: mean and squared deviations, 2 floats; the tracker: byte + 2 ints + short
        long counted = (long) store.columns().size() * 2 * Float.BYTES * n + (long) n * (1 + 4 + 4 + 2);
        System.out.println(String.format(Locale.ROOT, "score store + forgetting tracker, 4 columns over 3 runs: %.1f"
                + " bytes per example (N=%d)", (double) counted / n, n));
        if (store.size() != tracker.size()) {
            throw new IllegalStateException("store and tracker disagree on the example count");
        }
    }

    /** EL2N of a synthetic stream of examples generated batch by batch (never held): throughput, heap. */
    private static void streamedScale(int n) {
        MultiLayerNetwork network = ModelKind.MLP.build(784, 28, 10, 1);
        int batch = 4096;
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long heapBefore = runtime.totalMemory() - runtime.freeMemory();
        long[] peak = {0};
        org.nd4j.linalg.dataset.api.iterator.DataSetIterator stream = new org.nd4j.linalg.dataset.api.iterator.DataSetIterator() {
            private int produced;

            @Override
            public org.nd4j.linalg.dataset.DataSet next(int num) {
                throw new UnsupportedOperationException();
            }

            @Override
            public org.nd4j.linalg.dataset.DataSet next() {
                int size = Math.min(batch, n - produced);
                produced += size;
                peak[0] = Math.max(peak[0], runtime.totalMemory() - runtime.freeMemory());
                org.nd4j.linalg.api.ndarray.INDArray x = org.nd4j.linalg.factory.Nd4j.rand(
                        org.nd4j.linalg.api.buffer.DataType.FLOAT, size, 784);
                org.nd4j.linalg.api.ndarray.INDArray y = org.nd4j.linalg.factory.Nd4j.zeros(
                        org.nd4j.linalg.api.buffer.DataType.FLOAT, size, 10);
                for (int i = 0; i < size; i++) {
                    y.putScalar(i, (produced - size + i) % 10, 1.0);
                }
                return new org.nd4j.linalg.dataset.DataSet(x, y);
            }

            @Override
            public boolean hasNext() {
                return produced < n;
            }

            @Override
            public int inputColumns() {
                return 784;
            }

            @Override
            public int totalOutcomes() {
                return 10;
            }

            @Override
            public boolean resetSupported() {
                return false;
            }

            @Override
            public boolean asyncSupported() {
                return false;
            }

            @Override
            public void reset() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int batch() {
                return batch;
            }

            @Override
            public void setPreProcessor(org.nd4j.linalg.dataset.api.DataSetPreProcessor preProcessor) {
            }

            @Override
            public org.nd4j.linalg.dataset.api.DataSetPreProcessor getPreProcessor() {
                return null;
            }

            @Override
            public java.util.List<String> getLabels() {
                return null;
            }
        };
        double seconds = time(() -> El2nListener.scoreStream(network, stream, n));
        System.out.println(String.format(Locale.ROOT, "streamed EL2N of %d synthetic examples (MLP, batches of %d):"
                + " %.0f examples/s; Java heap above the start at most %.1f MB (the scores alone: %.1f MB)", n, batch,
                n / seconds, (peak[0] - heapBefore) / 1e6, n * 4 / 1e6));
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
        try (var endpoint = org.datadiet4j.prometheus.MetricsEndpoint.start("127.0.0.1", 0);
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
        Paired paired = pairedEpochs(plain, plainData, watched, watchedData, pairs);
        double[] ratios = paired.ratios();
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        System.out.println(String.format(Locale.ROOT, "training epoch with forgetting listener / without (MLP, N=%d,"
                + " median of %d paired epochs): %.3f  (pairs: %s)", n, pairs, sorted[pairs / 2], format(ratios)));
        System.out.println(String.format(Locale.ROOT, "time inside the forgetting listener / epoch time: %.4f"
                + " (its own cost, free of the epoch-to-epoch noise above)", forgetting.seconds() / paired.watchedSeconds()));
    }

    /** Per pair, epoch time of the watched network over the plain one's; and the watched epochs' total. */
    private record Paired(double[] ratios, double watchedSeconds) {
    }

    /** Pairs of epochs trained back to back, alternating which network goes first. */
    private static Paired pairedEpochs(MultiLayerNetwork plain, DataSetIterator plainData, MultiLayerNetwork watched,
                                       DataSetIterator watchedData, int pairs) {
        double[] ratios = new double[pairs];
        double watchedSeconds = 0;
        for (int p = 0; p < pairs; p++) {
            boolean plainFirst = p % 2 == 0;
            double first = time(() -> (plainFirst ? plain : watched).fit(plainFirst ? plainData : watchedData));
            double second = time(() -> (plainFirst ? watched : plain).fit(plainFirst ? watchedData : plainData));
            ratios[p] = plainFirst ? second / first : first / second;
            watchedSeconds += plainFirst ? second : first;
        }
        return new Paired(ratios, watchedSeconds);
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
        measure(kind.cliName(), kind.build(784, loaded.height(), examples.numClasses(), 1), examples, repetitions,
                bruteForceExamples);
    }

    /**
     * The row of {@code network} (a MultiLayerNetwork or a ComputationGraph) on {@code examples}, its
     * convolution forms, and its EL2N pass against a bare output() pass. Every ratio is taken within one
     * repetition (its sides measured back to back, the order alternating or, for brute force, the exact
     * pass and a bare output() pass, rotating) and reported as the median over the repetitions with their
     * range, so load that changes between repetitions cancels.
     */
    private static void measure(String name, Model network, Examples examples, int repetitions,
                                int bruteForceExamples) {
        int n = examples.size();
        var iterator = examples.shuffledIterator(128, 1);
        El2nListener el2n = El2nListener.builder(examples).atEpochs(1).build();
        GrandListener grand = GrandListener.builder(examples).atEpochs(1).build();
        GrandListener last = GrandListener.builder(examples).atEpochs(1).mode(GrandListener.Mode.LAST_LAYER).build();
        var probe = examples.gather(org.datadiet4j.internal.sampling.RandomIds.sample(n, 100, 1)).getFeatures();
        var kernel = org.datadiet4j.internal.gradients.NeuralTangentKernel.of(network);
        Runnable[] passes = {() -> el2n.scoreAll(network), () -> grand.scoreAll(network), () -> last.scoreAll(network),
                () -> kernel.kernel(probe)};
        fit(network, iterator);
        for (Runnable pass : passes) {
            pass.run();
        }
        double[][] perEpoch = new double[passes.length][repetitions];
        for (int r = 0; r < repetitions; r++) {
            for (int p = 0; p < passes.length; p++) {
                boolean epochFirst = (r + p) % 2 == 0;
                double before = epochFirst ? time(() -> fit(network, iterator)) : 0;
                double pass = time(passes[p]);
                double epoch = epochFirst ? before : time(() -> fit(network, iterator));
                perEpoch[p][r] = pass / epoch;
            }
        }

        long grandWorkspace = org.datadiet4j.internal.scoring.BatchSizing.workspaceBytesOnFreshThread(passes[1]);

        int k = Math.min(bruteForceExamples, n);
        DataSet sample = examples.range(0, k);
        BruteForceGradientNorms bruteForce = BruteForceGradientNorms.of(network);
        ExactGradientNorms exact = ExactGradientNorms.of(network);
        ExactGradientNorms explicit = ExactGradientNorms.of(network, ConvolutionForm.EXPLICIT);
        Runnable exactPass = () -> exact.squaredNorms(sample.getFeatures(), sample.getLabels());
        Runnable explicitPass = () -> explicit.squaredNorms(sample.getFeatures(), sample.getLabels());
        Runnable brutePass = () -> bruteForce.squaredNorms(sample.getFeatures(), sample.getLabels());
        Runnable outputPass = () -> El2nVersusOutput.output(network, sample.getFeatures());
        exactPass.run();
        explicitPass.run();
        outputPass.run();
        bruteForce.squaredNorms(examples.range(0, Math.min(20, k)).getFeatures(), examples.range(0, Math.min(20, k)).getLabels());
        double[] bruteOverExact = new double[repetitions];
        double[] bruteOverOutput = new double[repetitions];
        double[] exactOverOutput = new double[repetitions];
        double[] explicitOverExact = new double[repetitions];
        Runnable[] trio = {brutePass, exactPass, outputPass};
        for (int r = 0; r < repetitions; r++) {
            // the three passes back to back, the order rotating from repetition to repetition
            double[] seconds = new double[trio.length];
            for (int i = 0; i < trio.length; i++) {
                int which = (r + i) % trio.length;
                seconds[which] = time(trio[which]);
            }
            bruteOverExact[r] = seconds[0] / seconds[1];
            bruteOverOutput[r] = seconds[0] / seconds[2];
            exactOverOutput[r] = seconds[1] / seconds[2];
            explicitOverExact[r] = pairedRatio(explicitPass, exactPass, r % 2 == 1);
        }

        DataSet first = examples.range(0, Math.min(256, n));
        String forms = String.format(Locale.ROOT, "%s: on the same %d examples in one batch, brute force / exact %s;"
                + " brute force / one bare DL4J output() pass %s (the speed-up of a method that cost no more than DL4J's"
                + " own inference of the examples); exact / output() %s; every convolution explicit / each in its"
                + " cheaper form: %s; largest closed-form intermediate per batch of %d: explicit %d bytes, Gram %d bytes,"
                + " cheaper %d bytes", name, k, summary(bruteOverExact), summary(bruteOverOutput),
                summary(exactOverOutput), summary(explicitOverExact), first.numExamples(),
                explicit.largestIntermediateBytes(first.getFeatures(), first.getLabels()),
                ExactGradientNorms.of(network, ConvolutionForm.GRAM).largestIntermediateBytes(first.getFeatures(),
                        first.getLabels()),
                exact.largestIntermediateBytes(first.getFeatures(), first.getLabels()));

        System.out.println(String.format(Locale.ROOT, "%-6s %7d %12.3f %12.3f %16.3f %18.1f %14.1f %14.3f",
                name, n, median(perEpoch[0]), median(perEpoch[1]), median(perEpoch[2]), median(bruteOverExact),
                grandWorkspace / 1e6, median(perEpoch[3])));
        System.out.println(String.format(Locale.ROOT, "%s: per repetition, EL2N/epoch %s, GraNd/epoch %s (scoring batch"
                + " %d, chosen for the 512 MB budget), GraNd-last/epoch %s, NTK/epoch %s", name, summary(perEpoch[0]),
                summary(perEpoch[1]), grand.scoringBatchSize(), summary(perEpoch[2]), summary(perEpoch[3])));
        System.out.println(forms);
        int pairs = Math.max(7, 2 * repetitions + 1);
        double[] el2nOverOutput = El2nVersusOutput.ratios(network, examples, pairs);
        System.out.println(String.format(Locale.ROOT, "%s: EL2N pass / bare DL4J output() pass over the same %d"
                + " examples at batch %d (median of %d interleaved pairs): %.3f  (pairs: %s)", name, n,
                El2nVersusOutput.BATCH, pairs, El2nVersusOutput.median(el2nOverOutput), format(el2nOverOutput)));
    }

    /** time(a) / time(b), the two run back to back, {@code aFirst} or not. */
    private static double pairedRatio(Runnable a, Runnable b, boolean aFirst) {
        double first = time(aFirst ? a : b);
        double second = time(aFirst ? b : a);
        return aFirst ? first / second : second / first;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    /** "median (range min–max)". */
    private static String summary(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%.3f (range %.3f-%.3f)", median(values), sorted[0], sorted[sorted.length - 1]);
    }

    /** One training epoch of a MultiLayerNetwork or a ComputationGraph. */
    private static void fit(Model network, DataSetIterator data) {
        if (network instanceof MultiLayerNetwork multiLayer) {
            multiLayer.fit(data);
        } else if (network instanceof org.deeplearning4j.nn.graph.ComputationGraph graph) {
            graph.fit(data);
        } else {
            throw new IllegalArgumentException("expected a MultiLayerNetwork or a ComputationGraph, got "
                    + network.getClass().getSimpleName());
        }
    }

    private static double time(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

}
