package org.datadiet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
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

    private record Outcome(int status, String out, String err) {
    }

    private static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Datadiet.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(status, out.toString(), err.toString());
    }

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
        Path single = Files.writeString(dir.resolve("single.csv"), "id,label,el2n\n0,1,0.5\n1,0,0.25\n");
        assertBadInput(run("correlate", "--scores", single.toString()), out, "correlations need at least two");
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
