package org.datadiet4j.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.udf;

import java.util.BitSet;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.DataTypes;
import org.datadiet4j.internal.sampling.RandomIds;
import org.datadiet4j.io.InvalidInputException;
import org.datadiet4j.pruning.PruningPolicy;
import org.datadiet4j.pruning.Quotas;
import org.datadiet4j.pruning.Ranking;

/**
 * The keep-set of a pruning policy over a score table too large for one machine, the same as
 * {@code datadiet prune} gives on the same table: the policies of {@link PruningPolicy}, each run as a
 * distributed sort by the very order the policy uses ({@link Ranking}'s keys: score, then id) and a rank
 * per example, plus, where the policy splits a budget, the split computed by its own code
 * ({@link Quotas#evenly}, {@link PruningPolicy.Stratified#draws}) from per-group counts.
 *
 * <ul>
 *   <li>hardest, easiest, window: one global rank per example; kept by rank.</li>
 *   <li>balanced: ranks within each class (one sort by class, then key); kept while the rank is below
 *       the class's quota.</li>
 *   <li>random: which ids a seeded Fisher–Yates draw keeps depends on N, k and the seed alone; the driver
 *       draws them ({@link RandomIds}, 4 bytes per example while drawing) and ships them as a bit set
 *       (N bits).</li>
 *   <li>stratified: ranks drop the top β; the strata, their sizes and quotas come from the pool; each
 *       example's position within its stratum in highest-first order from one sort; the driver draws
 *       positions per stratum ({@link PruningPolicy.Stratified#draws}, at most 4 bytes per example of the
 *       largest stratum) and ships them as bit sets (one bit per pool example).</li>
 * </ul>
 * Everything per example stays on the executors; the driver holds per-class or per-stratum counts, and
 * the bit sets of the two random policies.
 */
final class SparkPruning {

    private SparkPruning() {
    }

    /**
     * The ids (ascending) that {@code policySpec} keeps, of the {@code n} examples of {@code table} (columns
     * {@code id}, {@code label} and {@code score}), keeping {@code keepFraction}.
     */
    static Dataset<Integer> keep(SparkSession spark, Dataset<Row> table, String score, long n, double keepFraction,
                                 String policySpec, long seed) {
        PruningPolicy policy = PruningPolicy.parse(policySpec, seed);
        int size = Math.toIntExact(n);
        Dataset<Row> rows = table.select(col("id"), col("label"), col(score).as("score"));
        Row nan = rows.filter(isnan(col("score"))).agg(min("id")).first();
        if (keepFraction > 0 && keepFraction <= 1 && !nan.isNullAt(0)) {
            // the checks in the order datadiet prune makes them: the fraction, NaN scores, then the budget
            throw new InvalidInputException("the score of example " + nan.getInt(0) + " is NaN: prune on a column"
                    + " without missing scores");
        }
        int k = PruningPolicy.budget(size, keepFraction);
        Dataset<Row> keyed = rows.withColumn("high", udf((UDF2<Float, Integer, Long>) Ranking::highestFirstKey,
                DataTypes.LongType).apply(col("score"), col("id")));
        JavaRDD<Integer> kept;
        if (policy instanceof PruningPolicy.Hardest) {
            kept = byRank(keyed, col("high"), (rank, row) -> rank < k);
        } else if (policy instanceof PruningPolicy.Easiest) {
            Dataset<Row> low = rows.withColumn("low", udf((UDF2<Float, Integer, Long>) Ranking::lowestFirstKey,
                    DataTypes.LongType).apply(col("score"), col("id")));
            kept = byRank(low, col("low"), (rank, row) -> rank < k);
        } else if (policy instanceof PruningPolicy.Window window) {
            long start = windowStart(window, size, k);
            kept = byRank(keyed, col("high"), (rank, row) -> rank >= start && rank < start + k);
        } else if (policy instanceof PruningPolicy.RandomSubset random) {
            Broadcast<BitSet> ids = JavaSparkContext.fromSparkContext(spark.sparkContext())
                    .broadcast(bits(RandomIds.sample(size, k, random.seed())));
            kept = rows.select(col("id")).as(Encoders.INT()).javaRDD().filter(id -> ids.value().get(id));
        } else if (policy instanceof PruningPolicy.ClassBalanced) {
            kept = balanced(spark, keyed, k);
        } else if (policy instanceof PruningPolicy.Stratified stratified) {
            kept = StratifiedOnSpark.keep(spark, keyed, stratified, size, k);
        } else {
            throw new InvalidInputException("policy '" + policy.describe() + "' has no distributed form");
        }
        return spark.createDataset(kept.rdd(), Encoders.INT()).sort(col("value"));
    }

    /** Decides from an example's rank in an order, and its row. */
    interface RankRule extends java.io.Serializable {
        boolean keeps(long rank, Row row);
    }

    /**
     * The ids of {@code rows} that {@code rule} keeps, given each row's rank (0-based) in the order of
     * {@code order} (a sort range-partitions the rows; zipWithIndex numbers them in that order).
     */
    static JavaRDD<Integer> byRank(Dataset<Row> rows, Column order, RankRule rule) {
        return ranked(rows, order).filter(t -> rule.keeps(t._2(), t._1())).map(t -> t._1().<Integer>getAs("id"));
    }

    /** Every row with its rank (0-based) in the order of {@code order}. */
    static JavaPairRDD<Row, Long> ranked(Dataset<Row> rows, Column... order) {
        return rows.sort(order).javaRDD().zipWithIndex();
    }

    private static long windowStart(PruningPolicy.Window window, int size, int k) {
        if (!(window.offset() >= 0 && window.offset() < 1)) {
            throw new InvalidInputException("window offset must be in [0, 1), got " + window.offset());
        }
        int start = (int) Math.floor(window.offset() * size);
        if (start + k > size) {
            throw new InvalidInputException("the window of " + k + " examples starting at rank " + start
                    + " runs past the end of " + size + " examples: lower the offset or --keep");
        }
        return start;
    }

    private static JavaRDD<Integer> balanced(SparkSession spark, Dataset<Row> keyed, int k) {
        int[] sizes = countsBy(keyed, "label", keyed.agg(max("label")).first().getInt(0) + 1);
        int[] quotas = Quotas.evenly(k, sizes);
        long[] starts = starts(sizes);
        return ranked(keyed, col("label"), col("high"))
                .filter(t -> t._2() - starts[t._1().<Integer>getAs("label")] < quotas[t._1().<Integer>getAs("label")])
                .map(t -> t._1().<Integer>getAs("id"));
    }

    /** Rows per value of the int column {@code group}, whose values are 0..groups-1. */
    static int[] countsBy(Dataset<Row> rows, String group, int groups) {
        int[] counts = new int[groups];
        for (Row row : rows.groupBy(group).count().collectAsList()) {
            counts[row.getInt(0)] = Math.toIntExact(row.getLong(1));
        }
        return counts;
    }

    /** Where each group starts in an order sorted by group first. */
    static long[] starts(int[] sizes) {
        long[] starts = new long[sizes.length];
        for (int g = 1; g < sizes.length; g++) {
            starts[g] = starts[g - 1] + sizes[g - 1];
        }
        return starts;
    }

    static BitSet bits(int[] ids) {
        BitSet set = new BitSet();
        for (int id : ids) {
            set.set(id);
        }
        return set;
    }
}
