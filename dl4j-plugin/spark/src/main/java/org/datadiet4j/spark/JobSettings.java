package org.datadiet4j.spark;

import java.io.Serializable;
import java.util.List;

/**
 * What one Spark scoring job does, checked by the command that built it: where the examples and the
 * model files are, which scores, in what batches, where the results go and, when {@code keepFraction} is
 * set, how to prune.
 *
 * @param data          the examples: a CSV file or a Parquet file or directory (any Hadoop file system path)
 * @param parquet       true for Parquet, false for CSV
 * @param labelColumn   CSV: 0-based index of the label column
 * @param classes       number of classes, or 0 for the largest label + 1
 * @param limit         only examples with id below it ({@link Integer#MAX_VALUE}: all)
 * @param models        the model files (the runs), in run order; or directories of them, before {@link #withModels}
 * @param scores        score names, in column order: {@code el2n}, {@code grand}
 * @param grandLastLayer GraNd over the output layer's parameters only
 * @param batchSize     examples per scoring batch
 * @param alignedBatches score in the very batches {@code datadiet score}'s listeners use ({@link AlignedBatches}),
 *                      which gives their scores bit for bit, at the cost of one shuffle of the examples
 * @param partitions    input partitions, or 0 to leave them as Spark reads them
 * @param inputShape    the shape one example's features are reshaped to (channels, height, width), or null for flat rows
 * @param out           output directory (any Hadoop file system path)
 * @param pruneScore    the score column to prune by
 * @param keepFraction  fraction to keep, or null for no pruning
 * @param policy        the pruning policy as {@code datadiet prune} takes it
 * @param seed          seed of the random and stratified policies
 * @param localFileLimit most examples for which scores.csv and keep.csv are written beside the Parquet output
 */
public record JobSettings(String data, boolean parquet, int labelColumn, int classes, int limit, List<String> models,
                          List<String> scores, boolean grandLastLayer, int batchSize, boolean alignedBatches, int partitions, long[] inputShape,
                          String out, String pruneScore, Double keepFraction, String policy, long seed,
                          long localFileLimit) implements Serializable {

    /** These settings with the model entries (files or directories) resolved to {@code files}, in run order. */
    public JobSettings withModels(List<String> files) {
        return new JobSettings(data, parquet, labelColumn, classes, limit, List.copyOf(files), scores, grandLastLayer,
                batchSize, alignedBatches, partitions, inputShape, out, pruneScore, keepFraction, policy, seed, localFileLimit);
    }

    /** Number of runs: one per model file (once {@link #withModels} resolved directories). */
    public int runs() {
        return models.size();
    }

    /** The score columns of the output, in order: each score, then its sample standard deviation when runs > 1. */
    public List<String> columns() {
        return scores.stream().flatMap(score -> runs() > 1 ? List.of(score, score + "_std").stream()
                : List.of(score).stream()).toList();
    }
}
