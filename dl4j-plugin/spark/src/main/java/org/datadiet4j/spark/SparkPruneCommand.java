package org.datadiet4j.spark;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.datadiet4j.io.InvalidInputException;
import org.datadiet4j.pruning.PruningPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code datadiet spark-prune}: {@code datadiet prune} for a score table that {@code spark-score} wrote as
 * Parquet: another policy or fraction without scoring again ({@link KeepSetOutput}).
 */
@Command(name = "spark-prune", mixinStandardHelpOptions = true,
        description = "Choose the examples to keep from a score column of a Parquet score table (spark-score's"
                + " scores.parquet) with a policy, on Spark; write DIR/keep.parquet and, when DIR is local, DIR/keep.csv.")
public final class SparkPruneCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SparkOptions spark;

    @Option(names = "--scores", required = true, paramLabel = "PARQUET", description = "The score table (scores.parquet).")
    String scores;

    @Option(names = "--score", required = true, paramLabel = "NAME", description = "The score column to prune by.")
    String score;

    @Option(names = "--keep", required = true, paramLabel = "F", description = "Fraction to keep, in (0, 1].")
    double keep;

    @Option(names = "--policy", defaultValue = "hardest", paramLabel = "P",
            description = "hardest, easiest, window:O, random, balanced or stratified[:beta] (default ${DEFAULT-VALUE}).")
    String policy;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed of random and stratified.")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    String out;

    @Option(names = "--local-files", defaultValue = "5000000", paramLabel = "N",
            description = "Write keep.csv when it holds at most N examples (default ${DEFAULT-VALUE}).")
    long localFiles;

    @Override
    public Integer call() {
        PruningPolicy.parse(policy, seed);
        try (SparkSessions session = spark.open()) {
            SparkSession sparkSession = session.session();
            HadoopPaths.requireReadable(sparkSession, scores, "--scores");
            HadoopPaths.prepareOutput(sparkSession, out);
            Dataset<Row> table = sparkSession.read().parquet(scores);
            List<String> columns = Arrays.asList(table.columns());
            for (String needed : List.of("id", "label", score)) {
                if (!columns.contains(needed)) {
                    throw new InvalidInputException(scores + " has no column '" + needed + "' (it has "
                            + String.join(", ", columns) + "): give a score table written by spark-score and one of"
                            + " its score columns");
                }
            }
            long n = table.count();
            KeepSetOutput.write(sparkSession, table, n, score, keep, policy, seed, out, localFiles,
                    spec.commandLine().getOut());
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
