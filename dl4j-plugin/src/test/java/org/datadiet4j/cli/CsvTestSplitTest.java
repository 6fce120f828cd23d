package org.datadiet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datadiet4j.cli.Outcome.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.datadiet4j.datasets.IdxFilesForTests;
import org.datadiet4j.datasets.StratifiedSplit;
import org.datadiet4j.scores.ScoreTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * train, experiment and lmc on a CSV file with its own test split ({@code --test-fraction} or
 * {@code --test}), end to end on separable synthetic data; score on the same training rows; and the
 * refusals of splits that do not fit.
 */
class CsvTestSplitTest {

    private static final int FEATURES = 20;
    private static final int CLASSES = 3;
    private static final String LABEL_COLUMN = "5";

    @TempDir
    Path dir;

    /**
     * {@code rows} examples of 3 classes with a header, label in column 5 of 21: features
     * {@code j ≡ label (mod 3)} have mean 2, the others mean 0, all with unit Gaussian noise.
     */
    private Path separableCsv(String name, int rows, long seed) throws IOException {
        Random random = new Random(seed);
        List<String> lines = new ArrayList<>();
        List<String> header = new ArrayList<>();
        for (int j = 0; j < FEATURES; j++) {
            header.add("f" + j);
        }
        header.add(Integer.parseInt(LABEL_COLUMN), "label");
        lines.add(String.join(",", header));
        for (int i = 0; i < rows; i++) {
            int label = random.nextInt(CLASSES);
            List<String> cells = new ArrayList<>();
            for (int j = 0; j < FEATURES; j++) {
                cells.add(Float.toString((float) ((j % CLASSES == label ? 2 : 0) + random.nextGaussian())));
            }
            cells.add(Integer.parseInt(LABEL_COLUMN), Integer.toString(label));
            lines.add(String.join(",", cells));
        }
        return Files.write(dir.resolve(name), lines);
    }

    private static double testAccuracy(Outcome outcome) {
        Matcher accuracy = Pattern.compile("test accuracy ([0-9.]+)").matcher(outcome.out());
        assertThat(accuracy.find()).as(outcome.out()).isTrue();
        return Double.parseDouble(accuracy.group(1));
    }

    private static void assertBadInput(Outcome outcome, String message) {
        assertThat(outcome.status()).as(outcome.err()).isEqualTo(2);
        assertThat(outcome.err().lines()).hasSize(1);
        assertThat(outcome.err()).isEqualTo("datadiet: " + message + System.lineSeparator());
    }

    @Test
    void trainHoldsOutAStratifiedFractionAndTestsOnIt() throws IOException {
        Path csv = separableCsv("data.csv", 600, 1);

        Outcome outcome = run("train", "--data", csv.toString(), "--label-column", LABEL_COLUMN, "--test-fraction", "0.2",
                "--epochs", "2", "--batch-size", "16");

        assertThat(outcome.status()).as(outcome.err()).isZero();
        // the classes hold about 200 rows each: 0.2 of each, rounded, is about 120 in all
        Matcher counts = Pattern.compile("data: \\S+, (\\d+) training and (\\d+) test examples \\(test: a stratified 0.2"
                + " of the rows, seed 1").matcher(outcome.out());
        assertThat(counts.find()).as(outcome.out()).isTrue();
        int train = Integer.parseInt(counts.group(1));
        int test = Integer.parseInt(counts.group(2));
        assertThat(train + test).isEqualTo(600);
        assertThat(test).isBetween(118, 122);
        assertThat(outcome.out()).contains("examples fitted per epoch [" + train + ", " + train + "]");
        assertThat(testAccuracy(outcome)).isGreaterThan(0.6);
    }

    @Test
    void trainTestsOnASecondFileAndLimitCutsTheTrainingRows() throws IOException {
        Path csv = separableCsv("data.csv", 600, 1);
        Path test = separableCsv("test.csv", 150, 2);

        Outcome outcome = run("train", "--data", csv.toString(), "--label-column", LABEL_COLUMN, "--test", test.toString(),
                "--limit", "450", "--epochs", "2", "--batch-size", "16");

        assertThat(outcome.status()).as(outcome.err()).isZero();
        assertThat(outcome.out()).contains("450 training and 150 test examples (test: from " + test + ")")
                .contains("examples fitted per epoch [450, 450]");
        assertThat(testAccuracy(outcome)).isGreaterThan(0.6);
    }

