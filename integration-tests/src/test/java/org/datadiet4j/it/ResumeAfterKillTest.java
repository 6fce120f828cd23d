package org.datadiet4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.datadiet4j.resume.ResumePoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real training process ({@code datadiet score} with checkpoints every 10 iterations) is killed
 * with {@code kill -9} in its second epoch and started again with the same command: it resumes from
 * the newest checkpoint with intact listener state (whichever that was when it died), and its score
 * table and NTK series are byte-identical to those of a run that was never interrupted.
 */
class ResumeAfterKillTest {

    @TempDir
    Path dir;

    private static String[] score(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("score", "--data", "fashion-mnist", "--limit", "4000", "--epochs",
                "4", "--score-epoch", "2", "--scores", "el2n,grand,forgetting", "--ntk-probe", "10", "--out",
                out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void aKilledScoringJobResumesToTheSameScoreTable() throws Exception {
        DatadietJar.Run reference = DatadietJar.run(dir, score(dir.resolve("reference")));
        assertThat(reference.status()).as(reference.err()).isZero();

        Path out = dir.resolve("resumed");
        Path checkpoints = dir.resolve("checkpoints");
        String[] resumable = score(out, "--checkpoints", checkpoints.toString(), "--checkpoint-every", "10");
        Process first = DatadietJar.start(dir, resumable);
        Path record = checkpoints.resolve("attempt-1").resolve("checkpointInfo.txt");
        // DL4J records the epoch under way (0-based) with each checkpoint: wait for one in the second epoch
        while (!Files.exists(record) || Files.readAllLines(record).stream().skip(1)
                .noneMatch(line -> line.split(",").length == 6 && Integer.parseInt(line.split(",")[3]) >= 1)) {
            assertThat(first.isAlive()).as("the job ended before it could be killed").isTrue();
            Thread.sleep(10);
        }
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).isEqualTo(137);
        assertThat(out.resolve("scores.csv")).doesNotExist();
        int newestIntact = ResumePoints.latest(checkpoints.resolve("attempt-1").toFile()).orElseThrow()
                .checkpoint().getCheckpointNum();

        DatadietJar.Run second = DatadietJar.run(dir, resumable);
        assertThat(second.status()).as(second.err()).isZero();
        assertThat(second.out()).containsPattern("run 1: resumed from checkpoint " + newestIntact
                + " in .*attempt-1: [123] epoch\\(s\\)");
        assertThat(Files.readAllBytes(out.resolve("scores.csv")))
                .isEqualTo(Files.readAllBytes(dir.resolve("reference").resolve("scores.csv")));
        assertThat(Files.readAllBytes(out.resolve("ntk.csv")))
                .isEqualTo(Files.readAllBytes(dir.resolve("reference").resolve("ntk.csv")));
        assertThat(Files.readAllLines(out.resolve("scores.csv"))).hasSize(4001);
    }
}
