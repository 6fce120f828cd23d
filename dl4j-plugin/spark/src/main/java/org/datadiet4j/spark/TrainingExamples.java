package org.datadiet4j.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.datadiet4j.io.InvalidInputException;

/**
 * The training examples of a job as a distributed collection of {@link ExampleRow}s, checked before any
 * model sees them: ids 0..N-1, class indices below the number of classes K (given, or the largest label
 * + 1, at least 2). Every row must have as many features as example 0; the scoring pass checks that row by
 * row, so the features are read once, by it.
 *
 * <ul>
 *   <li>CSV: the command line's format ({@link CsvLines}); the id of a row is its position among the data
 *       rows, found with one counting pass over the file's pieces (Spark's {@code zipWithIndex}).</li>
 *   <li>Parquet: columns {@code id} (integer, the ids 0..N-1 each once), {@code label} (integer class index)
 *       and {@code features} (an array of numbers).</li>
 * </ul>
 *
 * @param rows       the examples (a Parquet column of features becomes a {@code float[]} in one copy per row,
 *                   without the boxed value per feature that Spark's bean and row decoders make)
 * @param size       N
 * @param numClasses K
 * @param first      the example with id 0 (what the models are checked against)
 */
public record TrainingExamples(JavaRDD<ExampleRow> rows, long size, int numClasses, ExampleRow first) {

    /** Reads the examples {@code settings} names. */
    public static TrainingExamples read(SparkSession spark, JobSettings settings) {
        HadoopPaths.requireReadable(spark, settings.data(), "--data");
        return settings.parquet() ? parquet(spark, settings) : csv(spark, settings);
    }

    /** Features per example. */
    public int width() {
        return first.getFeatures().length;
    }

    private static TrainingExamples csv(SparkSession spark, JobSettings settings) {
        String file = settings.data();
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // at least one piece per core: a file smaller than one block would otherwise be one task
        JavaRDD<String> lines = context.textFile(file, settings.partitions() > 0 ? settings.partitions()
                        : context.defaultParallelism())
                .filter(line -> !line.isEmpty());
        List<String> firstLines = lines.take(2);
        if (firstLines.isEmpty()) {
            throw new InvalidInputException(file + " has no data rows");
        }
        CsvLines format = new CsvLines(file, firstLines.get(0), settings.labelColumn(), settings.classes());
        long skipped = CsvLines.isHeader(firstLines.get(0)) ? 1 : 0;
        if (firstLines.size() <= skipped) {
            throw new InvalidInputException(file + " has no data rows");
        }
        ExampleRow first = format.parse(firstLines.get((int) skipped), 0);
        long end = skipped + settings.limit();
        JavaRDD<ExampleRow> parsed = lines.zipWithIndex()
                .filter(line -> line._2() >= skipped && line._2() < end)
                .map(line -> format.parse(line._1(), line._2() - skipped));
        // every cell is parsed and checked here, before any scoring starts, as datadiet score reads a CSV
        Row summary = spark.createDataset(parsed.rdd(), Encoders.bean(ExampleRow.class)).agg(count(lit(1)),
                max("label")).first();
        return new TrainingExamples(parsed, summary.getLong(0), numClasses(settings, summary.getInt(1)), first);
    }

    private static TrainingExamples parquet(SparkSession spark, JobSettings settings) {
        String data = settings.data();
        Dataset<Row> raw;
        List<String> present;
        try {
            raw = spark.read().parquet(data);
            present = Arrays.asList(raw.columns());
        } catch (Exception e) {
            // Spark reports a file that is not Parquet ("Unable to infer schema", an unreadable footer) undeclared
            throw new InvalidInputException("cannot read " + data + " as Parquet: " + HadoopPaths.firstLine(
                    e.getMessage()) + " (a CSV file needs a name ending in .csv, or --format csv)", e);
        }
        for (String column : List.of("id", "label", "features")) {
            if (!present.contains(column)) {
                throw new InvalidInputException(data + " has no column '" + column + "' (it has "
                        + String.join(", ", present) + "): Parquet examples need the columns id, label and features"
                        + " (an array of numbers)");
            }
        }
        String featuresType = raw.schema().apply("features").dataType().simpleString();
        if (!featuresType.startsWith("array<")) {
            throw new InvalidInputException(data + ": column 'features' is " + featuresType
                    + ", not an array of numbers");
        }
        Dataset<Row> typed = raw.select(col("id").cast("long").as("id"), col("label").cast("long").as("label"),
                col("features").cast("array<float>").as("features"));
        Row summary = typed.agg(count(lit(1)), min("id"), max("id"), max(when(col("id").lt(settings.limit()),
                        col("label"))), min("label"),
                sum(when(col("id").isNull().or(col("label").isNull()), 1).otherwise(0)))
                .first();
        long size = summary.getLong(0);
        if (size == 0) {
            throw new InvalidInputException(data + " holds no examples");
        }
        if (summary.getLong(5) > 0) {
            throw new InvalidInputException(data + ": " + summary.getLong(5) + " rows have no id or label; every"
                    + " example needs an id, a label and features");
        }
        long lowest = summary.getLong(1);
        long highest = summary.getLong(2);
        if (lowest != 0 || highest != size - 1 || typed.agg(count_distinct(col("id"))).first().getLong(0) != size) {
            throw new InvalidInputException(data + ": the " + size + " ids run from " + lowest + " to " + highest
                    + (lowest == 0 && highest == size - 1 ? " with some repeated" : "")
                    + "; they must be the positions 0..N-1 of the examples, each once");
        }
        if (summary.getLong(4) < 0 || summary.getLong(3) > Integer.MAX_VALUE) {
            throw new InvalidInputException(data + ": labels run from " + summary.getLong(4) + " to "
                    + summary.getLong(3) + "; they must be class indices (integers >= 0)");
        }
        Dataset<Row> selected = typed.filter(col("id").lt(settings.limit()))
                .select(col("id").cast("int").as("id"), col("label").cast("int").as("label"), col("features"));
        ExampleRow first = selected.filter(col("id").equalTo(0)).as(Encoders.bean(ExampleRow.class)).first();
        if (first.getFeatures() == null) {
            throw new InvalidInputException(data + ": example 0 has no features");
        }
        if (settings.partitions() > 0) {
            selected = selected.repartition(settings.partitions());
        }
        // Spark's internal rows: the features array is copied into a float[] at once (reused rows: copy now);
        // the features are checked here, row by row, so that checking reads them no second time
        JavaRDD<ExampleRow> rows = selected.queryExecution().toRdd().toJavaRDD().map(row -> {
            if (row.isNullAt(2)) {
                throw new InvalidInputException(data + ": example " + row.getInt(0) + " has no features");
            }
            return new ExampleRow(row.getInt(0), row.getInt(1), row.getArray(2).toFloatArray());
        });
        return new TrainingExamples(rows, Math.min(size, settings.limit()), numClasses(settings,
                (int) summary.getLong(3)), first);
    }

    private static int numClasses(JobSettings settings, int largestLabel) {
        if (settings.classes() > 0) {
            if (largestLabel >= settings.classes()) {
                throw new InvalidInputException(settings.data() + ": label " + largestLabel + " is out of range [0, "
                        + settings.classes() + "); fix the label or set --classes (or check --label-column)");
            }
            return settings.classes();
        }
        if (largestLabel < 1) {
            throw new InvalidInputException(settings.data() + ": every label is " + largestLabel
                    + "; need at least 2 classes: check --label-column");
        }
        return largestLabel + 1;
    }
}