    /**
     * Streamed from disk with early pruning: the same training rows and ids as the loaded split (the EL2N
     * table of a streamed run names the labels of the loaded run's training rows), the pruned epochs fit
     * the kept half, and the model learns.
     */
    @Test
    void trainStreamsTheTrainingRowsWithEarlyPruning() throws IOException {
        Path csv = separableCsv("data.csv", 600, 1);
        Path out = dir.resolve("streamed");

        Outcome outcome = run("train", "--data", csv.toString(), "--label-column", LABEL_COLUMN, "--test-fraction", "0.2",
                "--stream", "--epochs", "3", "--batch-size", "16", "--prune-at", "1", "--prune-score", "el2n",
                "--keep-fraction", "0.5", "--out", out.toString());

        assertThat(outcome.status()).as(outcome.err()).isZero();
        Matcher counts = Pattern.compile("data: \\S+ streamed, (\\d+) training and (\\d+) test examples")
                .matcher(outcome.out());
        assertThat(counts.find()).as(outcome.out()).isTrue();
        int train = Integer.parseInt(counts.group(1));
        int kept = Math.round(train * 0.5f);
        assertThat(outcome.out()).contains("examples fitted per epoch [" + train + ", " + kept + ", " + kept + "]");
        assertThat(testAccuracy(outcome)).isGreaterThan(0.6);
        int[] streamedLabels = ScoreTable.read(out.resolve("scores.csv")).labels();
        Outcome loaded = run("score", "--data", csv.toString(), "--label-column", LABEL_COLUMN, "--test-fraction", "0.2",
                "--epochs", "1", "--scores", "el2n", "--batch-size", "16", "--out", dir.resolve("loaded").toString());
        assertThat(loaded.status()).as(loaded.err()).isZero();
        assertThat(streamedLabels).containsExactly(ScoreTable.read(dir.resolve("loaded").resolve("scores.csv")).labels());
    }

    @Test
    void streamingAnIdxSourceIsRefused() throws IOException {
        Path idx = IdxFilesForTests.syntheticSplits(dir.resolve("idx"), 20, 5, 5);
        assertBadInput(run("train", "--data", idx.toString(), "--stream", "--epochs", "1"),
                "--stream streams a CSV --data from disk; " + idx + " is loaded into memory: drop --stream");
    }

    @Test
    void experimentMeasuresItsPointsOnTheHeldOutRows() throws IOException {
        Path csv = separableCsv("data.csv", 600, 1);
        Path out = dir.resolve("exp");

        Outcome outcome = run("experiment", "--data", csv.toString(), "--label-column", LABEL_COLUMN, "--test-fraction",
                "0.2", "--noise", "0.1", "--runs", "1", "--score-epoch", "1", "--epochs", "2", "--keep", "1.0,0.5",
                "--scores", "el2n,random", "--batch-size", "16", "--no-infobatch", "--out", out.toString());

        assertThat(outcome.status()).as(outcome.err()).isZero();
        assertThat(outcome.out()).containsPattern("data: \\S+, 4\\d\\d training and 1\\d\\d test examples");
        List<String[]> rows = Files.readAllLines(out.resolve("results.csv")).stream().skip(1).map(l -> l.split(","))
                .toList();
        // the model trained on all (clean) training rows
        double full = rows.stream().filter(r -> r[0].equals("0.0") && r[2].equals("full") && r[6].equals("test_accuracy"))
                .mapToDouble(r -> Double.parseDouble(r[7])).findFirst().orElseThrow();
        assertThat(full).isGreaterThan(0.6);
        assertThat(rows.stream().filter(r -> r[6].equals("test_accuracy"))).hasSize(2 * 3);
        assertThat(out.resolve("experiment.settings")).content().contains("test-fraction=0.2");
        assertThat(out.resolve("report.html")).content().contains("test-fraction=0.2");
    }

    @Test
    void lmcMeasuresTheTestSplitOfTheHeldOutRows() throws IOException {
        Path csv = separableCsv("data.csv", 600, 1);
        Path out = dir.resolve("lmc");

        Outcome outcome = run("lmc", "--data", csv.toString(), "--label-column", LABEL_COLUMN, "--test-fraction", "0.2",
                "--spawn-epochs", "1", "--child-epochs", "1", "--subsets", "all", "--points", "2", "--score-epoch", "1",
                "--batch-size", "16", "--out", out.toString());

        assertThat(outcome.status()).as(outcome.err()).isZero();
        assertThat(outcome.out()).containsPattern("data: \\S+, 4\\d\\d training and 1\\d\\d test examples");
        List<String[]> barriers = Files.readAllLines(out.resolve("barriers.csv")).stream().skip(1)
                .map(l -> l.split(",")).toList();
        String[] test = barriers.stream().filter(b -> b[2].equals("test")).findFirst().orElseThrow();
        assertThat(Integer.parseInt(test[3])).isBetween(118, 122);
        // both children's test error: clearly better than chance (2/3)
        assertThat(Double.parseDouble(test[8])).isLessThan(0.4);
        assertThat(Double.parseDouble(test[9])).isLessThan(0.4);
    }

