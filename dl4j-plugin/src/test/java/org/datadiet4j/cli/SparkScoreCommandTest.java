package org.datadiet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datadiet4j.cli.Outcome.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.datadiet4j.scores.ScoreTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code datadiet spark-score} and {@code spark-prune} on local[2] against {@code datadiet score} and
 * {@code datadiet prune} on one machine, end to end through the command line: the same CSV, the models
 * {@code score --save-models} saved. In the listeners' batches the Spark score table is the single-machine
 * one bit for bit (mean and sample std over the runs), and every policy keeps what {@code prune} keeps on the
 * single-machine table; in batches of its own, the scores differ by float rounding only. The commands share
 * one Spark session, started here (a command stops only a session it started).
 */
class SparkScoreCommandTest {

    @TempDir
    static Path dir;

    private static SparkSession spark;
    private static Path csv;

    @BeforeAll
    static void scoreTwoRunsOnOneMachine() throws IOException {
        spark = SparkSession.builder().master("local[2]").appName("datadiet tests").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4").getOrCreate();
        csv = blobs(dir.resolve("train.csv"), 3000, 10, 4, 3);
        Outcome single = run("score", "--data", csv.toString(), "--label-column", "3", "--epochs", "2", "--runs", "2",
                "--scores", "el2n,grand", "--save-models", dir.resolve("models").toString(), "--out",
                dir.resolve("single").toString());
        assertThat(single.status()).as(single.err()).isZero();
        assertThat(dir.resolve("models/run-001.zip")).isRegularFile();
        assertThat(dir.resolve("models/run-002.zip")).isRegularFile();
        Outcome onSpark = run("spark-score", "--master", "local[2]", "--data", csv.toString(), "--label-column", "3",
                "--models", dir.resolve("models").toString(), "--scores", "el2n,grand", "--aligned-batches",
                "--partitions", "3", "--keep", "0.3", "--policy", "hardest", "--out", dir.resolve("spark").toString());
        assertThat(onSpark.status()).as(onSpark.err()).isZero();
        assertThat(onSpark.out()).contains("scored 3000 examples with 2 run(s)").contains("el2n quantiles:")
                .contains("kept 900 of 3000 examples");
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    /**
     * Noisy blobs, {@code width} features, {@code classes} classes, the label in column {@code labelColumn};
     * every 50th row repeats the row before it, so equal scores (ties) are certain.
     */
    static Path blobs(Path file, int rows, int width, int classes, int labelColumn) throws IOException {
        Random random = new Random(11);
        List<String> lines = new ArrayList<>();
        List<String> header = new ArrayList<>();
        for (int c = 0; c <= width; c++) {
            header.add(c == labelColumn ? "label" : "x" + c);
        }
        lines.add(String.join(",", header));
        for (int i = 0; i < rows; i++) {
            if (i % 50 == 49) {
                lines.add(lines.get(lines.size() - 1));
                continue;
            }
            int label = random.nextInt(classes);
            List<String> cells = new ArrayList<>();
            for (int j = 0; j < width; j++) {
                cells.add(Float.toString((float) ((label == j % classes ? 1.5 : 0) + random.nextGaussian())));
            }
            cells.add(labelColumn, Integer.toString(label));
            lines.add(String.join(",", cells));
        }
        return Files.write(file, lines);
    }

    @Test
    void inTheListenersBatchesTheScoreTableIsTheSingleMachineOneBitForBit() throws IOException {
        ScoreTable single = ScoreTable.read(dir.resolve("single/scores.csv"));
        ScoreTable onSpark = ScoreTable.read(dir.resolve("spark/scores.csv"));
        assertThat(onSpark.columns().keySet()).containsExactly("el2n", "el2n_std", "grand", "grand_std");
        assertThat(onSpark.labels()).containsExactly(single.labels());
        for (String column : single.columns().keySet()) {
            assertThat(onSpark.column(column)).as(column).containsExactly(single.column(column));
        }
    }

    @Test
    void theKeepSetOfSparkScoreIsTheOnePruneChoosesFromTheSingleMachineTable() throws IOException {
        Path expected = dir.resolve("prune-hardest.csv");
        Outcome prune = run("prune", "--scores", dir.resolve("single/scores.csv").toString(), "--score", "el2n",
                "--keep", "0.3", "--policy", "hardest", "--out", expected.toString());
        assertThat(prune.status()).as(prune.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("spark/keep.csv"))).containsExactlyElementsOf(
                Files.readAllLines(expected));
    }

