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
}
