/**
 * Scoring beyond one machine: the Spark job that scores every training example with the R runs' model
 * checkpoints (EL2N, exact GraNd, through the listeners' own per-batch engines), averages the runs per
 * example, reports score quantiles and computes the keep-set of a pruning policy, the same as
 * {@code datadiet prune} gives on one machine. Run it as {@code datadiet spark-score --master local[N]} or
 * with {@code spark-submit} and {@code datadiet-spark.jar} ({@link org.datadiet4j.spark.SparkScoreMain}).
 */
package org.datadiet4j.spark;
