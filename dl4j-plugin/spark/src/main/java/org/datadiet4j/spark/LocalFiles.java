package org.datadiet4j.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.datadiet4j.io.AtomicFiles;
import org.datadiet4j.scores.ScoreTable;

/**
 * The job's results in the command line's own formats, beside the Parquet output, when that is on the
 * local file system: {@code scores.csv} ({@link ScoreTable}) for at most {@link JobSettings#localFileLimit()}
 * examples (the driver holds 4 bytes per example and column while writing it), {@code quantiles.csv} and
 * {@code provenance.json}; every file written atomically. ({@code keep.csv}: {@link KeepSetOutput}.)
 */
final class LocalFiles {

    private LocalFiles() {
    }

    static void write(SparkSession spark, JobSettings settings, TrainingExamples examples, String scoresParquet,
                      Map<String, double[]> quantiles, PrintWriter report) {
        Path dir = HadoopPaths.local(settings.out());
        if (dir == null) {
            report.println("scores.csv and keep.csv are written to local output directories only; the results are in"
                    + " Parquet: " + scoresParquet);
            return;
        }
        try {
            if (examples.size() <= settings.localFileLimit()) {
                scoreTable(spark, scoresParquet, settings.columns(), Math.toIntExact(examples.size()))
                        .write(dir.resolve("scores.csv"));
                report.println("wrote " + dir.resolve("scores.csv"));
            } else {
                report.println("scores.csv not written: " + examples.size() + " examples are more than --local-files "
                        + settings.localFileLimit());
            }
            writeQuantiles(dir.resolve("quantiles.csv"), quantiles);
            writeProvenance(dir.resolve("provenance.json"), settings, examples);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the local result files to " + dir + " failed", e);
        }
    }

    /** The Parquet score table of {@code size} examples as the command line's score table, filled in id order. */
    static ScoreTable scoreTable(SparkSession spark, String scoresParquet, List<String> columns, int size) {
        int[] labels = new int[size];
        Map<String, float[]> values = new LinkedHashMap<>();
        for (String column : columns) {
            values.put(column, new float[size]);
        }
        List<float[]> ordered = List.copyOf(values.values());
        Iterator<Row> rows = spark.read().parquet(scoresParquet).toLocalIterator();
        while (rows.hasNext()) {
            Row row = rows.next();
            int id = row.getInt(0);
            labels[id] = row.getInt(1);
            for (int c = 0; c < ordered.size(); c++) {
                ordered.get(c)[id] = row.getFloat(2 + c);
            }
        }
        return new ScoreTable(labels, values);
    }

    private static void writeQuantiles(Path file, Map<String, double[]> quantiles) throws IOException {
        AtomicFiles.writeText(file, out -> {
            out.write("score,quantile,value\n");
            for (Map.Entry<String, double[]> score : quantiles.entrySet()) {
                for (int i = 0; i < SparkQuantiles.QUANTILES.length; i++) {
                    out.write(score.getKey() + "," + SparkQuantiles.QUANTILES[i] + "," + score.getValue()[i] + "\n");
                }
            }
        });
    }

    private static void writeProvenance(Path file, JobSettings settings, TrainingExamples examples)
            throws IOException {
        String json = "{\n"
                + "  \"tool\": \"datadiet4j 0.1.0 spark-score\",\n"
                + "  \"created\": \"" + Instant.now() + "\",\n"
                + "  \"data\": \"" + jsonText(settings.data()) + "\",\n"
                + "  \"examples\": " + examples.size() + ",\n"
                + "  \"classes\": " + examples.numClasses() + ",\n"
                + "  \"models\": [" + String.join(", ", settings.models().stream()
                        .map(m -> "\"" + jsonText(m) + "\"").toList()) + "],\n"
                + "  \"runs\": " + settings.runs() + ",\n"
                + "  \"scores\": [" + String.join(", ", settings.scores().stream().map(s -> "\"" + s + "\"").toList())
                + "],\n"
                + "  \"grandMode\": \"" + (settings.grandLastLayer() ? "last-layer" : "exact") + "\",\n"
                + "  \"batchSize\": " + settings.batchSize() + ",\n"
                + (settings.keepFraction() == null ? "" : "  \"pruning\": {\"score\": \"" + settings.pruneScore()
                        + "\", \"keep\": " + settings.keepFraction() + ", \"policy\": \"" + jsonText(settings.policy())
                        + "\", \"seed\": " + settings.seed() + "},\n")
                + "  \"scoring\": \"inference mode (no dropout, batch norm on running statistics); mean over runs,"
                + " _std = sample standard deviation; grand = norm of the loss gradient without regularisation\"\n"
                + "}\n";
        AtomicFiles.writeText(file, w -> w.write(json));
    }

    private static String jsonText(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
