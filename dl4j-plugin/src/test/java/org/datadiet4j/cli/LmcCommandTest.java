package org.datadiet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datadiet4j.cli.Outcome.run;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.datadiet4j.datasets.IdxFilesForTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code datadiet lmc} on a small synthetic IDX data set: file shapes, consistency, bad input. */
class LmcCommandTest {

    private static final int TRAIN = 150;
    private static final int TEST = 60;

    @TempDir
    Path dir;

    private static List<String[]> rows(Path csv, String header) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo(header);
        return lines.subList(1, lines.size()).stream().map(l -> l.split(",")).toList();
    }

    @Test
    void writesEveryPointOfEveryPathAndBarriersThatFollowFromThem() throws IOException {
        Path data = IdxFilesForTests.syntheticSplits(dir.resolve("idx"), TRAIN, TEST, 5);
        Path out = dir.resolve("lmc");

        Outcome outcome = run("lmc", "--data", data.toString(), "--spawn-epochs", "0,1", "--child-epochs", "1",
                "--points", "3", "--score-epoch", "1", "--batch-size", "32", "--out", out.toString());

        assertThat(outcome.status()).as(outcome.err()).isZero();
        List<String[]> points = rows(out.resolve("lmc.csv"), "spawn_epoch,subset,split,alpha,loss,error");
        // 2 spawn epochs x 3 subsets x 2 splits x 3 points
        assertThat(points).hasSize(36);
        assertThat(points.stream().map(r -> r[0] + r[1] + r[2] + r[3]).distinct()).hasSize(36);
        assertThat(points.stream().map(r -> r[3]).collect(Collectors.toSet())).isEqualTo(Set.of("0.0", "0.5", "1.0"));
        List<String[]> barriers = rows(out.resolve("barriers.csv"), "spawn_epoch,subset,split,examples,error_barrier,"
                + "loss_barrier,error_above_chord,loss_above_chord,error_child1,error_child2,loss_child1,loss_child2");
        assertThat(barriers).hasSize(12);
        for (String[] barrier : barriers) {
            int examples = Integer.parseInt(barrier[3]);
            int expected = barrier[2].equals("test") ? TEST : barrier[1].equals("all") ? TRAIN : TRAIN / 2;
            assertThat(examples).as(String.join(",", barrier)).isEqualTo(expected);
            List<String[]> path = new ArrayList<>();
            for (String[] point : points) {
                if (point[0].equals(barrier[0]) && point[1].equals(barrier[1]) && point[2].equals(barrier[2])) {
                    path.add(point);
                }
            }
            assertThat(path).hasSize(3);
            double[] errors = path.stream().mapToDouble(p -> Double.parseDouble(p[5])).toArray();
            for (double error : errors) {
                // an error rate over `examples` examples is a whole number of mistakes
                assertThat(error * examples).isCloseTo(Math.rint(error * examples), within(1e-9));
            }
            double highest = Math.max(errors[0], Math.max(errors[1], errors[2]));
            assertThat(Double.parseDouble(barrier[4])).isCloseTo(highest - (errors[0] + errors[2]) / 2, within(1e-12));
            // three points: only the midpoint can rise above the chord, whose middle is the mean of the ends
            assertThat(Double.parseDouble(barrier[6]))
                    .isCloseTo(Math.max(0, errors[1] - (errors[0] + errors[2]) / 2), within(1e-12));
            assertThat(Double.parseDouble(barrier[8])).isEqualTo(errors[0]);
            assertThat(Double.parseDouble(barrier[9])).isEqualTo(errors[2]);
            assertThat(Double.parseDouble(barrier[10])).isEqualTo(Double.parseDouble(path.get(0)[4]));
        }
        assertThat(out.resolve("barriers.png")).isNotEmptyFile();
        assertThat(outcome.out()).contains("EL2N: parent after epoch 1").contains("error barrier");
    }

    @Test
    void takesTheSubsetsFromAScoreTable() throws IOException {
        Path data = IdxFilesForTests.syntheticSplits(dir.resolve("idx"), TRAIN, TEST, 5);
        List<String> table = new ArrayList<>(List.of("id,label,el2n"));
        for (int id = 0; id < TRAIN; id++) {
            table.add(id + ",0," + (id % 7) * 0.1f);
        }
        Files.write(dir.resolve("scores.csv"), table);
        Path out = dir.resolve("lmc");

        Outcome outcome = run("lmc", "--data", data.toString(), "--spawn-epochs", "0", "--child-epochs", "1",
                "--points", "2", "--subsets", "high-el2n", "--subset-fraction", "0.2", "--scores",
                dir.resolve("scores.csv").toString(), "--out", out.toString());

        assertThat(outcome.status()).as(outcome.err()).isZero();
        assertThat(outcome.out()).contains("EL2N: score table");
        List<String[]> barriers = rows(out.resolve("barriers.csv"), "spawn_epoch,subset,split,examples,error_barrier,"
                + "loss_barrier,error_above_chord,loss_above_chord,error_child1,error_child2,loss_child1,loss_child2");
        assertThat(barriers).hasSize(2);
        // round(0.2 x 150) examples in the subset
        assertThat(barriers.get(0)[3]).isEqualTo("30");
        assertThat(rows(out.resolve("lmc.csv"), "spawn_epoch,subset,split,alpha,loss,error")).hasSize(4);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "--spawn-epochs=2,1; --spawn-epochs must be non-negative and strictly ascending, got 2,1",
        "--spawn-epochs=-1,2; --spawn-epochs must be non-negative and strictly ascending, got -1,2",
        "--subsets=all,medium; unknown subset 'medium' in --subsets: use all, low-el2n or high-el2n",
        "--points=1; --points must be at least 2, got 1",
        "--child-epochs=0; --child-epochs must be at least 1, got 0",
        "--subset-fraction=1; --subset-fraction must be in (0, 1), got 1.0",
        "--score=grand; --score names a column of a score table: add --scores FILE",
    })
    void badInputIsOneLineAndExitStatusTwoBeforeAnyTraining(String option, String message) throws IOException {
        Path data = IdxFilesForTests.syntheticSplits(dir.resolve("idx"), TRAIN, TEST, 5);
        Path out = dir.resolve("lmc");

        Outcome outcome = run("lmc", "--data", data.toString(), option, "--out", out.toString());

        assertThat(outcome.status()).as(outcome.err()).isEqualTo(2);
        assertThat(outcome.err().lines()).hasSize(1);
        assertThat(outcome.err()).startsWith("datadiet: " + message).doesNotContain("Exception");
        assertThat(out).doesNotExist();
    }
}
