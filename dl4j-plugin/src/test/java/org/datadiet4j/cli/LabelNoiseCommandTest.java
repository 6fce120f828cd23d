package org.datadiet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datadiet4j.cli.Outcome.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.datadiet4j.datasets.IdxFilesForTests;
import org.datadiet4j.scores.ScoreTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --label-noise} on score and train: which labels change, that both commands see the same ones, bad input. */
class LabelNoiseCommandTest {

    @TempDir
    Path dir;

    private int[] labels(Path out) throws IOException {
        return ScoreTable.read(out.resolve("scores.csv")).labels();
    }

    private Outcome score(Path idx, String out, String... extra) {
        String[] base = {"score", "--data", idx.toString(), "--epochs", "1", "--out", dir.resolve(out).toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        Outcome outcome = run(args);
        assertThat(outcome.status()).as(outcome.err()).isZero();
        return outcome;
    }

    @Test
    void scoreAndTrainSeeTheSameCorruptedLabelsWhateverTheirSeed() throws IOException {
        Path idx = IdxFilesForTests.syntheticSplits(dir.resolve("idx"), 200, 40, 11);
        score(idx, "clean");
        Outcome noisy = score(idx, "noisy", "--label-noise", "0.1", "--noise-seed", "5", "--seed", "1");
        score(idx, "other-seed", "--label-noise", "0.1", "--noise-seed", "5", "--seed", "2");
        score(idx, "other-noise", "--label-noise", "0.1", "--noise-seed", "6");

        int[] clean = labels(dir.resolve("clean"));
        int[] corrupted = labels(dir.resolve("noisy"));
        int changed = 0;
        for (int id = 0; id < clean.length; id++) {
            if (corrupted[id] != clean[id]) {
                changed++;
                assertThat(corrupted[id]).isBetween(0, 9);
            }
        }
        assertThat(changed).as("round(0.1 x 200) labels, each moved to another class").isEqualTo(20);
        assertThat(labels(dir.resolve("other-seed"))).as("the draw follows --noise-seed, not --seed").isEqualTo(corrupted);
        assertThat(labels(dir.resolve("other-noise"))).isNotEqualTo(corrupted);
        assertThat(noisy.out()).contains("label noise: 20 of 200 training labels replaced by another class (noise seed 5)");
        assertThat(dir.resolve("noisy").resolve("provenance.json")).content()
                .contains("\"labelNoise\": \"label-noise=0.1 noise-seed=5\"");
        assertThat(dir.resolve("clean").resolve("provenance.json")).content().doesNotContain("labelNoise");

        Path out = dir.resolve("train");
        Outcome train = run("train", "--data", idx.toString(), "--epochs", "2", "--prune-at", "1", "--label-noise", "0.1",
                "--noise-seed", "5", "--seed", "3", "--out", out.toString());
        assertThat(train.status()).as(train.err()).isZero();
        assertThat(train.out()).contains("label noise: 20 of 200 training labels");
        assertThat(labels(out)).as("train fits the labels the score table was made from").isEqualTo(corrupted);
    }

    @Test
    void noiseThatCannotWorkIsRefusedBeforeTraining() throws IOException {
        Path idx = IdxFilesForTests.syntheticSplits(dir.resolve("idx"), 50, 10, 11);
        Path out = dir.resolve("out");
        for (String fraction : new String[] {"1", "-0.1", "NaN"}) {
            Outcome outcome = run("score", "--data", idx.toString(), "--label-noise", fraction, "--out", out.toString());
            assertThat(outcome.status()).isEqualTo(2);
            assertThat(outcome.err().lines()).hasSize(1);
            assertThat(outcome.err()).startsWith("datadiet: --label-noise must be in [0, 1), got ");
        }
        Path csv = Files.writeString(dir.resolve("rows.csv"), "label,a\n0,0.5\n1,0.25\n0,0.75\n1,0.1\n");
        Outcome streamed = run("train", "--data", csv.toString(), "--test", csv.toString(), "--stream", "--label-noise",
                "0.5");
        assertThat(streamed.status()).isEqualTo(2);
        assertThat(streamed.err()).startsWith("datadiet: --label-noise relabels examples held in memory");
        assertThat(out).doesNotExist();
    }
}
