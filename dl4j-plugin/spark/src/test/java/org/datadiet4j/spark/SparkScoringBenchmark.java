package org.datadiet4j.spark;

import static org.apache.spark.sql.functions.col;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.datadiet4j.data.ExampleSource;
import org.datadiet4j.listeners.El2nListener;
import org.datadiet4j.listeners.GrandListener;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import picocli.CommandLine;

/**
 * The Spark job on N synthetic image-like examples (784 pixels k/255, 10 classes, Fashion-MNIST's shape) with
 * the command line's MLP (784-256-128-10), against the listeners' own passes over the same examples on one
 * machine. Not a test: figures for people to read. One measurement per JVM, so that the peak memory is the
 * measurement's own:
 *
 * <ul>
 *   <li>{@code -Dbench.what=spark -Dbench.master=local[K]}: the job (read Parquet, score, write Parquet, quantiles)
 *       on an embedded session; examples/s of the scoring stage and of the whole job, executor time per
 *       example, peak resident memory of the JVM (driver and executor are one JVM in local mode);</li>
 *   <li>{@code -Dbench.what=listeners}: {@code El2nListener} and {@code GrandListener} passes over the same
 *       examples generated batch by batch (the generator's own time is measured and printed too).</li>
 * </ul>
 * The examples are written once to {@code bench.dir/examples-N.parquet}.
 */
public final class SparkScoringBenchmark {

    private static final int WIDTH = 784;
    private static final int CLASSES = 10;

