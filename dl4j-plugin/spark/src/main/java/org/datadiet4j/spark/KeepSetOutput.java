package org.datadiet4j.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.datadiet4j.pruning.KeepSet;

/**
 * A pruning policy's keep-set of a score table, written as {@code keep.parquet} (column {@code id},
 * ascending) and, in a local directory and for at most the local file limit of kept examples, as
 * {@code keep.csv} in {@code datadiet prune}'s format ({@link KeepSet}).
 */
final class KeepSetOutput {

    /** What was written: examples kept and where. */
    record Written(long kept, String parquet, Path csv) {
    }

    private KeepSetOutput() {
    }

    /**
     * Prunes {@code table} (columns id, label and {@code score}; ids 0..n-1) with {@code policy}, keeping
     * {@code keep}, into {@code out}.
     */
    static Written write(SparkSession spark, Dataset<Row> table, long n, String score, double keep, String policy,
                         long seed, String out, long localFileLimit, PrintWriter report) {
        Dataset<Row> ids = SparkPruning.keep(spark, table, score, n, keep, policy, seed).toDF("id");
        String parquet = HadoopPaths.writeParquet(spark, ids, out, "keep.parquet");
        Dataset<Row> kept = spark.read().parquet(parquet);
        long count = kept.count();
        report.printf(Locale.ROOT, "kept %d of %d examples (%.1f %%) by %s on %s -> %s%n", count, n, 100.0 * count / n,
                policy, score, parquet);
        Path dir = HadoopPaths.local(out);
        Path csv = null;
        if (dir != null && count <= localFileLimit) {
            csv = dir.resolve("keep.csv");
            int[] kepts = kept.as(Encoders.INT()).collectAsList().stream().mapToInt(Integer::intValue).toArray();
            try {
                KeepSet.write(csv, kepts, Math.toIntExact(n));
            } catch (IOException e) {
                throw new UncheckedIOException("writing " + csv + " failed", e);
            }
            report.println("wrote " + csv);
        }
        return new Written(count, parquet, csv);
    }
}
