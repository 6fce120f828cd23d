package org.datadiet4j.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.ExampleIds;
import org.datadiet4j.data.Examples;
import org.datadiet4j.datasets.CsvStream;
import org.datadiet4j.listeners.El2nListener;
import org.datadiet4j.listeners.ForgettingListener;
import org.datadiet4j.models.ModelKind;
import org.datadiet4j.pruning.EarlyPruningListener;
import org.datadiet4j.pruning.PruningPolicy;
import org.datadiet4j.scores.ScoreStore;
import org.datadiet4j.scores.ScoreTable;
import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import org.datavec.api.split.FileSplit;
import org.deeplearning4j.datasets.datavec.RecordReaderDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.preprocessor.ImagePreProcessingScaler;

/**
 * Data larger than memory: a user's DataVec job over a CSV of N rows × 784 pixel columns (0..255) and
 * a label, normalised by an {@code ImagePreProcessingScaler}, scored with EL2N and forgetting events and
 * early-pruned to 50 % after epoch 1 inside one {@code fit} of E epochs. Jobs, each in a JVM of its
 * own, in rounds (interleaved):
 * <ul>
 *   <li>streamed-datavec: DataVec's {@code CSVRecordReader} and {@code RecordReaderDataSetIterator} wrapped by
 *       {@code ExampleIds.wrap}, with {@code -Xmx256m};</li>
 *   <li>bare-datavec: the same DataVec iterator and model with no datadiet listener (all N examples
 *       every epoch), with {@code -Xmx256m}: what the user's job costs without us;</li>
 *   <li>streamed and bare: the same with the command line's {@link CsvStream} reader;</li>
 *   <li>memory: the same examples loaded into {@code Examples} first (a large heap), the same
 *       listeners on its id-order iterator with the same scaler.</li>
 * </ul>
 * Prints examples fitted per second of {@code fit} and their ratios per round, the census and loading
 * times, the heap the library holds per example, and the largest difference between the streamed and
 * the in-memory EL2N scores (the two must agree). Run with
 * {@code mvn -B -q -Pscale -DskipTests verify} ({@code -Dscale.n=N}, {@code -Dscale.rounds=R}).
 */
public final class StreamingScaleBenchmark {

    private static final int WIDTH = 784;
    private static final int CLASSES = 10;
    private static final int BATCH = 128;
    private static final int EPOCHS = 3;

