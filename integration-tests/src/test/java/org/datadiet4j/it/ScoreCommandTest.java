package org.datadiet4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code datadiet score} and {@code datadiet demo} through the jar, on real Fashion-MNIST. */
class ScoreCommandTest {

    private static final double SQRT2 = Math.sqrt(2);

    @TempDir
    Path dir;

    /** Parses a score table written by the command: columns id, label, el2n, el2n_std. */
    private static List<String[]> rows(Path table) throws IOException {
        List<String> lines = Files.readAllLines(table);
        assertThat(lines.get(0)).isEqualTo("id,label,el2n,el2n_std");
        List<String[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            rows.add(line.split(","));
        }
        return rows;
    }

    private static void assertScoreTable(Path table, int[] expectedLabels) throws IOException {
        List<String[]> rows = rows(table);
        assertThat(rows).hasSize(expectedLabels.length);
        int high = 0;
        for (int id = 0; id < expectedLabels.length; id++) {
            String[] row = rows.get(id);
            assertThat(Integer.parseInt(row[0])).isEqualTo(id);
            assertThat(Integer.parseInt(row[1])).as("label of id %d", id).isEqualTo(expectedLabels[id]);
            double el2n = Double.parseDouble(row[2]);
            assertThat(el2n).isBetween(0.0, SQRT2 + 1e-6);
            assertThat(Double.parseDouble(row[3])).isGreaterThanOrEqualTo(0.0);
            if (el2n > 0.5) {
                high++;
            }
        }
        // after two epochs most examples are learned, but not all: the scores must spread
        assertThat(high).isBetween(expectedLabels.length / 50, expectedLabels.length / 2);
    }

    @Test
    void scoresTheFirst5000FashionMnistExamples() throws Exception {
        Path out = dir.resolve("OUT");
        DatadietJar.Run run = DatadietJar.run(dir, "score", "--data", "fashion-mnist", "--limit", "5000",
                "--model", "mlp", "--epochs", "2", "--scores", "el2n", "--runs", "2", "--out", out.toString());

        assertThat(run.status()).as(run.err()).isZero();
        assertScoreTable(out.resolve("scores.csv"), FashionMnistFiles.trainLabels(5000));
        assertThat(run.out()).contains("highest el2n");
    }

    @Test
    void scoresTheSameImagesFromACsvFile() throws Exception {
        int n = 2000;
        int[] labels = FashionMnistFiles.trainLabels(n);
        int[][] images = FashionMnistFiles.trainImages(n);
        Path csv = dir.resolve("fashion.csv");
        List<String> lines = new ArrayList<>();
        StringBuilder header = new StringBuilder();
        for (int p = 0; p < 784; p++) {
            header.append("p").append(p).append(',');
        }
        lines.add(header.append("label").toString());
        for (int i = 0; i < n; i++) {
            StringBuilder line = new StringBuilder();
            for (int p = 0; p < 784; p++) {
                line.append(images[i][p] / 255f).append(',');
            }
            lines.add(line.append(labels[i]).toString());
        }
        Files.write(csv, lines);
        Path out = dir.resolve("OUT");

        DatadietJar.Run run = DatadietJar.run(dir, "score", "--data", csv.toString(), "--label-column", "784",
                "--limit", "5000", "--model", "mlp", "--epochs", "2", "--scores", "el2n", "--runs", "2",
                "--out", out.toString());

        assertThat(run.status()).as(run.err()).isZero();
        assertScoreTable(out.resolve("scores.csv"), labels);
    }

    @Test
    void grandOfLenetAtInitialisationVerifiesAgainstBruteForce() throws Exception {
        Path out = dir.resolve("OUT");
        DatadietJar.Run run = DatadietJar.run(dir, "score", "--data", "fashion-mnist", "--limit", "1000",
                "--model", "lenet", "--epochs", "0", "--scores", "grand", "--runs", "2", "--verify", "24",
                "--out", out.toString());

        assertThat(run.status()).as(run.err()).isZero();
        List<String> lines = Files.readAllLines(out.resolve("scores.csv"));
        assertThat(lines.get(0)).isEqualTo("id,label,grand,grand_std");
        assertThat(lines).hasSize(1001);
        java.util.regex.Matcher verify = java.util.regex.Pattern
                .compile("grand verify: max relative error (\\S+) over 24 examples").matcher(run.out());
        assertThat(verify.find()).as(run.out()).isTrue();
        assertThat(Double.parseDouble(verify.group(1))).isLessThan(1e-3);
    }

    @Test
    void badInputIsOneLineWithStatusTwo() throws Exception {
        Path out = dir.resolve("OUT");
        DatadietJar.Run run = DatadietJar.run(dir, "score", "--data", dir.resolve("missing.csv").toString(),
                "--out", out.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("datadiet: data file " + dir.resolve("missing.csv") + " does not exist");
        assertThat(out).doesNotExist();
    }

    @Test
    void demoRunsWithZeroArguments() throws Exception {
        DatadietJar.Run run = DatadietJar.run(dir, "demo");

        assertThat(run.status()).as(run.err()).isZero();
        Path table = dir.resolve("datadiet-out").resolve("scores.csv");
        List<String> lines = Files.readAllLines(table);
        assertThat(lines).hasSize(60_001);
        assertThat(lines.get(0)).isEqualTo("id,label,el2n");
        assertThat(Files.readAllLines(dir.resolve("datadiet-out").resolve("keep.csv"))).hasSize(30_002);
        assertThat(run.out()).contains("60000 training and 10000 test images")
                .contains("kept 30000 of 60000")
                .contains("examples fitted per epoch [60000, 60000, 30000, 30000, 30000, 30000, 30000, 30000, 30000, 30000]")
                .contains("pruned vs full: test accuracy");
        // the README's scoring-pass/epoch ratio: the EL2N pass over all 60 000 images against an epoch on them
        java.util.regex.Matcher cost = java.util.regex.Pattern.compile("el2n scoring pass: ([0-9.]+) s = ([0-9.]+) x one"
                + " training epoch \\(([0-9.]+) s; the full-data run's mean epoch, 60000 images\\)").matcher(run.out());
        assertThat(cost.find()).as(run.out()).isTrue();
        double pass = Double.parseDouble(cost.group(1));
        double epoch = Double.parseDouble(cost.group(3));
        assertThat(pass).isPositive();
        // printed rounded: the ratio to 0.0005, the pass to 0.0005 s, the epoch to 0.005 s
        double rounding = 0.0005 + 0.0005 / epoch + pass * 0.005 / (epoch * epoch);
        assertThat(Double.parseDouble(cost.group(2))).isCloseTo(pass / epoch,
                org.assertj.core.api.Assertions.within(1.01 * rounding));
        java.util.regex.Matcher accuracy = java.util.regex.Pattern.compile("test accuracy ([0-9.]+)").matcher(run.out());
        for (int i = 0; i < 2; i++) {
            assertThat(accuracy.find()).isTrue();
            // a 10-epoch MLP on Fashion-MNIST is well above chance (0.1)
            assertThat(Double.parseDouble(accuracy.group(1))).isBetween(0.8, 0.95);
        }
    }
}
