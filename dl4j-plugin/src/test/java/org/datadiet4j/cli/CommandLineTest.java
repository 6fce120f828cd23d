package org.datadiet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datadiet4j.cli.Outcome.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.datadiet4j.scores.ScoreTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line in-process: exit codes, one-line errors, and a small end-to-end score run. */
class CommandLineTest {

    @TempDir
    Path dir;

    /** Blobs in 4 dimensions, 3 classes, label in column {@code labelColumn} of 5. */
    private Path blobCsv(int rows, int labelColumn) throws IOException {
        Random random = new Random(3);
        List<String> lines = new ArrayList<>();
        lines.add("a,b,c,d,e");
        for (int i = 0; i < rows; i++) {
            int label = random.nextInt(3);
            List<String> cells = new ArrayList<>();
            for (int j = 0; j < 4; j++) {
                cells.add(Float.toString((float) (label * (j % 2 == 0 ? 1 : -1) + random.nextGaussian())));
            }
            cells.add(labelColumn, Integer.toString(label));
            lines.add(String.join(",", cells));
        }
        Path file = dir.resolve("blobs.csv");
        Files.write(file, lines);
        return file;
    }

    private void assertBadInput(Outcome outcome, Path out, String... fragments) {
        assertThat(outcome.status()).as(outcome.err()).isEqualTo(2);
        assertThat(outcome.err().lines()).hasSize(1);
        assertThat(outcome.err()).startsWith("datadiet: ").doesNotContain("Exception").doesNotContain("\tat ");
        for (String fragment : fragments) {
            assertThat(outcome.err()).contains(fragment);
        }
        assertThat(Files.exists(out.resolve("scores.csv"))).isFalse();
    }

    @Test
    void scoresACsvFileEndToEnd() throws IOException {
        Path csv = blobCsv(300, 2);
        Path out = dir.resolve("out");

        Outcome outcome = run("score", "--data", csv.toString(), "--label-column", "2", "--model", "mlp",
                "--epochs", "2", "--scores", "el2n", "--runs", "2", "--out", out.toString());

        assertThat(outcome.status()).as(outcome.err()).isZero();
        ScoreTable table = ScoreTable.read(out.resolve("scores.csv"));
        assertThat(table.size()).isEqualTo(300);
        assertThat(table.columns()).containsOnlyKeys("el2n", "el2n_std");
        List<String> lines = Files.readAllLines(csv);
        for (int id = 0; id < 300; id++) {
            assertThat(table.labels()[id]).isEqualTo(Integer.parseInt(lines.get(id + 1).split(",")[2]));
            assertThat(table.column("el2n")[id]).isBetween(0f, (float) Math.sqrt(2));
        }
        assertThat(out.resolve("provenance.json")).content().contains("\"runs\": 2");
        assertThat(outcome.out()).contains("highest el2n").contains("x one training epoch");
    }

    @Test
    void scoresGrandAtInitialisationOverTwoInitsAndVerifiesTheFastPath() throws IOException {
        Path csv = blobCsv(200, 0);
        Path out = dir.resolve("out");

        Outcome outcome = run("score", "--data", csv.toString(), "--epochs", "0", "--scores", "grand,el2n", "--runs", "2",
                "--verify", "16", "--out", out.toString());

        assertThat(outcome.status()).as(outcome.err()).isZero();
        ScoreTable table = ScoreTable.read(out.resolve("scores.csv"));
        assertThat(table.columns()).containsOnlyKeys("grand", "grand_std", "el2n", "el2n_std");
        for (float value : table.column("grand")) {
            assertThat(value).isPositive().isFinite();
        }
        java.util.regex.Matcher verify = java.util.regex.Pattern
                .compile("grand verify: max relative error (\\S+) over 16 examples").matcher(outcome.out());
        assertThat(verify.find()).as(outcome.out()).isTrue();
        assertThat(Double.parseDouble(verify.group(1))).isLessThan(1e-3);
        assertThat(outcome.out()).contains("no training epochs to compare with");
        assertThat(out.resolve("provenance.json")).content().contains("\"grandMode\": \"exact\"");
    }

