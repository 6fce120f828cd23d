package org.datadiet4j.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
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

    @Test
    void idsRunFromZeroToOneBelowTheSizeAndBlankLinesAreSkipped() throws IOException {
        Path file = Files.writeString(dir.resolve("keep.csv"), "# examples=5\nid\n4\n\n0\n");
        assertThat(KeepSet.read(file, 5)).containsExactly(0, 4);
        Path negative = Files.writeString(dir.resolve("negative.csv"), "id\n-1\n");
        assertThatThrownBy(() -> KeepSet.read(negative, 5)).isInstanceOf(InvalidInputException.class)
                .hasMessage(negative + " line 2: id -1 is outside [0, 5): the keep-set was made for other data (check"
                        + " --data and --limit)");
        Path atSize = Files.writeString(dir.resolve("at-size.csv"), "id\n5\n");
        assertThatThrownBy(() -> KeepSet.read(atSize, 5)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 2: id 5 is outside [0, 5)");
    }

    @Test
    void withoutAHeaderTheFirstLineIsAnId() throws IOException {
        assertThat(KeepSet.read(Files.writeString(dir.resolve("bare.csv"), "9\n4\n"), 10)).containsExactly(4, 9);
        assertThat(KeepSet.read(Files.writeString(dir.resolve("sized.csv"), "# examples=10\n9\n4\n"), 10))
                .containsExactly(4, 9);
    }

    @Test
    void theHeaderAndTheSizeCommentAreOnlyRecognisedWhereTheyBelong() throws IOException {
        Path lateComment = Files.writeString(dir.resolve("late-comment.csv"), "id\n# examples=5\n3\n");
        assertThatThrownBy(() -> KeepSet.read(lateComment, 5)).isInstanceOf(InvalidInputException.class)
                .hasMessage(lateComment + " line 2: '# examples=5' is not an example id");
        Path lateHeader = Files.writeString(dir.resolve("late-header.csv"), "3\nid\n");
        assertThatThrownBy(() -> KeepSet.read(lateHeader, 5)).isInstanceOf(InvalidInputException.class)
                .hasMessage(lateHeader + " line 2: 'id' is not an example id");
        Path headerAfterData = Files.writeString(dir.resolve("header-after-data.csv"), "# examples=5\n3\nid\n");
        assertThatThrownBy(() -> KeepSet.read(headerAfterData, 5)).hasMessageContaining("line 3: 'id' is not an example id");
    }

    @Test
    void refusesRepeatedIdsEmptyFilesAndMissingFiles() throws IOException {
        Path twice = Files.writeString(dir.resolve("twice.csv"), "id\n3\n1\n3\n");
        assertThatThrownBy(() -> KeepSet.read(twice, 5)).isInstanceOf(InvalidInputException.class)
                .hasMessage(twice + " line 4: id 3 appears twice");
        Path empty = Files.writeString(dir.resolve("empty.csv"), "# examples=5\nid\n\n");
        assertThatThrownBy(() -> KeepSet.read(empty, 5)).isInstanceOf(InvalidInputException.class)
                .hasMessage("keep-set " + empty + " is empty: it must name at least one example");
        Path missing = dir.resolve("missing.csv");
        assertThatThrownBy(() -> KeepSet.read(missing, 5)).isInstanceOf(InvalidInputException.class)
                .hasMessage("keep-set file " + missing + " does not exist");
    }

    @Test
    void aKeepSetLargerThanTheFirstBufferReadsBackWhole() throws IOException {
        // every id of 70000 examples, written in descending order: more than the reader's first buffer of 2^16
        int size = 70_000;
        StringBuilder text = new StringBuilder("# examples=" + size + "\nid\n");
        for (int id = size - 1; id >= 0; id--) {
            text.append(id).append('\n');
        }
        Path file = Files.writeString(dir.resolve("large.csv"), text);
        assertThat(KeepSet.read(file, size)).isEqualTo(IntStream.range(0, size).toArray());
    }
}