    @ParameterizedTest(name = "{0} on {1}, keep {2}")
    @CsvSource({
            "easiest,       el2n,  0.3",
            "window:0.2,    el2n,  0.3",
            "random,        el2n,  0.3",
            "balanced,      grand, 0.1",
            "stratified,    el2n,  0.3",
            "stratified:0.3, grand, 0.5",
    })
    void everyPolicyOnSparkKeepsWhatPruneKeeps(String policy, String score, double keep) throws IOException {
        Path out = dir.resolve("spark-prune-" + policy.replace(':', '-') + "-" + score);
        Outcome onSpark = run("spark-prune", "--master", "local[2]", "--scores",
                dir.resolve("spark/scores.parquet").toString(), "--score", score, "--keep", Double.toString(keep),
                "--policy", policy, "--seed", "5", "--out", out.toString());
        assertThat(onSpark.status()).as(onSpark.err()).isZero();
        Path expected = out.resolveSibling(out.getFileName() + ".csv");
        Outcome prune = run("prune", "--scores", dir.resolve("single/scores.csv").toString(), "--score", score,
                "--keep", Double.toString(keep), "--policy", policy, "--seed", "5", "--out", expected.toString());
        assertThat(prune.status()).as(prune.err()).isZero();
        List<String> kept = Files.readAllLines(out.resolve("keep.csv"));
        assertThat(kept).hasSize(2 + (int) Math.round(keep * 3000));
        assertThat(kept).containsExactlyElementsOf(Files.readAllLines(expected));
    }

    @Test
    void inBatchesOfItsOwnTheScoresDifferFromTheSingleMachineOnesByFloatRoundingOnly() throws IOException {
        Outcome onSpark = run("spark-score", "--master", "local[2]", "--data", csv.toString(), "--label-column", "3",
                "--models", dir.resolve("models").toString(), "--scores", "el2n,grand", "--batch-size", "100",
                "--out", dir.resolve("spark-own").toString());
        assertThat(onSpark.status()).as(onSpark.err()).isZero();
        ScoreTable single = ScoreTable.read(dir.resolve("single/scores.csv"));
        ScoreTable onSparkTable = ScoreTable.read(dir.resolve("spark-own/scores.csv"));
        for (String column : single.columns().keySet()) {
            float[] expected = single.column(column);
            double largest = 0;
            double worst = 0;
            for (int id = 0; id < expected.length; id++) {
                // the score's scale: a std inherits the absolute rounding of the scores it is the spread of
                largest = Math.max(largest, Math.abs(single.column(column.replace("_std", ""))[id]));
                worst = Math.max(worst, Math.abs(onSparkTable.column(column)[id] - (double) expected[id]));
            }
            // relative to the score's scale: a few units in the last place of its largest value at most
            assertThat(worst).as(column).isLessThanOrEqualTo(1e-6 * largest);
        }
    }

    private static void assertBadInput(Outcome outcome, String... fragments) {
        assertThat(outcome.status()).as(outcome.out() + outcome.err()).isEqualTo(2);
        assertThat(outcome.err().lines()).hasSize(1);
        assertThat(outcome.err()).startsWith("datadiet: ").doesNotContain("Exception").doesNotContain("\tat ");
        for (String fragment : fragments) {
            assertThat(outcome.err()).contains(fragment);
        }
    }

    @Test
    void aModelThatDoesNotTakeTheFeaturesIsOneLine() throws IOException {
        Path narrow = blobs(dir.resolve("narrow.csv"), 200, 6, 4, 0);
        assertBadInput(run("spark-score", "--master", "local[2]", "--data", narrow.toString(), "--models",
                dir.resolve("models/run-001.zip").toString(), "--out", dir.resolve("bad1").toString()),
                "model ", "run-001.zip does not fit the examples of " + narrow, "[6] per example");
    }

    @Test
    void aParquetFileWithoutTheFeaturesColumnIsOneLine() {
        Path parquet = dir.resolve("no-features.parquet");
        spark.createDataFrame(List.of(RowFactory.create(0, 1), RowFactory.create(1, 0)), DataTypes.createStructType(
                List.of(DataTypes.createStructField("id", DataTypes.IntegerType, false),
                        DataTypes.createStructField("label", DataTypes.IntegerType, false))))
                .write().parquet(parquet.toString());
        assertBadInput(run("spark-score", "--master", "local[2]", "--data", parquet.toString(), "--models",
                dir.resolve("models").toString(), "--out", dir.resolve("bad2").toString()),
                "has no column 'features' (it has id, label)");
    }

    @Test
    void aPathThatIsNotThereIsOneLine() {
        assertBadInput(run("spark-score", "--master", "local[2]", "--data", dir.resolve("missing.csv").toString(),
                "--models", dir.resolve("models").toString(), "--out", dir.resolve("bad3").toString()),
                "--data " + dir.resolve("missing.csv") + " does not exist");
        assertBadInput(run("spark-score", "--master", "local[2]", "--data", csv.toString(), "--label-column", "3",
                "--models", dir.resolve("no-models").toString(), "--out", dir.resolve("bad4").toString()),
                "--models " + dir.resolve("no-models") + " does not exist");
    }

    @Test
    void aBadCellFoundByAnExecutorIsOneLineNamingItsRow() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        String[] cells = lines.get(2501).split(",");
        cells[5] = "n/a";
        lines.set(2501, String.join(",", cells));
        Path broken = Files.write(dir.resolve("broken.csv"), lines);
        assertBadInput(run("spark-score", "--master", "local[2]", "--data", broken.toString(), "--label-column", "3",
                "--models", dir.resolve("models").toString(), "--out", dir.resolve("bad5").toString()),
                broken + ", data row 2501, column 5: 'n/a' is not a finite number");
    }
}
