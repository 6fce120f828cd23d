package org.datadiet4j.scores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreTableTest {

    @TempDir
    Path dir;

    @Test
    void writesIdLabelAndEachColumnWithItsSpreadOverRuns() throws IOException {
        ScoreStore store = new ScoreStore(3);
        store.record("el2n", new float[] {0.1f, 1.25f, 0.5f});
        store.record("el2n", new float[] {0.3f, 1.25f, 0.7f});
        store.record("other", new float[] {1f, 2f, 3f});
        Path file = dir.resolve("scores.csv");

        ScoreTable.write(file, new int[] {4, 0, 9}, store);

        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).isEqualTo("id,label,el2n,el2n_std,other");
        assertThat(lines).hasSize(4);
        assertThat(lines.get(2)).isEqualTo("1,0,1.25,0.0,2.0");
        ScoreTable table = ScoreTable.read(file);
        assertThat(table.labels()).containsExactly(4, 0, 9);
        assertThat(table.column("el2n")).containsExactly(store.column("el2n").means());
        assertThat(table.column("el2n")[0]).isEqualTo(0.2f);
        assertThat(table.column("other")).containsExactly(1f, 2f, 3f);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void readingRejectsIdsOutOfOrderWithTheLine() throws IOException {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, "id,label,el2n\n0,1,0.5\n2,1,0.5\n");
        assertThatThrownBy(() -> ScoreTable.read(file))
                .hasMessageContaining("line 3").hasMessageContaining("expected id 1, found 2");
    }

    @Test
    void aColumnOfOneRunHasNoSpreadColumnAndBlankLinesAreSkipped() throws IOException {
        ScoreStore store = new ScoreStore(2);
        store.record("el2n", new float[] {0.25f, Float.POSITIVE_INFINITY});
        Path file = dir.resolve("scores.csv");
        ScoreTable.write(file, new int[] {1, 0}, store);
        assertThat(Files.readAllLines(file)).containsExactly("id,label,el2n", "0,1,0.25", "1,0,Infinity");

        Files.writeString(file, "id,label,el2n\n\n0,1,0.25\n\n1,0,Infinity\n");
        ScoreTable table = ScoreTable.read(file);
        assertThat(table.size()).isEqualTo(2);
        assertThat(table.column("el2n")).containsExactly(0.25f, Float.POSITIVE_INFINITY);
        assertThatThrownBy(() -> table.column("grand")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("score column 'grand' is not in the table; columns: [el2n]");
    }

    @Test
    void writingRefusesLabelsOfAnotherLengthAndAStoreWithoutScores() {
        ScoreStore store = new ScoreStore(2);
        Path file = dir.resolve("scores.csv");
        assertThatThrownBy(() -> ScoreTable.write(file, new int[] {0, 1}, store))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no score was recorded");
        store.record("el2n", new float[2]);
        assertThatThrownBy(() -> ScoreTable.write(file, new int[] {0, 1, 1}, store))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("store holds 2 examples but 3 labels were given");
        assertThat(file).doesNotExist();
    }

    @Test
    void labelsRunFromZeroToTheLargestClassIndex() throws IOException {
        Path file = dir.resolve("labels.csv");
        Files.writeString(file, "id,label,el2n\n0,0,1\n1," + ScoreTable.MAX_LABEL + ",2\n");
        assertThat(ScoreTable.read(file).labels()).containsExactly(0, ScoreTable.MAX_LABEL);

        Files.writeString(file, "id,label,el2n\n0," + (ScoreTable.MAX_LABEL + 1) + ",1\n");
        assertThatThrownBy(() -> ScoreTable.read(file)).isInstanceOf(IOException.class)
                .hasMessage(file + " line 2: label " + (ScoreTable.MAX_LABEL + 1) + " is not a class index in [0, "
                        + ScoreTable.MAX_LABEL + "]");
        Files.writeString(file, "id,label,el2n\n0,-1,1\n");
        assertThatThrownBy(() -> ScoreTable.read(file)).hasMessageContaining("line 2: label -1 is not a class index");
    }

    @Test
    void readingRejectsFilesThatAreNotScoreTablesWithTheLine() throws IOException {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, "");
        assertThatThrownBy(() -> ScoreTable.read(file)).isInstanceOf(IOException.class)
                .hasMessage(file + ": not a score table (the first line must start with 'id,label')");
        Files.writeString(file, "label,id,el2n\n0,0,1\n");
        assertThatThrownBy(() -> ScoreTable.read(file)).hasMessageContaining("not a score table");
        Files.writeString(file, "id,label,el2n\n0,1,0.5\n1,1\n");
        assertThatThrownBy(() -> ScoreTable.read(file)).hasMessage(file + " line 3: expected 3 cells, found 2");
        Files.writeString(file, "id,label,el2n\n0,1,high\n");
        assertThatThrownBy(() -> ScoreTable.read(file)).hasMessageStartingWith(file + " line 2: not a number");
    }
}