    @Test
    void lastLayerGrandIsNeverLargerThanTheFullNorm() throws IOException {
        Path csv = blobCsv(150, 0);
        assertThat(run("score", "--data", csv.toString(), "--epochs", "1", "--scores", "grand",
                "--out", dir.resolve("full").toString()).status()).isZero();
        assertThat(run("score", "--data", csv.toString(), "--epochs", "1", "--scores", "grand", "--grand-mode",
                "last-layer", "--out", dir.resolve("last").toString()).status()).isZero();
        float[] full = ScoreTable.read(dir.resolve("full").resolve("scores.csv")).column("grand");
        float[] last = ScoreTable.read(dir.resolve("last").resolve("scores.csv")).column("grand");
        for (int i = 0; i < full.length; i++) {
            // the output layer's gradient is a part of the whole gradient vector
            assertThat(last[i]).isLessThanOrEqualTo(full[i] * (1 + 1e-5f));
        }
        assertThat(last).isNotEqualTo(full);
    }

    @Test
    void grandOptionsAreChecked() throws IOException {
        Path out = dir.resolve("out");
        String csv = blobCsv(20, 0).toString();
        assertBadInput(run("score", "--data", csv, "--verify", "8", "--out", out.toString()), out,
                "--verify checks GraNd: add grand to --scores");
        assertBadInput(run("score", "--data", csv, "--scores", "grand", "--grand-mode", "middle", "--out",
                out.toString()), out, "unknown --grand-mode 'middle'");
        assertBadInput(run("score", "--data", csv, "--epochs", "-1", "--out", out.toString()), out,
                "--epochs must be at least 0, got -1");
    }

    @Test
    void scoresAllThreeInOneRunAndCorrelatesThem() throws IOException {
        Path csv = blobCsv(240, 0);
        Path out = dir.resolve("out");

        Outcome scored = run("score", "--data", csv.toString(), "--epochs", "3", "--score-epoch", "1",
                "--scores", "el2n,grand,forgetting", "--out", out.toString());

        assertThat(scored.status()).as(scored.err()).isZero();
        ScoreTable table = ScoreTable.read(out.resolve("scores.csv"));
        assertThat(table.columns()).containsOnlyKeys("el2n", "grand", "forgetting", "ever_learned");
        float[] forgetting = table.column("forgetting");
        float[] learned = table.column("ever_learned");
        for (int i = 0; i < forgetting.length; i++) {
            // 3 epochs: at most one event per pair of presentations; +inf exactly when never learned
            assertThat(Float.isInfinite(forgetting[i])).isEqualTo(learned[i] == 0f);
            if (learned[i] == 1f) {
                assertThat(forgetting[i]).isIn(0f, 1f);
            }
        }
        assertThat(scored.out()).contains("scored after epoch 1").contains("never forgotten");

        Outcome correlated = run("correlate", "--scores", out.resolve("scores.csv").toString());

        assertThat(correlated.status()).as(correlated.err()).isZero();
        List<String> lines = correlated.out().lines().toList();
        assertThat(lines.get(1).trim().split("\\s+")).containsExactly("el2n", "grand", "forgetting");
        String[] el2nRow = lines.get(2).trim().split("\\s+");
        assertThat(el2nRow[0]).isEqualTo("el2n");
        assertThat(el2nRow[1]).isEqualTo("1.000");
        assertThat(Double.parseDouble(el2nRow[2])).isCloseTo(
                org.datadiet4j.scores.Spearman.rho(table.column("el2n"), table.column("grand")),
                org.assertj.core.api.Assertions.within(5e-4));
        // the directory a command wrote stands for its scores.csv
        Outcome fromDirectory = run("correlate", "--scores", out.toString());
        assertThat(fromDirectory.status()).as(fromDirectory.err()).isZero();
        assertThat(fromDirectory.out()).isEqualTo(correlated.out());
    }

