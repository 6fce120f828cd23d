package org.datadiet4j.spark;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.datadiet4j.data.Examples;
import org.datadiet4j.io.InvalidInputException;
import org.datadiet4j.listeners.El2nListener;
import org.datadiet4j.listeners.GrandListener;
import org.deeplearning4j.nn.api.Model;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * The Spark scoring job: reads the examples ({@link TrainingExamples}) and the R model files (the runs'
 * checkpoints at the scoring epoch), checks on the driver that every model takes the examples, broadcasts
 * the model files, scores every partition on the executors ({@link PartitionScorer}: EL2N and exact GraNd
 * through the listeners' engines, runs averaged per example), writes {@code scores.parquet}; then the
 * quantiles of each score ({@link SparkQuantiles}) and, when asked, the keep-set of a pruning policy
 * ({@link SparkPruning}) as {@code keep.parquet}. When the output directory is local and the data small
 * enough, {@code scores.csv} and {@code keep.csv} in the command line's formats too, and
 * {@code provenance.json}.
 */
public final class SparkScoringJob {

    private static final Logger log = LoggerFactory.getLogger(SparkScoringJob.class);

    /**
     * What a job produced.
     *
     * @param examples        N
     * @param numClasses      K
     * @param scoresParquet   where the score table went
     * @param quantiles       the {@link SparkQuantiles#QUANTILES} of each score
     * @param kept            examples kept, or -1 without pruning
     * @param keepParquet     where the keep-set went, or null
     * @param scoringSeconds  wall time of the scoring stage (read, score, write)
     * @param executorSeconds time the executors spent in scoring batches, summed over tasks
     */
    public record Result(long examples, int numClasses, String scoresParquet, Map<String, double[]> quantiles,
                         long kept, String keepParquet, double scoringSeconds, double executorSeconds) {
    }

    private SparkScoringJob() {
    }

    /** Runs the job in {@code spark}, printing a summary to {@code report}. */
    public static Result run(SparkSession spark, JobSettings given, PrintWriter report) {
        HadoopPaths.prepareOutput(spark, given.out());
        JobSettings settings = given.withModels(HadoopPaths.modelFiles(spark, given.models()));
        log.info("reading the examples of {}", settings.data());
        TrainingExamples examples = TrainingExamples.read(spark, settings);
        requireShape(settings, examples);
        List<String> files = settings.models();
        List<byte[]> bytes = new ArrayList<>();
        for (String file : files) {
            bytes.add(HadoopPaths.readAll(spark, file));
        }
        ModelBytes models = new ModelBytes(files, bytes);
        int[] grandBatches = requireFit(LoadedModels.load(models, false, false), examples, settings);
        AlignedBatches aligned = settings.alignedBatches() ? AlignedBatches.of(grandBatches) : null;
        report.printf(Locale.ROOT, "data: %s, %d examples, %d classes; %d model(s), %.1f MB; scores: %s%n",
                settings.data(), examples.size(), examples.numClasses(), files.size(), models.totalBytes() / 1e6,
                String.join(", ", settings.scores()));
        report.flush();

        SparkContext context = spark.sparkContext();
        Broadcast<ModelBytes> broadcast = JavaSparkContext.fromSparkContext(context).broadcast(models);
        LongAccumulator scoredCount = context.longAccumulator("examples scored");
        LongAccumulator nanos = context.longAccumulator("scoring nanoseconds");
        JobProgress progress = new JobProgress(scoredCount, examples.size(), System::nanoTime, 10_000_000_000L);
        context.addSparkListener(progress);
        String scoresPath;
        long start = System.nanoTime();
        try {
            JavaRDD<ExampleRow> rows = examples.rows();
            int partitions = rows.getNumPartitions();
            if (aligned != null) {
                // whole blocks of ids in one partition, in id order: the listeners' batches, at one shuffle's cost
                rows = rows.mapToPair(row -> new Tuple2<>(row.getId(), row))
                        .repartitionAndSortWithinPartitions(new BlockPartitioner(partitions, aligned.block()))
                        .values();
            }
            log.info("scoring {} examples with {} model(s) on {} partition(s){}", examples.size(), files.size(),
                    partitions, settings.alignedBatches() ? " in the listeners' batches" : "");
            JavaRDD<Row> scored = rows.mapPartitions(new PartitionScorer(broadcast, settings, aligned, examples.width(),
                    examples.numClasses(), scoredCount, nanos));
            Dataset<Row> scoredRows = spark.createDataFrame(scored, schema(settings));
            scoresPath = HadoopPaths.writeParquet(spark, scoredRows, settings.out(), "scores.parquet");
        } finally {
            context.removeSparkListener(progress);
            ExecutorModels.forget(broadcast);
            broadcast.destroy();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (scoredCount.value() != examples.size()) {
            throw new IllegalStateException("scored " + scoredCount.value() + " examples of " + examples.size());
        }
        report.printf(Locale.ROOT, "scored %d examples with %d run(s) in %.1f s: %.0f examples/s (%.0f per second"
                        + " of executor time in scoring batches) -> %s%n", examples.size(), files.size(), seconds,
                examples.size() / seconds, examples.size() / (nanos.value() / 1e9), scoresPath);

        Dataset<Row> table = spark.read().parquet(scoresPath);
        Map<String, double[]> quantiles = new LinkedHashMap<>();
        for (String score : settings.scores()) {
            quantiles.put(score, SparkQuantiles.of(table, score));
            report.println(SparkQuantiles.describe(score, quantiles.get(score)));
        }
        long kept = -1;
        String keepPath = null;
        if (settings.keepFraction() != null) {
            log.info("pruning by {} with policy {}", settings.pruneScore(), settings.policy());
            KeepSetOutput.Written written = KeepSetOutput.write(spark, table, examples.size(), settings.pruneScore(),
                    settings.keepFraction(), settings.policy(), settings.seed(), settings.out(),
                    settings.localFileLimit(), report);
            kept = written.kept();
            keepPath = written.parquet();
        }
        LocalFiles.write(spark, settings, examples, scoresPath, quantiles, report);
        report.flush();
        return new Result(examples.size(), examples.numClasses(), scoresPath, quantiles, kept, keepPath, seconds,
                nanos.value() / 1e9);
    }

    /** The output rows: id, label, then each score and, from two runs on, its sample standard deviation. */
    static StructType schema(JobSettings settings) {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("id", DataTypes.IntegerType, false));
        fields.add(DataTypes.createStructField("label", DataTypes.IntegerType, false));
        for (String column : settings.columns()) {
            fields.add(DataTypes.createStructField(column, DataTypes.FloatType, false));
        }
        return DataTypes.createStructType(fields);
    }

    private static void requireShape(JobSettings settings, TrainingExamples examples) {
        if (settings.inputShape() == null) {
            return;
        }
        long product = 1;
        for (long d : settings.inputShape()) {
            product *= d;
        }
        if (product != examples.width()) {
            throw new InvalidInputException("--input-shape " + java.util.Arrays.toString(settings.inputShape())
                    + " holds " + product + " values but the examples have " + examples.width() + " features");
        }
    }

    /**
     * Fails, naming the model file and the mismatch, unless every model takes example 0 and ends in one
     * class probability per class: the listeners' own checks, run on the driver before any task starts.
     * Returns the batch each run's GraNd listener would score in on one machine (empty without GraNd).
     */
    private static int[] requireFit(LoadedModels models, TrainingExamples examples, JobSettings settings) {
        BatchInputs one = BatchInputs.of(List.of(examples.first()), examples.width(), settings.inputShape(),
                examples.numClasses());
        Examples first = Examples.of(one.features(), one.labels(), examples.numClasses());
        int[] grandBatches = new int[settings.scores().contains("grand") ? models.runs() : 0];
        for (int r = 0; r < models.runs(); r++) {
            Model model = models.networks().get(r);
            try {
                if (settings.scores().contains("el2n")) {
                    El2nListener.builder(first).atInit().build().scoreNow(model, 0);
                }
                if (settings.scores().contains("grand")) {
                    GrandListener grand = GrandListener.builder(first).atInit().mode(settings.grandLastLayer()
                            ? GrandListener.Mode.LAST_LAYER : GrandListener.Mode.EXACT).build();
                    grand.scoreNow(model, 0);
                    grandBatches[r] = grand.scoringBatchSize();
                }
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new InvalidInputException("model " + models.names().get(r) + " does not fit the examples of "
                        + settings.data() + ": " + HadoopPaths.firstLine(e.getMessage()), e);
            }
        }
        return grandBatches;
    }
}