    @Test
    void scoreWithTheSameFractionAndSeedNumbersTheRowsThatTrainTrainsOn() throws IOException {
        Path csv = separableCsv("data.csv", 600, 1);
        Path out = dir.resolve("scored");
        int[] labels = Files.readAllLines(csv).stream().skip(1)
                .mapToInt(l -> Integer.parseInt(l.split(",")[Integer.parseInt(LABEL_COLUMN)])).toArray();
        int[] trainingRows = StratifiedSplit.of(labels, CLASSES, 0.2, 3).train();

        Outcome scored = run("score", "--data", csv.toString(), "--label-column", LABEL_COLUMN, "--test-fraction", "0.2",
                "--seed", "3", "--epochs", "1", "--batch-size", "16", "--out", out.toString());

        assertThat(scored.status()).as(scored.err()).isZero();
        ScoreTable table = ScoreTable.read(out.resolve("scores.csv"));
        assertThat(table.labels()).containsExactly(IntStream.of(trainingRows).map(row -> labels[row]).toArray());
        assertThat(out.resolve("provenance.json")).content().contains("\"testSplit\": \"test-fraction=0.2\"");
        Path keep = dir.resolve("keep.csv");
        assertThat(run("prune", "--scores", out.resolve("scores.csv").toString(), "--score", "el2n", "--keep", "0.5",
                "--out", keep.toString()).status()).isZero();
        Outcome trained = run("train", "--data", csv.toString(), "--label-column", LABEL_COLUMN, "--test-fraction",
                "0.2", "--seed", "3", "--keep", keep.toString(), "--epochs", "1", "--batch-size", "16");
        assertThat(trained.status()).as(trained.err()).isZero();
        assertThat(trained.out()).contains(trainingRows.length + " training and " + (600 - trainingRows.length)
                + " test examples").contains("examples fitted per epoch [" + Math.round(0.5 * trainingRows.length) + "]");

        assertBadInput(run("score", "--data", csv.toString(), "--label-column", LABEL_COLUMN, "--test", csv.toString()),
                "score measures no test accuracy: drop --test (the training examples are every row of " + csv
                        + " with or without it)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"train", "experiment", "lmc"})
    void aCsvWithoutATestSplitIsRefused(String command) throws IOException {
        Path csv = separableCsv("data.csv", 30, 1);
        Path out = dir.resolve("out");

        List<String> args = new ArrayList<>(List.of(command, "--data", csv.toString(), "--label-column", LABEL_COLUMN));
        if (!command.equals("train")) {
            args.addAll(List.of("--out", out.toString()));
        }

        Outcome outcome = run(args.toArray(String[]::new));

        assertBadInput(outcome, command + " measures test accuracy and " + csv + " has no test split: give --test"
                + " FILE.csv or --test-fraction F");
        assertThat(out).doesNotExist();
    }

    @Test
    void anIdxSourceKeepsItsT10kFiles() throws IOException {
        Path idx = IdxFilesForTests.syntheticSplits(dir.resolve("idx"), 20, 5, 5);
        Path csv = separableCsv("test.csv", 30, 1);

        assertBadInput(run("train", "--data", idx.toString(), "--test-fraction", "0.2"),
                "--test-fraction gives a CSV --data its test split; " + idx + " is tested on its t10k files: drop"
                        + " --test-fraction");
        assertBadInput(run("lmc", "--data", "fashion-mnist", "--test", csv.toString()),
                "--test gives a CSV --data its test split; fashion-mnist is tested on its t10k files: drop --test");
    }

    @Test
    void badSplitsAreOneLineNamingTheValueAndTheFix() throws IOException {
        String csv = separableCsv("data.csv", 30, 1).toString();
        String narrow = Files.writeString(dir.resolve("narrow.csv"), "label,x\n0,1\n1,2\n").toString();

        assertBadInput(run("train", "--data", csv, "--label-column", LABEL_COLUMN, "--test-fraction", "1.5"),
                "--test-fraction must be in (0, 1), got 1.5: use for example 0.2");
        assertBadInput(run("experiment", "--data", csv, "--label-column", LABEL_COLUMN, "--test-fraction", "0.2",
                "--test", csv), "--test and --test-fraction exclude each other: give one of them");
        assertBadInput(run("train", "--data", csv, "--label-column", LABEL_COLUMN, "--test", dir.resolve("no.csv")
                .toString()), "--test file " + dir.resolve("no.csv") + " does not exist: give the CSV file that holds the"
                + " test examples");
        assertBadInput(run("train", "--data", csv, "--label-column", LABEL_COLUMN, "--test", narrow), narrow
                + " has 2 columns but the training data has 21: give a test file with the same columns");
        // class 2 has a single row: half of it rounds up to the whole class
        String lonely = Files.writeString(dir.resolve("lonely.csv"), "label,x\n0,1\n0,2\n1,3\n1,4\n2,5\n").toString();
        Path out = dir.resolve("exp");
        assertBadInput(run("experiment", "--data", lonely, "--test-fraction", "0.5", "--out", out.toString()),
                "--test-fraction 0.5 moves all 1 examples of class 2 to the test split, leaving none to train on: lower"
                        + " --test-fraction or add examples of class 2");
        // nothing recorded that would refuse the next run with another fraction
        assertThat(out.resolve("experiment.settings")).doesNotExist();
    }
}