    /**
     * picocli formats descriptions with String.format: a bare % made it warn on System.err ("[picocli WARN]
     * Could not format ...") and print the raw text. Every command's help, the top level's included.
     */
    @Test
    void everyHelpTextFormatsWithoutPicocliWarnings() {
        List<List<String>> commands = new ArrayList<>(List.of(List.of()));
        for (int i = 0; i < commands.size(); i++) {
            picocli.CommandLine command = new picocli.CommandLine(new Datadiet());
            for (String name : commands.get(i)) {
                command = command.getSubcommands().get(name);
            }
            for (String sub : command.getSubcommands().keySet()) {
                List<String> path = new ArrayList<>(commands.get(i));
                path.add(sub);
                commands.add(path);
            }
        }
        assertThat(commands).contains(List.of("demo"), List.of("score"), List.of("lmc"));
        java.io.PrintStream systemErr = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        List<Outcome> helps = new ArrayList<>();
        try {
            for (List<String> command : commands) {
                List<String> args = new ArrayList<>(command);
                args.add("--help");
                helps.add(run(args.toArray(String[]::new)));
            }
        } finally {
            System.setErr(systemErr);
        }
        for (int i = 0; i < commands.size(); i++) {
            Outcome help = helps.get(i);
            assertThat(help.status()).as("%s", commands.get(i)).isZero();
            assertThat(help.out()).as("%s", commands.get(i)).startsWith("Usage: datadiet");
            assertThat(help.out() + help.err()).as("%s", commands.get(i)).doesNotContain("picocli WARN")
                    .doesNotContain("Could not format");
        }
        assertThat(helps.get(commands.indexOf(List.of("demo"))).out()).contains("keep the hardest 50% + train on");
        assertThat(captured.toString()).doesNotContain("picocli WARN").doesNotContain("Could not format");
    }

    @Test
    void correlateAndScoreEpochInputIsChecked() throws IOException {
        Path out = dir.resolve("out");
        String csv = blobCsv(20, 0).toString();
        assertBadInput(run("score", "--data", csv, "--epochs", "2", "--score-epoch", "3", "--out", out.toString()), out,
                "--score-epoch must be in [0, 2]");
        assertBadInput(run("score", "--data", csv, "--epochs", "0", "--scores", "forgetting", "--out", out.toString()),
                out, "forgetting events are counted during training");
        assertBadInput(run("correlate", "--scores", dir.resolve("none.csv").toString()), out, "none.csv does not exist");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertBadInput(run("correlate", "--scores", empty.toString()), out, "a directory that holds scores.csv");
        Path single = Files.writeString(dir.resolve("single.csv"), "id,label,el2n\n0,1,0.5\n1,0,0.25\n");
        assertBadInput(run("correlate", "--scores", single.toString()), out, "correlations need at least two");
    }

    private Path idxDirectory(int train, int test) throws IOException {
        return org.datadiet4j.datasets.IdxFilesForTests.syntheticSplits(dir.resolve("idx"), train, test, 11);
    }

    @Test
    void trainPrunesEarlyInsideOneRunThenTrainsOnTheKeepSet() throws IOException {
        Path idx = idxDirectory(200, 60);
        Path out = dir.resolve("out");

        Outcome pruned = run("train", "--data", idx.toString(), "--epochs", "3", "--prune-at", "1", "--keep-fraction",
                "0.5", "--policy", "hardest", "--out", out.toString());

        assertThat(pruned.status()).as(pruned.err()).isZero();
        assertThat(pruned.out()).contains("examples fitted per epoch [200, 100, 100]")
                .contains("pruned after epoch 1 by el2n, policy hardest: kept 100 of 200");
        int[] kept = org.datadiet4j.pruning.KeepSet.read(out.resolve("keep.csv"), 200);
        assertThat(kept).hasSize(100);
        float[] el2n = ScoreTable.read(out.resolve("scores.csv")).column("el2n");
        float lowestKept = Float.POSITIVE_INFINITY;
        for (int id : kept) {
            lowestKept = Math.min(lowestKept, el2n[id]);
        }
        for (int id = 0; id < 200; id++) {
            if (java.util.Arrays.binarySearch(kept, id) < 0) {
                assertThat(el2n[id]).as("dropped example %d", id).isLessThanOrEqualTo(lowestKept);
            }
        }
        java.util.regex.Matcher accuracy = java.util.regex.Pattern.compile("test accuracy ([0-9.]+)").matcher(pruned.out());
        assertThat(accuracy.find()).isTrue();
        assertThat(Double.parseDouble(accuracy.group(1))).isBetween(0.0, 1.0);

        Outcome onKeepSet = run("train", "--data", idx.toString(), "--epochs", "2", "--keep", out.resolve("keep.csv").toString());
        assertThat(onKeepSet.status()).as(onKeepSet.err()).isZero();
        assertThat(onKeepSet.out()).contains("examples fitted per epoch [100, 100]");
    }

