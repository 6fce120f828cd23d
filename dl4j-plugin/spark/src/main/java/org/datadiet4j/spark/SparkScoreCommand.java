package org.datadiet4j.spark;

import java.util.List;
import java.util.concurrent.Callable;
import org.datadiet4j.io.InvalidInputException;
import org.datadiet4j.pruning.PruningPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code datadiet spark-score}: the Spark scoring job ({@link SparkScoringJob}) from the command line,
 * embedded ({@code --master local[N]}: Spark runs inside this JVM) or under {@code spark-submit} (the
 * master and resources come from it; see {@link SparkScoreMain}).
 */
@Command(name = "spark-score", mixinStandardHelpOptions = true,
        description = "Score every example with the R runs' model files on Apache Spark (EL2N, exact GraNd; mean and"
                + " sample std over runs), write DIR/scores.parquet, the score quantiles and, with --keep, the keep-set"
                + " of a pruning policy (DIR/keep.parquet); scores.csv and keep.csv too when DIR is local.")
public final class SparkScoreCommand implements Callable<Integer> {

    static final List<String> AVAILABLE_SCORES = List.of("el2n", "grand");

    @Spec
    CommandSpec spec;

    @Mixin
    SparkOptions spark;

    @Option(names = "--data", required = true, paramLabel = "FILE.csv|PARQUET",
            description = "The training examples: a CSV file (datadiet's format: a label column, the rest features; ids"
                    + " = row order) or Parquet with columns id, label, features.")
    String data;

    @Option(names = "--format", paramLabel = "csv|parquet",
            description = "Format of --data (default: parquet for a directory or *.parquet, else csv).")
    String format;

    @Option(names = "--label-column", defaultValue = "0", paramLabel = "N",
            description = "CSV: 0-based index of the label column (default ${DEFAULT-VALUE}).")
    int labelColumn;

    @Option(names = "--classes", defaultValue = "0", paramLabel = "K",
            description = "Number of classes; default: largest label + 1.")
    int classes;

    @Option(names = "--limit", paramLabel = "N", description = "Use only the examples with id below N.")
    Integer limit;

    @Option(names = "--models", required = true, split = ",", paramLabel = "DIR|FILE",
            description = "Model files, one per run (DL4J ModelSerializer zips, e.g. from datadiet score --save-models"
                    + " DIR): files, or directories whose *.zip are taken in name order.")
    List<String> models;

    @Option(names = "--scores", defaultValue = "el2n", split = ",", paramLabel = "NAME",
            description = "Scores, comma-separated: el2n, grand (default ${DEFAULT-VALUE}).")
    List<String> scores;

    @Option(names = "--grand-mode", defaultValue = "exact", paramLabel = "exact|last-layer",
            description = "GraNd over all parameters (exact, default) or the output layer only.")
    String grandMode;

    @Option(names = "--batch-size", defaultValue = "512", paramLabel = "B",
            description = "Examples per scoring batch on an executor (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--aligned-batches",
            description = "Score in the batches datadiet score uses (4096 ids for EL2N, the batch each model's GraNd listener"
                    + " chooses for GraNd): its"
                    + " scores bit for bit on the same machine type, for one shuffle of the examples. Default: batches"
                    + " of --batch-size within each partition, equal up to float rounding (a few units in the last place).")
    boolean alignedBatches;

    @Option(names = "--partitions", defaultValue = "0", paramLabel = "P",
            description = "Input partitions (default: as Spark splits the input).")
    int partitions;

    @Option(names = "--input-shape", split = ",", paramLabel = "C,H,W",
            description = "Reshape each example's features to this shape (a convolutional model's input); default: flat.")
    List<Long> inputShape;

    @Option(names = "--out", defaultValue = "datadiet-spark-out", paramLabel = "DIR",
            description = "Output directory, local or on any Hadoop file system (default ${DEFAULT-VALUE}).")
    String out;

    @Option(names = "--keep", paramLabel = "F", description = "Prune: the fraction to keep, in (0, 1].")
    Double keep;

    @Option(names = "--policy", defaultValue = "hardest", paramLabel = "P",
            description = "hardest, easiest, window:O, random, balanced or stratified[:beta] (default ${DEFAULT-VALUE}).")
    String policy;

    @Option(names = "--prune-score", paramLabel = "NAME", description = "The score to prune by (default: the first).")
    String pruneScore;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed of random and stratified.")
    long seed;

    @Option(names = "--local-files", defaultValue = "5000000", paramLabel = "N",
            description = "Write scores.csv and keep.csv when they hold at most N examples (default ${DEFAULT-VALUE}).")
    long localFiles;

    @Override
    public Integer call() {
        JobSettings settings = settings();
        try (SparkSessions session = spark.open()) {
            SparkScoringJob.run(session.session(), settings, spec.commandLine().getOut());
        }
        return 0;
    }

    /** The checked settings of this command line. */
    JobSettings settings() {
        for (String score : scores) {
            if (!AVAILABLE_SCORES.contains(score)) {
                throw new InvalidInputException("unknown score '" + score + "' in --scores: spark-score computes "
                        + String.join(" and ", AVAILABLE_SCORES) + " (forgetting events are counted during training:"
                        + " use datadiet score)");
            }
        }
        List<String> distinct = scores.stream().distinct().toList();
        boolean lastLayer = switch (grandMode) {
            case "exact" -> false;
            case "last-layer" -> true;
            default -> throw new InvalidInputException("unknown --grand-mode '" + grandMode + "': use exact or last-layer");
        };
        requireAtLeast("--batch-size", batchSize, 1);
        requireAtLeast("--partitions", partitions, 0);
        requireAtLeast("--local-files", localFiles, 0);
        if (limit != null) {
            requireAtLeast("--limit", limit, 1);
        }
        if (classes < 0 || classes == 1) {
            throw new InvalidInputException("--classes must be at least 2 (or 0 to infer it), got " + classes);
        }
        boolean parquet;
        if (format == null) {
            String name = data.replaceAll("/+$", "").toLowerCase();
            parquet = !(name.endsWith(".csv") || name.endsWith(".csv.gz"));
        } else if (format.equals("csv") || format.equals("parquet")) {
            parquet = format.equals("parquet");
        } else {
            throw new InvalidInputException("unknown --format '" + format + "': use csv or parquet");
        }
        long[] shape = null;
        if (inputShape != null) {
            shape = inputShape.stream().mapToLong(Long::longValue).toArray();
            for (long d : shape) {
                requireAtLeast("--input-shape", d, 1);
            }
        }
        String prunedBy = pruneScore == null ? distinct.get(0) : pruneScore;
        if (keep != null) {
            PruningPolicy.parse(policy, seed);
            if (!distinct.contains(prunedBy)) {
                throw new InvalidInputException("--prune-score " + prunedBy + " is not one of --scores " + distinct);
            }
        }
        return new JobSettings(data, parquet, labelColumn, classes, limit == null ? Integer.MAX_VALUE : limit, models,
                distinct, lastLayer, batchSize, alignedBatches, partitions, shape, out, prunedBy, keep, policy, seed, localFiles);
    }

    static void requireAtLeast(String option, long value, long min) {
        if (value < min) {
            throw new InvalidInputException(option + " must be at least " + min + ", got " + value);
        }
    }
}