    private StreamingScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(args[1], Path.of(args[2]), Integer.parseInt(args[3]), Path.of(args[4]));
            return;
        }
        int n = Integer.getInteger("scale.n", 200_000);
        int rounds = Integer.getInteger("scale.rounds", 2);
        List<String> jobs = List.of(System.getProperty("scale.jobs", "streamed,bare,memory").split(","));
        Path dir = Path.of(System.getProperty("scale.dir", "target/scale"));
        Files.createDirectories(dir);
        Path csv = dir.resolve("pixels-" + n + ".csv");
        if (!Files.exists(csv)) {
            long start = System.nanoTime();
            writeCsv(csv, n);
            System.out.printf(Locale.ROOT, "wrote %s (%d MB) in %.0f s%n", csv, Files.size(csv) >> 20,
                    (System.nanoTime() - start) / 1e9);
        }
        System.out.printf(Locale.ROOT, "datadiet4j streaming scale: %d examples x %d features (%.0f MB as floats),"
                + " MLP, batch %d, EL2N + forgetting, pruned to 50%% after epoch 1 of %d%n", n, WIDTH,
                n * (double) WIDTH * 4 / 1e6, BATCH, EPOCHS);
        System.out.printf(Locale.ROOT, "%-5s %-10s %7s %12s %10s %12s %14s %s%n", "round", "job", "heap", "examples/s",
                "vs memory", "census/load", "lib bytes/ex", "el2n max |diff|");
        for (int round = 1; round <= rounds; round++) {
            Map<String, Map<String, String>> results = new HashMap<>();
            for (String job : jobs) {
                results.put(job, runChild(job, csv, n, dir));
            }
            double memory = Double.parseDouble(results.get("memory").get("rate"));
            for (String job : jobs) {
                Map<String, String> r = results.get(job);
                double rate = Double.parseDouble(r.get("rate"));
                System.out.printf(Locale.ROOT, "%-5d %-10s %7s %12.0f %10.2f %12s %14s %s%n", round, job,
                        r.get("heap"), rate, rate / memory, r.get("setup") + " s", r.getOrDefault("bytes", "-"),
                        job.startsWith("streamed") ? String.format(Locale.ROOT, "%.2e", maxDifference(
                                dir.resolve("scores-" + job + ".csv"), dir.resolve("scores-memory.csv"))) : "");
            }
        }
    }

    /** Pixel rows whose class shows in a smooth per-class pattern plus noise, so the MLP learns. */
    private static void writeCsv(Path csv, int n) throws IOException {
        Random random = new Random(2026);
        double[][] pattern = new double[CLASSES][WIDTH];
        for (int c = 0; c < CLASSES; c++) {
            for (int j = 0; j < WIDTH; j++) {
                pattern[c][j] = 128 + 90 * Math.sin((j + 1) * (c + 1) / 97.0 + c);
            }
        }
        Path tmp = csv.resolveSibling(csv.getFileName() + ".tmp");
        try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII)) {
            StringBuilder line = new StringBuilder(4 * WIDTH);
            for (int i = 0; i < n; i++) {
                int label = random.nextInt(CLASSES);
                line.setLength(0);
                for (int j = 0; j < WIDTH; j++) {
                    long v = Math.round(pattern[label][j] + 70 * random.nextGaussian());
                    line.append(Math.max(0, Math.min(255, v))).append(',');
                }
                out.append(line).append(Integer.toString(label)).append('\n');
            }
        }
        Files.move(tmp, csv);
    }

    private static Map<String, String> runChild(String job, Path csv, int n, Path dir) throws Exception {
        String heap = job.equals("memory") ? "-Xmx8g" : "-Xmx256m";
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), heap, "-cp", System.getProperty("java.class.path"),
                StreamingScaleBenchmark.class.getName(), "child", job, csv.toString(), Integer.toString(n),
                dir.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Map<String, String> result = new HashMap<>();
        List<String> output = new ArrayList<>();
        try (var lines = process.inputReader().lines()) {
            lines.forEach(line -> {
                output.add(line);
                if (line.startsWith("RESULT ")) {
                    for (String pair : line.substring(7).split(" ")) {
                        String[] kv = pair.split("=", 2);
                        result.put(kv[0], kv[1]);
                    }
                }
            });
        }
        int exit = process.waitFor();
        if (exit != 0 || !result.containsKey("rate")) {
            output.stream().skip(Math.max(0, output.size() - 30)).forEach(System.err::println);
            throw new IllegalStateException(job + " job failed with exit code " + exit);
        }
        result.put("heap", heap.substring(4));
        return result;
    }

    /**
     * The user's iterator over the first {@code rows} rows: DataVec's CSV reader (jobs ending in -datavec;
     * whole batches) or the command line's, with a scaler.
     */
    private static DataSetIterator userIterator(String job, Path csv, int rows) throws Exception {
        DataSetIterator iterator;
        if (job.endsWith("-datavec")) {
            CSVRecordReader reader = new CSVRecordReader();
            reader.initialize(new FileSplit(csv.toFile()));
            iterator = new RecordReaderDataSetIterator.Builder(reader, BATCH).classification(WIDTH, CLASSES)
                    .maxNumBatches((rows + BATCH - 1) / BATCH).build();
        } else {
            iterator = new CsvStream(csv, WIDTH, CLASSES, BATCH, null, rows);
        }
        iterator.setPreProcessor(new ImagePreProcessingScaler());
        return iterator;
    }

    /** What one job measured: examples fitted per second of fit, set-up seconds, live heap it added. */
    private record Measured(double rate, double setupSeconds, long heapAdded, int kept) {
    }

    private static void child(String job, Path csv, int n, Path dir) throws Exception {
        // a small run of the same job first, so that every class is loaded and every cache warm when measuring
        job(job, csv, 10 * BATCH, null);
        Measured measured = job(job, csv, n, dir);
        System.out.printf(Locale.ROOT, "RESULT rate=%.1f setup=%.1f bytes=%.1f kept=%d%n", measured.rate(),
                measured.setupSeconds(), job.startsWith("streamed") ? measured.heapAdded() / (double) n : Double.NaN,
                measured.kept());
    }

    private static Measured job(String job, Path csv, int n, Path dir) throws Exception {
        DataSetIterator user = userIterator(job, csv, n);
        MultiLayerNetwork model = ModelKind.MLP.build(WIDTH, 28, CLASSES, 1);
        long heapBefore = usedHeapAfterGc();
        long start = System.nanoTime();
        ExampleIdIterator data = null;
        if (job.startsWith("streamed")) {
            data = ExampleIds.wrap(user);
        } else if (job.equals("memory")) {
            user.setPreProcessor(null);
            Examples examples = Examples.collect(user);
            data = examples.iterator(BATCH);
            data.setPreProcessor(new ImagePreProcessingScaler());
        } else if (!job.startsWith("bare")) {
            throw new IllegalArgumentException(job);
        }
        double setupSeconds = (System.nanoTime() - start) / 1e9;
        if (data == null) {
            long fitStart = System.nanoTime();
            model.fit(user, EPOCHS);
            double fitSeconds = (System.nanoTime() - fitStart) / 1e9;
            return new Measured((double) n * EPOCHS / fitSeconds, setupSeconds, 0, n);
        }
        int size = data.examples().size();
        ScoreStore store = new ScoreStore(size);
        El2nListener el2n = El2nListener.builder(data).atEpochs(1).store(store).build();
        ForgettingListener forgetting = ForgettingListener.builder(data).atEpochs(EPOCHS).store(store).build();
        EarlyPruningListener pruner = EarlyPruningListener.builder(data, el2n).atEpoch(1).keep(0.5)
                .policy(new PruningPolicy.Hardest()).build();
        model.setListeners(forgetting, pruner, new org.deeplearning4j.optimize.api.BaseTrainingListener() {
            private long epochStart;

            @Override
            public void onEpochStart(org.deeplearning4j.nn.api.Model m) {
                epochStart = System.nanoTime();
            }

            @Override
            public void onEpochEnd(org.deeplearning4j.nn.api.Model m) {
                if (dir != null) {
                    System.out.printf(Locale.ROOT, "epoch %.1f s (el2n pass %.1f s)%n",
                            (System.nanoTime() - epochStart) / 1e9, el2n.totalPassSeconds());
                }
            }
        });
        long fitStart = System.nanoTime();
        model.fit(data, EPOCHS);
        double fitSeconds = (System.nanoTime() - fitStart) / 1e9;
        int kept = pruner.decision().kept().length;
        long fitted = size + (long) kept * (EPOCHS - 1);
        // the iterator, listeners and store are referenced below, so they are live here
        long heapAfter = usedHeapAfterGc();
        if (dir != null) {
            ScoreTable.write(dir.resolve("scores-" + job + ".csv"), data.examples().labels(), store);
        }
        return new Measured(fitted / fitSeconds, setupSeconds, heapAfter - heapBefore, kept);
    }

    /**
     * Bytes of live objects on the heap: the total of a class histogram, which the JVM takes after a full
     * collection ({@code jcmd <pid> GC.class_histogram}), the least of three; the used heap after
     * {@code System.gc()} still counts garbage in G1's regions.
     */
    private static long usedHeapAfterGc() throws IOException, InterruptedException {
        // the least of three: objects that wait for a reference queue (ND4J's deallocators) die between them
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            least = Math.min(least, histogramTotal());
        }
        return least;
    }

    private static long histogramTotal() throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
                .redirectErrorStream(true).start();
        String total = jcmd.inputReader().lines().filter(line -> line.startsWith("Total")).findFirst().orElseThrow(
                () -> new IllegalStateException("jcmd printed no class histogram"));
        jcmd.waitFor();
        return Long.parseLong(total.trim().split("\\s+")[2]);
    }

    private static double maxDifference(Path a, Path b) throws IOException {
        List<String> left = Files.readAllLines(a);
        List<String> right = Files.readAllLines(b);
        if (left.size() != right.size()) {
            return Double.POSITIVE_INFINITY;
        }
        int column = List.of(left.get(0).split(",")).indexOf("el2n");
        double worst = 0;
        for (int i = 1; i < left.size(); i++) {
            worst = Math.max(worst, Math.abs(Double.parseDouble(left.get(i).split(",")[column])
                    - Double.parseDouble(right.get(i).split(",")[column])));
        }
        return worst;
    }
}