    @Test
    void aKeepSetMadeForAnotherNumberOfExamplesIsRefused() throws IOException {
        Path idx = idxDirectory(30, 10);
        Path out = dir.resolve("out");
        Outcome scored = run("score", "--data", idx.toString(), "--limit", "20", "--epochs", "1", "--out", out.toString());
        assertThat(scored.status()).as(scored.err()).isZero();
        Path keep = dir.resolve("keep.csv");
        Outcome pruned = run("prune", "--scores", out.resolve("scores.csv").toString(), "--score", "el2n", "--keep",
                "0.5", "--out", keep.toString());
        assertThat(pruned.status()).as(pruned.err()).isZero();

        assertBadInput(run("train", "--data", idx.toString(), "--epochs", "1", "--keep", keep.toString()),
                dir.resolve("nothing"), "keep-set " + keep + " was made for 20 examples but the data has 30",
                "same --data and --limit");
        Outcome onItsData = run("train", "--data", idx.toString(), "--limit", "20", "--epochs", "1", "--keep",
                keep.toString());
        assertThat(onItsData.status()).as(onItsData.err()).isZero();
        assertThat(onItsData.out()).contains("examples fitted per epoch [10]");
    }

    @Test
    void aMetricsPortInUseIsOneClearError() throws IOException {
        Path idx = idxDirectory(40, 10);
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertBadInput(run("train", "--data", idx.toString(), "--epochs", "1", "--metrics-port",
                    Integer.toString(port)), dir, "port " + port + " on 127.0.0.1 is in use", "choose another metrics port");
        }
        Outcome served = run("train", "--data", idx.toString(), "--epochs", "1", "--metrics-port", "0");
        assertThat(served.status()).as(served.err()).isZero();
        assertThat(served.out()).containsPattern("metrics: http://127\\.0\\.0\\.1:\\d+/metrics");
    }

    @Test
    void theMetricsHostIsAnAddressOfThisMachineOrEveryInterface() throws IOException {
        Path idx = idxDirectory(40, 10);
        Outcome everywhere = run("train", "--data", idx.toString(), "--epochs", "1", "--metrics-port", "0",
                "--metrics-host", "0.0.0.0");
        assertThat(everywhere.status()).as(everywhere.err()).isZero();
        assertThat(everywhere.out()).containsPattern("metrics: http://0\\.0\\.0\\.0:\\d+/metrics");

        assertBadInput(run("train", "--data", idx.toString(), "--epochs", "1", "--metrics-port", "0",
                "--metrics-host", "203.0.113.7"), dir, "metrics host '203.0.113.7' (203.0.113.7) is not an address of"
                + " this machine", "0.0.0.0 (every interface");
        assertBadInput(run("train", "--data", idx.toString(), "--epochs", "1", "--metrics-port", "0",
                "--metrics-host", "no such host"), dir, "metrics host 'no such host' is neither an address nor a known"
                + " name");
        assertBadInput(run("train", "--data", idx.toString(), "--epochs", "1", "--metrics-host", "0.0.0.0"), dir,
                "--metrics-host only applies with --metrics-port PORT");
    }

    @Test
    void pruneAndTrainRefuseInputTheyCannotUse() throws IOException {
        Path table = Files.writeString(dir.resolve("bad-scores.csv"), "id,label,el2n\n0,-1,0.5\n1,0,0.9\n");
        Path nothing = dir.resolve("nothing");
        assertBadInput(run("prune", "--scores", table.toString(), "--score", "el2n", "--keep", "0.5", "--out",
                dir.resolve("k.csv").toString()), nothing, "line 2: label -1 is not a class index");
        assertThat(dir.resolve("k.csv")).doesNotExist();
        Path good = Files.writeString(dir.resolve("scores.csv"), "id,label,el2n\n0,1,0.5\n1,0,0.9\n");
        assertBadInput(run("prune", "--scores", good.toString(), "--score", "el2n", "--keep", "0.5", "--out",
                dir.resolve("missing").resolve("k.csv").toString()), nothing, "does not exist: create");
        assertBadInput(run("train", "--data", blobCsv(20, 0).toString(), "--epochs", "1"), nothing,
                "has no test split: give --test FILE.csv or --test-fraction F");
        assertBadInput(run("train", "--data", idxDirectory(20, 5).toString(), "--policy", "random"), nothing,
                "--policy only applies to early pruning: add --prune-at T");
    }

    @Test
    void aMissingScoreColumnADuplicatedKeptIdAndAnotherJobsCheckpointsAreRefused() throws IOException {
        Path nothing = dir.resolve("nothing");
        Path table = Files.writeString(dir.resolve("scores.csv"), "id,label,el2n\n0,1,0.5\n1,0,0.9\n");
        assertBadInput(run("prune", "--scores", table.toString(), "--score", "grand", "--keep", "0.5", "--out",
                dir.resolve("k.csv").toString()), nothing, "score column 'grand' is not in", "columns: [el2n]");
        Path idx = idxDirectory(30, 10);
        Path twice = Files.writeString(dir.resolve("twice.csv"), "id\n3\n7\n3\n");
        assertBadInput(run("train", "--data", idx.toString(), "--epochs", "1", "--keep", twice.toString()), nothing,
                "line 4: id 3 appears twice");

        Path checkpoints = dir.resolve("checkpoints");
        Outcome first = run("score", "--data", idx.toString(), "--epochs", "1", "--out", dir.resolve("a").toString(),
                "--checkpoints", checkpoints.toString());
        assertThat(first.status()).as(first.err()).isZero();
        assertThat(checkpoints.resolve("attempt-1").resolve("checkpoint_0_datadiet.state")).isRegularFile();
        Path other = dir.resolve("b");
        assertBadInput(run("score", "--data", idx.toString(), "--epochs", "2", "--out", other.toString(),
                "--checkpoints", checkpoints.toString()), other, "holds checkpoints of a job with other settings",
                "epochs=1", "choose another directory");
        assertBadInput(run("score", "--data", idx.toString(), "--checkpoint-every", "5", "--out", other.toString()),
                other, "--checkpoint-every needs --checkpoints DIR");
    }

    @Test
    void trainWithEarlyPruningResumesFromItsCheckpointToTheSameModel() throws IOException {
        Path out = dir.resolve("out");
        Path checkpoints = dir.resolve("checkpoints");
        String[] args = {"train", "--data", idxDirectory(200, 60).toString(), "--epochs", "3", "--prune-at", "1",
            "--keep-fraction", "0.5", "--out", out.toString(), "--checkpoints", checkpoints.toString()};
        Outcome whole = run(args);
        assertThat(whole.status()).as(whole.err()).isZero();
        byte[] scores = Files.readAllBytes(out.resolve("scores.csv"));
        byte[] keep = Files.readAllBytes(out.resolve("keep.csv"));
        java.util.regex.Matcher accuracy = java.util.regex.Pattern.compile("test accuracy [0-9.]+").matcher(whole.out());
        assertThat(accuracy.find()).isTrue();

        // the state of the last checkpoint is lost, as if the process had died writing it: resume after epoch 2
        Files.delete(checkpoints.resolve("attempt-1").resolve("checkpoint_2_datadiet.state"));
        Outcome resumed = run(args);
        assertThat(resumed.status()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("resumed from checkpoint 1 in ")
                .contains("2 epoch(s) and 3 iteration(s) done")
                .contains("pruned after epoch 1 by el2n, policy hardest: kept 100 of 200")
                .contains(accuracy.group()).contains("examples fitted per epoch [100]");
        assertThat(out.resolve("scores.csv")).hasBinaryContent(scores);
        assertThat(out.resolve("keep.csv")).hasBinaryContent(keep);
        // the final weights of the resumed run (its one checkpoint, after epoch 3) equal the uninterrupted run's
        assertThat(finalParams(checkpoints.resolve("attempt-2"), 0))
                .containsExactly(finalParams(checkpoints.resolve("attempt-1"), 2));

        // a job that had finished resumes with nothing left to train, and reports the same
        Outcome again = run(args);
        assertThat(again.status()).as(again.err()).isZero();
        assertThat(again.out()).contains("resumed from checkpoint 0 in ").contains("3 epoch(s)")
                .contains(accuracy.group()).contains("examples fitted per epoch []");
    }

    private static float[] finalParams(Path attempt, int checkpoint) throws IOException {
        return org.deeplearning4j.util.ModelSerializer.restoreMultiLayerNetwork(
                attempt.resolve("checkpoint_" + checkpoint + "_MultiLayerNetwork.zip").toFile(), false)
                .params().toFloatVector();
    }

    @Test
    void scoreOverTwoRunsResumesInEitherRunToTheSameTable() throws IOException {
        Path idx = idxDirectory(120, 10);
        Path checkpoints = dir.resolve("checkpoints");
        Path out = dir.resolve("out");
        String[] args = {"score", "--data", idx.toString(), "--epochs", "2", "--runs", "2", "--scores",
            "el2n,forgetting", "--out", out.toString(), "--checkpoints", checkpoints.toString()};
        Outcome whole = run(args);
        assertThat(whole.status()).as(whole.err()).isZero();
        byte[] table = Files.readAllBytes(out.resolve("scores.csv"));
        Path attempt = checkpoints.resolve("attempt-1");
        // checkpoints 0..3: run 1 after epochs 1 and 2, run 2 after epochs 1 and 2; DL4J keeps the last 3

        Files.delete(attempt.resolve("checkpoint_3_datadiet.state"));
        Outcome inRunTwo = run(args);
        assertThat(inRunTwo.status()).as(inRunTwo.err()).isZero();
        assertThat(inRunTwo.out()).contains("run 2: resumed from checkpoint 2 in ");
        assertThat(out.resolve("scores.csv")).hasBinaryContent(table);

        Files.delete(attempt.resolve("checkpoint_2_datadiet.state"));
        try (var states = Files.list(checkpoints.resolve("attempt-2"))) {
            for (Path state : states.filter(p -> p.toString().endsWith("_datadiet.state")).toList()) {
                Files.delete(state);
            }
        }
        Outcome afterRunOne = run(args);
        assertThat(afterRunOne.status()).as(afterRunOne.err()).isZero();
        assertThat(afterRunOne.out()).contains("run 1: resumed from checkpoint 1 in ").contains("2 epoch(s)");
        assertThat(out.resolve("scores.csv")).hasBinaryContent(table);
    }

    @Test
    void dashboardPrintsTheGrafanaJson() {
        Outcome outcome = run("dashboard");
        assertThat(outcome.status()).isZero();
        assertThat(outcome.out()).startsWith("{").contains("\"panels\"").contains("datadiet_training_loss");
    }

    @Test
    void pruneWritesTheKeptIdsOfAScoreColumn() throws IOException {
        Path table = Files.writeString(dir.resolve("scores.csv"),
                "id,label,el2n,forgetting\n0,0,0.5,1\n1,1,0.9,Infinity\n2,1,0.1,0\n3,0,0.9,2\n");
        Path keep = dir.resolve("keep.csv");

        Outcome hardest = run("prune", "--scores", table.toString(), "--score", "el2n", "--keep", "0.5",
                "--policy", "hardest", "--out", keep.toString());

        assertThat(hardest.status()).as(hardest.err()).isZero();
        assertThat(Files.readAllLines(keep)).containsExactly("# examples=4", "id", "1", "3");
        assertThat(hardest.out()).contains("kept 2 of 4").contains("per class [1, 1]");
        assertThat(run("prune", "--scores", table.toString(), "--score", "forgetting", "--keep", "0.25", "--out",
                keep.toString()).status()).isZero();
        assertThat(Files.readAllLines(keep)).containsExactly("# examples=4", "id", "1");

        Path out = dir.resolve("nothing");
        assertBadInput(run("prune", "--scores", table.toString(), "--score", "grand", "--keep", "0.5", "--out",
                keep.toString()), out, "score column 'grand' is not in");
        assertBadInput(run("prune", "--scores", table.toString(), "--score", "el2n", "--keep", "1.5", "--out",
                keep.toString()), out, "keep fraction must be in (0, 1], got 1.5");
        assertBadInput(run("prune", "--scores", table.toString(), "--score", "el2n", "--keep", "0.5", "--policy",
                "window:0.75", "--out", keep.toString()), out, "runs past the end of 4 examples");
        assertBadInput(run("prune", "--scores", table.toString(), "--score", "el2n", "--keep", "0.1", "--out",
                keep.toString()), out, "the keep-set would be empty");
        assertThat(Files.readAllLines(keep)).containsExactly("# examples=4", "id", "1");
    }

    @Test
    void missingDataFile() {
        Path out = dir.resolve("out");
        assertBadInput(run("score", "--data", dir.resolve("nope.csv").toString(), "--out", out.toString()), out,
                "nope.csv does not exist");
    }

    @Test
    void wrongLabelColumn() throws IOException {
        Path out = dir.resolve("out");
        Path csv = blobCsv(20, 0);
        assertBadInput(run("score", "--data", csv.toString(), "--label-column", "7", "--out", out.toString()), out,
                "label column 7 is out of range", "blobs.csv has 5 columns");
    }

    @Test
    void labelOutOfRange() throws IOException {
        Path out = dir.resolve("out");
        Path csv = blobCsv(20, 0);
        assertBadInput(run("score", "--data", csv.toString(), "--classes", "2", "--out", out.toString()), out,
                "blobs.csv line", "is out of range [0, 2)");
    }

    @Test
    void nonNumericCell() throws IOException {
        Path out = dir.resolve("out");
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "y,x1,x2\n0,1,2\n1,2,3\n0,x,4\n");
        assertBadInput(run("score", "--data", csv.toString(), "--out", out.toString()), out,
                "bad.csv line 4, column 1: 'x' is not a finite number");
    }

    @Test
    void limitZero() throws IOException {
        Path out = dir.resolve("out");
        assertBadInput(run("score", "--data", blobCsv(20, 0).toString(), "--limit", "0", "--out", out.toString()), out,
                "--limit must be at least 1, got 0");
    }

    @Test
    void outputDirectoryThatIsAFile() throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        assertBadInput(run("score", "--data", blobCsv(20, 0).toString(), "--out", file.toString()), file,
                "output directory " + file + " is a file");
        assertThat(file).hasContent("x");
    }

    @Test
    void outputDirectoryThatCannotBeCreated() throws IOException {
        Path out = Path.of("/proc/datadiet-cannot-write-here");
        assertBadInput(run("score", "--data", blobCsv(20, 0).toString(), "--out", out.toString()), dir,
                "cannot write to output directory " + out);
    }

    @Test
    void unknownScoreModelAndOption() throws IOException {
        Path out = dir.resolve("out");
        String csv = blobCsv(20, 0).toString();
        assertBadInput(run("score", "--data", csv, "--scores", "el2n,magic", "--out", out.toString()), out,
                "unknown score 'magic'");
        assertBadInput(run("score", "--data", csv, "--model", "resnet", "--out", out.toString()), out,
                "unknown --model 'resnet'");
        assertBadInput(run("score", "--data", csv, "--epochs", "two", "--out", out.toString()), out, "--epochs",
                "see 'datadiet score --help'");
        assertBadInput(run("score", "--data", csv, "--lenet", "--out", out.toString()), out, "--lenet");
        assertBadInput(run("score", "--data", csv, "--model", "lenet", "--out", out.toString()), out,
                "--model lenet needs square");
    }

    @Test
    void helpExitsZero() {
        Outcome outcome = run("--help");
        assertThat(outcome.status()).isZero();
        assertThat(outcome.out()).contains("demo").contains("score");
    }
}
