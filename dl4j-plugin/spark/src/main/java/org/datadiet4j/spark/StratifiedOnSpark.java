package org.datadiet4j.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.udf;

import java.util.BitSet;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.storage.StorageLevel;
import org.datadiet4j.io.InvalidInputException;
import org.datadiet4j.pruning.PruningPolicy;
import org.datadiet4j.pruning.Quotas;

/**
 * Coverage-centric (stratified) pruning on Spark, step for step as {@link PruningPolicy.Stratified} does it
 * in memory: drop the top β of the highest-first order; cut the remaining pool's finite score range into
 * equal-width strata ({@link Quotas#stratum}); split the budget over the strata ({@link Quotas#evenly});
 * draw within each stratum with the policy's own seeded draws ({@link PruningPolicy.Stratified#draws},
 * on the driver, from the strata sizes alone); keep the example at each drawn position of its stratum in
 * highest-first order, found by one sort by (stratum, key).
 */
final class StratifiedOnSpark {

    private StratifiedOnSpark() {
    }

    /** The kept ids of {@code keyed} (columns id, label, score and its highest-first key {@code high}). */
    static JavaRDD<Integer> keep(SparkSession spark, Dataset<Row> keyed, PruningPolicy.Stratified policy, int size,
                                 int k) {
        double beta = policy.noiseFraction();
        int count = policy.strata();
        if (!(beta >= 0 && beta < 1) || count < 1) {
            throw new InvalidInputException("stratified needs β in [0, 1) and at least one stratum, got β = " + beta
                    + ", " + count + " strata");
        }
        int dropped = (int) Math.floor(beta * size);
        if (size - dropped < k) {
            throw new InvalidInputException("stratified keeps " + k + " examples but only " + (size - dropped)
                    + " remain after dropping the top " + beta + ": lower β or --keep");
        }
        JavaRDD<Row> poolRows = SparkPruning.ranked(keyed, col("high")).filter(t -> t._2() >= dropped)
                .map(t -> t._1());
        Dataset<Row> pool = spark.createDataFrame(poolRows, keyed.schema()).persist(StorageLevel.MEMORY_AND_DISK());
        Row range = pool.filter(finite()).agg(min("score"), max("score")).first();
        float low = range.isNullAt(0) ? Float.POSITIVE_INFINITY : range.getFloat(0);
        float high = range.isNullAt(1) ? Float.NEGATIVE_INFINITY : range.getFloat(1);
        Dataset<Row> stratified = pool.withColumn("stratum", udf((UDF1<Float, Integer>) score ->
                Quotas.stratum(score, low, high, count), org.apache.spark.sql.types.DataTypes.IntegerType)
                .apply(col("score")));
        int[] sizes = SparkPruning.countsBy(stratified, "stratum", count);
        int[][] draws = policy.draws(sizes, Quotas.evenly(k, sizes));
        BitSet[] drawn = new BitSet[count];
        for (int s = 0; s < count; s++) {
            drawn[s] = SparkPruning.bits(draws[s]);
        }
        Broadcast<BitSet[]> positions = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(drawn);
        long[] starts = SparkPruning.starts(sizes);
        return SparkPruning.ranked(stratified, col("stratum"), col("high"))
                .filter(t -> {
                    int s = t._1().<Integer>getAs("stratum");
                    return positions.value()[s].get(Math.toIntExact(t._2() - starts[s]));
                })
                .map(t -> t._1().<Integer>getAs("id"));
    }

    private static org.apache.spark.sql.Column finite() {
        return col("score").isNotNull().and(col("score").notEqual(Float.POSITIVE_INFINITY))
                .and(col("score").notEqual(Float.NEGATIVE_INFINITY));
    }
}
