package org.datadiet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.datadiet4j.datasets.IdxFilesForTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The experiment protocol on a small synthetic data set: structure and consistency of results.csv, resume. */
class ExperimentCommandTest {

    @TempDir
    Path dir;

    private int run(String... args) {
        return Datadiet.run(new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true), args);
    }

    @Test
    void writesOneRowPerMeasuredPointAndResumesWithoutRedoingAny() throws Exception {
        Path data = IdxFilesForTests.syntheticSplits(dir.resolve("idx"), 150, 60, 5);
        Path out = dir.resolve("exp");
        String[] args = {"experiment", "--data", data.toString(), "--runs", "2", "--score-epoch", "1", "--epochs", "1",
                "--keep", "1.0,0.5", "--scores", "el2n,grand,forgetting,aum,random", "--noise", "0.2", "--windows", "2",
                "--window-size", "0.5", "--out", out.toString()};

        assertThat(run(args)).isZero();

        List<String> lines = Files.readAllLines(out.resolve("results.csv"));
        assertThat(lines.get(0)).isEqualTo("noise,phase,score,keep,offset,seed,metric,value");
        List<String[]> rows = lines.subList(1, lines.size()).stream().map(l -> l.split(",")).toList();
        // per level: 6 correlations, full data 2 seeds x 2 metrics, 5 scores x 1 keep x 2 seeds x 2 metrics,
        // 2 windows x 2 seeds x 2 metrics, InfoBatch 2 seeds x 3 metrics; the noisy level adds 4 scores x
        // (precision, recall)
        assertThat(rows).hasSize(2 * (6 + 4 + 20 + 8 + 6) + 8);
        assertThat(rows.stream().map(r -> String.join(",", List.of(r).subList(0, 7))).distinct()).hasSize(rows.size());
        for (String[] row : rows) {
            double value = Double.parseDouble(row[7]);
            switch (row[6]) {
                case "test_accuracy", "precision", "recall", "fitted_fraction" -> assertThat(value).isBetween(0.0, 1.0);
                case "spearman" -> assertThat(value).isBetween(-1.0, 1.0);
                case "seconds" -> assertThat(value).isPositive();
                default -> throw new AssertionError("unexpected metric " + row[6]);
            }
        }
        // top-k with k = the number of corrupted labels: precision and recall are the same count over the same k
        for (String score : List.of("el2n", "grand", "forgetting", "aum")) {
            double precision = value(rows, "detection", score, "precision");
            assertThat(value(rows, "detection", score, "recall")).isEqualTo(precision);
        }
        assertThat(rows.stream().filter(r -> r[1].equals("window")).map(r -> r[4]).distinct())
                .containsExactlyInAnyOrder("0.0", "0.5");
        assertThat(out.resolve("report.html")).content().contains("Pruning curves").doesNotContain("NaN ±");
        assertThat(out.resolve("pruning-curves-noise-0.0.png")).isNotEmptyFile();
        assertThat(out.resolve("pruning-curves-noise-0.2.png")).isNotEmptyFile();
        assertThat(out.resolve("sliding-window.png")).isNotEmptyFile();
        assertThat(out.resolve("histograms-noise-0.2.png")).isNotEmptyFile();
        assertThat(out.resolve("suspects-noise-0.2.png")).isNotEmptyFile();
        assertThat(out.resolve("report.html")).content().contains("suspects-noise-0.2.png").contains("Dynamic pruning");
        // one epoch: InfoBatch never prunes the first, so it fits every example pass
        assertThat(value(rows, "dynamic", "infobatch", "fitted_fraction")).isEqualTo(1.0);

        FileTime scored = Files.getLastModifiedTime(out.resolve("scores-noise-0.0.csv"));
        assertThat(run(args)).isZero();
        assertThat(Files.readAllLines(out.resolve("results.csv"))).containsExactlyElementsOf(lines);
        assertThat(Files.getLastModifiedTime(out.resolve("scores-noise-0.0.csv"))).isEqualTo(scored);

        // resuming with other settings would mix them: refused before any work
        String[] otherEpochs = args.clone();
        otherEpochs[8] = "2";
        StringWriter err = new StringWriter();
        assertThat(Datadiet.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), otherEpochs))
                .isEqualTo(2);
        assertThat(err.toString()).contains("holds an experiment with other settings");
        assertThat(Files.readAllLines(out.resolve("results.csv"))).containsExactlyElementsOf(lines);
    }

    private static double value(List<String[]> rows, String phase, String score, String metric) {
        return rows.stream().filter(r -> r[1].equals(phase) && r[2].equals(score) && r[6].equals(metric))
                .mapToDouble(r -> Double.parseDouble(r[7])).findFirst().orElseThrow();
    }
}
