package org.datadiet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datadiet4j.cli.Outcome.run;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --dynamic}: InfoBatch's epochs, the random baseline's counts, and the options' checks. */
class DynamicTrainTest {

    @TempDir
    Path dir;

    private static int[] fittedPerEpoch(String out) {
        Matcher m = Pattern.compile("examples fitted per epoch \\[([0-9, ]+)]").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Arrays.stream(m.group(1).split(", ")).mapToInt(Integer::parseInt).toArray();
    }

    @Test
    void infoBatchPrunesTheMiddleEpochsAndTheRandomBaselineFitsItsCounts() throws Exception {
        Path idx = org.datadiet4j.datasets.IdxFilesForTests.syntheticSplits(dir.resolve("idx"), 300, 60, 11);

        Outcome infoBatch = run("train", "--data", idx.toString(), "--epochs", "4", "--dynamic", "infobatch",
                "--anneal", "0.75");

        assertThat(infoBatch.status()).as(infoBatch.err()).isZero();
        int[] fitted = fittedPerEpoch(infoBatch.out());
        // epoch 0 is never pruned and δ·E = 3 leaves epoch 3 whole; epochs 1 and 2 drop about half the
        // examples below the mean loss
        assertThat(fitted).hasSize(4);
        assertThat(fitted[0]).isEqualTo(300);
        assertThat(fitted[3]).isEqualTo(300);
        assertThat(fitted[1]).isLessThan(300);
        assertThat(fitted[2]).isLessThan(300);
        long saved = 1200 - Arrays.stream(fitted).sum();
        assertThat(infoBatch.out()).contains(String.format(java.util.Locale.ROOT,
                "%d of 1200 example passes fitted, %.1f%% saved", 1200 - saved, 100.0 * saved / 1200));

        Outcome random = run("train", "--data", idx.toString(), "--epochs", "4", "--dynamic", "random",
                "--fitted-per-epoch", "300,150,200,300");
        assertThat(random.status()).as(random.err()).isZero();
        assertThat(fittedPerEpoch(random.out())).containsExactly(300, 150, 200, 300);
    }

    @Test
    void badOptionsAreOneLineErrors() throws Exception {
        Path idx = org.datadiet4j.datasets.IdxFilesForTests.syntheticSplits(dir.resolve("idx"), 30, 10, 11);
        String data = idx.toString();
        String[][] cases = {
                {"--dynamic", "infobatch", "--prune-ratio", "1"},
                {"--dynamic", "infobatch", "--anneal", "1.5"},
                {"--dynamic", "sometimes"},
                {"--dynamic", "random"},
                {"--prune-ratio", "0.3"},
                {"--dynamic", "infobatch", "--prune-at", "1"}};
        String[] expected = {"--prune-ratio must be in [0, 1), got 1.0", "--anneal must be in [0, 1], got 1.5",
                "unknown --dynamic 'sometimes'", "--dynamic random needs --fitted-per-epoch",
                "--prune-ratio only applies to dynamic pruning", "--dynamic excludes --keep and --prune-at"};
        for (int c = 0; c < cases.length; c++) {
            String[] args = new String[cases[c].length + 5];
            args[0] = "train";
            args[1] = "--data";
            args[2] = data;
            args[3] = "--epochs";
            args[4] = "2";
            System.arraycopy(cases[c], 0, args, 5, cases[c].length);
            Outcome outcome = run(args);
            assertThat(outcome.status()).as(String.join(" ", cases[c])).isEqualTo(2);
            assertThat(outcome.err()).contains(expected[c]).doesNotContain("Exception");
        }
    }
}
