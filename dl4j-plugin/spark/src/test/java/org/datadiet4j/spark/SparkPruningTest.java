package org.datadiet4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.datadiet4j.io.InvalidInputException;
import org.datadiet4j.pruning.PruningPolicy;
import org.datadiet4j.scores.Quantiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Every policy on Spark against the same policy in memory ({@link PruningPolicy#select}, what
 * {@code datadiet prune} runs) on tables built to break a careless distributed version: many ties (the
 * order between equal scores is by id), +∞ scores, a class smaller than its share, more partitions than
 * classes; and the quantiles against {@link Quantiles#ofSorted} of the sorted column.
 */
class SparkPruningTest {

    private static final StructType SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("id", DataTypes.IntegerType, false),
            DataTypes.createStructField("label", DataTypes.IntegerType, false),
            DataTypes.createStructField("el2n", DataTypes.FloatType, false)));

    record Table(float[] scores, int[] labels) {
        Dataset<Row> on(SparkSession spark) {
            List<Row> rows = new ArrayList<>();
            for (int id = 0; id < scores.length; id++) {
                rows.add(RowFactory.create(id, labels[id], scores[id]));
            }
            // shuffled into 5 partitions: no order of the input is to be relied on
            return spark.createDataFrame(rows, SCHEMA).repartition(5);
        }
    }

    /** Scores from a few distinct values (ties everywhere), some +∞; class 3 holds only a handful of examples. */
    static Table table(int n, long seed) {
        Random random = new Random(seed);
        float[] scores = new float[n];
        int[] labels = new int[n];
        for (int id = 0; id < n; id++) {
            scores[id] = random.nextInt(25) == 0 ? Float.POSITIVE_INFINITY : random.nextInt(40) * 0.037f;
            labels[id] = random.nextInt(30) == 0 ? 3 : random.nextInt(3);
        }
        return new Table(scores, labels);
    }

    private static int[] onSpark(Table table, double keep, String policy) {
        SparkSession spark = LocalSpark.session();
        return SparkPruning.keep(spark, table.on(spark), "el2n", table.scores().length, keep, policy, 7)
                .collectAsList().stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] inMemory(Table table, double keep, String policy) {
        int classes = Arrays.stream(table.labels()).max().orElseThrow() + 1;
        return PruningPolicy.parse(policy, 7).select(table.scores(), table.labels(), classes, keep);
    }

    @ParameterizedTest(name = "{0}, keep {1}")
    @CsvSource({
            "hardest,         0.05",  // the cut falls inside a run of equal scores: ties decide
            "easiest,         0.05",
            "window:0.3,      0.2",
            "random,          0.5",
            "balanced,        0.5",   // class 3 is smaller than its share
            "stratified,      0.3",
            "stratified:0.25, 0.05",
    })
    void everyPolicyKeepsWhatPruneKeeps(String policy, double keep) {
        Table table = table(1200, 3);
        int[] expected = inMemory(table, keep, policy);
        assertThat(expected).hasSize((int) Math.round(keep * 1200));
        assertThat(onSpark(table, keep, policy)).as(policy + " keeping " + keep).containsExactly(expected);
    }

    @Test
    void badInputGetsTheMessagesPruneGives() {
        Table table = table(100, 4);
        table.scores()[17] = Float.NaN;
        assertThatThrownBy(() -> onSpark(table, 0.5, "hardest")).isInstanceOf(InvalidInputException.class)
                .hasMessage("the score of example 17 is NaN: prune on a column without missing scores");
        assertThatThrownBy(() -> onSpark(table(100, 4), 1.5, "hardest")).isInstanceOf(InvalidInputException.class)
                .hasMessage("keep fraction must be in (0, 1], got 1.5");
        assertThatThrownBy(() -> onSpark(table(100, 4), 0.5, "window:0.7")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("runs past the end of 100 examples");
        assertThatThrownBy(() -> onSpark(table(100, 4), 0.5, "sideways")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("unknown policy 'sideways'");
    }

    @Test
    void quantilesAreThoseOfTheSortedColumn() {
        Table table = table(999, 5);
        table.scores()[3] = Float.NaN;
        double[] quantiles = SparkQuantiles.of(table.on(LocalSpark.session()), "el2n");
        float[] finite = new float[998];
        int count = 0;
        for (float score : table.scores()) {
            if (!Float.isNaN(score)) {
                finite[count++] = score;
            }
        }
        Arrays.sort(finite);
        for (int i = 0; i < SparkQuantiles.QUANTILES.length; i++) {
            assertThat(quantiles[i]).isEqualTo(Quantiles.ofSorted(finite, count, SparkQuantiles.QUANTILES[i]));
        }
    }
}