    private SparkScoringBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int n = Integer.getInteger("bench.n", 1_000_000);
        String what = System.getProperty("bench.what", "spark");
        String scores = System.getProperty("bench.scores", "el2n,grand");
        Path dir = Path.of(System.getProperty("bench.dir", "target/spark-bench"));
        Files.createDirectories(dir);
        Path model = dir.resolve("mlp.zip");
        if (!Files.exists(model)) {
            ModelSerializer.writeModel(mlp(), model.toFile(), false);
        }
        System.out.printf(Locale.ROOT, "OMP_NUM_THREADS=%s, load average at start %.2f%n",
                System.getenv().getOrDefault("OMP_NUM_THREADS", "(unset)"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        if (what.equals("listeners")) {
            listeners(n, scores, ModelSerializer.restoreMultiLayerNetwork(model.toFile()));
        } else {
            spark(n, scores, dir, model, System.getProperty("bench.master", "local[2]"));
        }
        System.out.printf(Locale.ROOT, "peak resident memory of this JVM %.0f MB, Java heap pools' peaks summed %.0f MB,"
                + " load average at end %.2f%n", peakResidentBytes() / 1e6, peakHeapBytes() / 1e6,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static void spark(int n, String scores, Path dir, Path model, String master) {
        SparkSession spark = SparkSession.builder().master(master).appName("datadiet spark bench")
                .config("spark.ui.enabled", "false").getOrCreate();
        Path examples = dir.resolve("examples-" + n + ".parquet");
        if (!Files.exists(examples)) {
            long start = System.nanoTime();
            spark.range(n).map((org.apache.spark.api.java.function.MapFunction<Long, ExampleRow>) id ->
                            new ExampleRow(Math.toIntExact(id), label(Math.toIntExact(id)), pixels(Math.toIntExact(id))),
                            Encoders.bean(ExampleRow.class))
                    .select(col("id"), col("label"), col("features"))
                    .write().parquet(examples.toString());
            System.out.printf(Locale.ROOT, "wrote %s in %.1f s (%.0f MB)%n", examples, (System.nanoTime() - start) / 1e9,
                    size(examples.toFile()) / 1e6);
        }
        String out = dir.resolve("out-" + master.replaceAll("[^0-9a-z]", "")).toString();
        SparkScoreCommand command = new SparkScoreCommand();
        new CommandLine(command).parseArgs("--data", examples.toString(), "--models", model.toString(), "--scores",
                scores, "--out", out, "--local-files", "0");
        long start = System.nanoTime();
        double cpu = processCpuSeconds();
        SparkScoringJob.Result result = SparkScoringJob.run(spark, command.settings(), new PrintWriter(System.out, true));
        double total = (System.nanoTime() - start) / 1e9;
        cpu = processCpuSeconds() - cpu;
        System.out.printf(Locale.ROOT, "spark %s, %s, N = %d, %d input partitions: scoring stage (read, score, write)"
                        + " %.1f s = %.0f examples/s; whole job (checks, quantiles) %.1f s = %.0f examples/s; executor"
                        + " time in scoring batches %.1f s = %.1f µs per example; process CPU over the whole job %.1f s ="
                        + " %.1f µs of CPU per example%n", master, scores, n,
                spark.read().parquet(examples.toString()).rdd().getNumPartitions(), result.scoringSeconds(),
                n / result.scoringSeconds(), total, n / total, result.executorSeconds(),
                1e6 * result.executorSeconds() / n, cpu, 1e6 * cpu / n);
        spark.stop();
    }

    private static void listeners(int n, String scores, MultiLayerNetwork network) {
        Synthetic source = new Synthetic(n);
        long start = System.nanoTime();
        double generateCpu = processCpuSeconds();
        source.forEachBatch(El2nListener.DEFAULT_BATCH_SIZE, (ids, batch) -> { });
        double generate = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "generating the %d examples alone: %.1f s, process CPU %.1f s%n", n, generate,
                processCpuSeconds() - generateCpu);
        for (String score : scores.split(",")) {
            start = System.nanoTime();
            double cpu = processCpuSeconds();
            if (score.equals("el2n")) {
                El2nListener.builder(source).atInit().build().scoreNow(network, 0);
            } else {
                GrandListener.builder(source).atInit().build().scoreNow(network, 0);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            cpu = processCpuSeconds() - cpu;
            System.out.printf(Locale.ROOT, "listener %s pass over N = %d: %.1f s = %.0f examples/s (%.0f without"
                    + " generating the examples); process CPU %.1f s = %.1f µs of CPU per example%n", score, n, seconds,
                    n / seconds, n / Math.max(1e-9, seconds - generate), cpu, 1e6 * cpu / n);
        }
    }

    /** The command line's MLP (datadiet's ModelKind.MLP), seeded. */
    static MultiLayerNetwork mlp() {
        MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nOut(256).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(WIDTH)).build());
        network.init();
        return network;
    }

    static int label(int id) {
        return new SplittableRandom(id).nextInt(CLASSES);
    }

    /** Example {@code id}'s pixels, k/255 for k drawn from a generator seeded with the id: the same everywhere. */
    static float[] pixels(int id) {
        SplittableRandom random = new SplittableRandom(0x5EEDL * 31 + id);
        float[] pixels = new float[WIDTH];
        for (int j = 0; j < WIDTH; j++) {
            pixels[j] = random.nextInt(256) / 255f;
        }
        return pixels;
    }

    /** The same examples as a listener's source, generated batch by batch. */
    private record Synthetic(int size) implements ExampleSource {
        @Override
        public int numClasses() {
            return CLASSES;
        }

        @Override
        public int label(int id) {
            return SparkScoringBenchmark.label(id);
        }

        @Override
        public int[] labels() {
            int[] labels = new int[size];
            for (int id = 0; id < size; id++) {
                labels[id] = label(id);
            }
            return labels;
        }

        @Override
        public List<String> classNames() {
            return null;
        }

        @Override
        public long[] exampleShape() {
            return new long[] {WIDTH};
        }

        @Override
        public void forEachBatch(int batchSize, BatchConsumer consumer) {
            for (int from = 0; from < size; from += batchSize) {
                consumer.accept(range(from, Math.min(size, from + batchSize)), batch(range(from,
                        Math.min(size, from + batchSize))));
            }
        }

        @Override
        public DataSet gather(int[] ids) {
            return batch(ids);
        }

        private static int[] range(int from, int to) {
            int[] ids = new int[to - from];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = from + i;
            }
            return ids;
        }

        private DataSet batch(int[] ids) {
            float[] values = new float[ids.length * WIDTH];
            float[] oneHot = new float[ids.length * CLASSES];
            for (int i = 0; i < ids.length; i++) {
                System.arraycopy(pixels(ids[i]), 0, values, i * WIDTH, WIDTH);
                oneHot[i * CLASSES + label(ids[i])] = 1;
            }
            return new DataSet(Nd4j.create(values, new long[] {ids.length, WIDTH}, DataType.FLOAT),
                    Nd4j.create(oneHot, new long[] {ids.length, CLASSES}, DataType.FLOAT));
        }
    }

    /** CPU time of every thread of this JVM (ND4J's OpenMP threads included), in seconds. */
    private static double processCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    private static long peakResidentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return -1;
    }

    private static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private static long size(File file) {
        if (file.isFile()) {
            return file.length();
        }
        long total = 0;
        File[] children = file.listFiles();
        if (children != null) {
            for (File child : children) {
                total += size(child);
            }
        }
        return total;
    }
}
