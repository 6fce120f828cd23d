package org.datadiet4j.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.datadiet4j.io.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keep-set files: the ids, the size of the data set they were chosen from, and files that do not record it. */
class KeepSetTest {

    @TempDir
    Path dir;

    @Test
    void aKeepSetRecordsTheSizeOfItsDataSetAndReadsBackSorted() throws IOException {
        Path file = dir.resolve("keep.csv");

        KeepSet.write(file, new int[] {7, 2, 5}, 3000);

        assertThat(Files.readAllLines(file)).containsExactly("# examples=3000", "id", "2", "5", "7");
        assertThat(KeepSet.read(file, 3000)).containsExactly(2, 5, 7);
    }

    @Test
    void aKeepSetMadeForAnotherSizeIsRefusedEvenWhenItsIdsAreInRange() throws IOException {
        Path file = dir.resolve("keep.csv");
        KeepSet.write(file, new int[] {7, 2, 5}, 3000);

        assertThatThrownBy(() -> KeepSet.read(file, 60_000)).isInstanceOf(InvalidInputException.class)
                .hasMessage("keep-set " + file + " was made for 3000 examples but the data has 60000: make it again"
                        + " from a score table of these examples (same --data and --limit)");
        Path damaged = Files.writeString(dir.resolve("damaged.csv"), "# examples=many\nid\n1\n");
        assertThatThrownBy(() -> KeepSet.read(damaged, 10)).isInstanceOf(InvalidInputException.class)
                .hasMessage(damaged + " line 1: 'many' is not a number of examples");
    }

    @Test
    void aKeepSetThatDoesNotRecordItsSizeIsCheckedByItsIdsAlone() throws IOException {
        Path old = Files.writeString(dir.resolve("old.csv"), "id\n9\n4\n");

        assertThat(KeepSet.read(old, 10)).containsExactly(4, 9);
        assertThatThrownBy(() -> KeepSet.read(old, 5)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 2: id 9 is outside [0, 5)");
    }
}
