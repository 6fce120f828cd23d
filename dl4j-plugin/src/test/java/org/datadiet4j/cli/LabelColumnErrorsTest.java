package org.datadiet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datadiet4j.cli.Outcome.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A label that is not a class index, out of range, or a label column that does not exist is most often the
 * wrong {@code --label-column}: every such error says so in its one line, loaded or streamed.
 */
class LabelColumnErrorsTest {

    @TempDir
    Path dir;

    /** Labels 0..2 in column 0, two features (the first with a fraction, the second an integer). */
    private Path csv(String name, int rows, int firstLabel) throws IOException {
        List<String> lines = new ArrayList<>(List.of("y,a,b"));
        for (int i = 0; i < rows; i++) {
            lines.add((firstLabel + i % 3) + "," + (i * 0.5f + 0.25f) + "," + (i % 5));
        }
        return Files.write(dir.resolve(name), lines);
    }

    /** The data as {@code score} loads it and as {@code train --stream} streams it. */
    private List<Outcome> loadedAndStreamed(Path data, String... options) {
        List<String> score = new ArrayList<>(List.of("score", "--data", data.toString(), "--epochs", "1", "--out",
                dir.resolve("out").toString()));
        List<String> stream = new ArrayList<>(List.of("train", "--data", data.toString(), "--stream",
                "--test-fraction", "0.5", "--epochs", "1"));
        score.addAll(List.of(options));
        stream.addAll(List.of(options));
        return List.of(run(score.toArray(String[]::new)), run(stream.toArray(String[]::new)));
    }

    private static void assertNamesTheLabelColumn(Outcome outcome, String fragment) {
        assertThat(outcome.status()).as(outcome.err()).isEqualTo(2);
        assertThat(outcome.err().lines()).as(outcome.err()).hasSize(1);
        assertThat(outcome.err()).startsWith("datadiet: ").contains(fragment).contains("--label-column")
                .doesNotContain("Exception");
    }

    @Test
    void aLabelColumnPastTheLastColumn() throws IOException {
        Path data = csv("data.csv", 30, 0);
        for (Outcome outcome : loadedAndStreamed(data, "--label-column", "3")) {
            assertNamesTheLabelColumn(outcome, "label column 3 is out of range: " + data + " has 3 columns (0..2)");
        }
        for (Outcome outcome : loadedAndStreamed(data, "--label-column", "-1")) {
            assertNamesTheLabelColumn(outcome, "--label-column must be >= 0, got -1");
        }
    }

    @Test
    void aLabelThatIsNotAClassIndex() throws IOException {
        Path data = csv("data.csv", 30, 0);
        // column 1 holds 0.25, 0.75, ...: features, not labels
        for (Outcome outcome : loadedAndStreamed(data, "--label-column", "1")) {
            assertNamesTheLabelColumn(outcome, data + " line 2, column 1: label '0.25' is not a class index");
        }
    }

    @Test
    void aLabelOutOfRange() throws IOException {
        Path data = csv("data.csv", 30, 0);
        // rows 2, 3, 4 of the file hold labels 0, 1, 2: the first label 2 is on line 4
        for (Outcome outcome : loadedAndStreamed(data, "--classes", "2")) {
            assertNamesTheLabelColumn(outcome, "line 4, column 0: label 2 is out of range [0, 2)");
        }
    }

    @Test
    void aTestFileWithAClassTheTrainingDataDoesNotHave() throws IOException {
        Path data = csv("data.csv", 30, 0);
        Path test = csv("test.csv", 6, 1);
        Outcome loaded = run("train", "--data", data.toString(), "--test", test.toString(), "--epochs", "1");
        Outcome streamed = run("train", "--data", data.toString(), "--stream", "--test", test.toString(),
                "--epochs", "1");
        for (Outcome outcome : List.of(loaded, streamed)) {
            // test.csv's labels are 1, 2, 3, ...: the first 3 is on line 4
            assertNamesTheLabelColumn(outcome, test + " line 4, column 0: label 3 is out of range [0, 3)");
        }
    }

    @Test
    void aColumnWithASingleValue() throws IOException {
        Path data = dir.resolve("constant.csv");
        Files.write(data, List.of("a,b,y", "0.5,1,0", "1.5,2,0", "2.5,3,0", "3.5,4,0"));
        for (Outcome outcome : loadedAndStreamed(data, "--label-column", "2")) {
            assertNamesTheLabelColumn(outcome, "every label is 0; need at least 2 classes");
        }
    }
}
