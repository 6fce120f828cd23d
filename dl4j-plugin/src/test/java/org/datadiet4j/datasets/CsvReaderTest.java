package org.datadiet4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.datadiet4j.io.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {

    @TempDir
    Path dir;

    private Path csv(String text) throws IOException {
        Path file = dir.resolve("data.csv");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void readsRowsWithAHeaderAndTheLabelInAnyColumn() throws IOException {
        Path file = csv("f1,label,f2\n0.5,2,-1\n1e-3, 0 ,4\n\n7,1.0,8\n");

        CsvReader.Rows rows = CsvReader.read(file, 1, 0, Integer.MAX_VALUE);

        assertThat(rows.count()).isEqualTo(3);
        assertThat(rows.width()).isEqualTo(2);
        assertThat(rows.labels()).containsExactly(2, 0, 1);
        assertThat(rows.features()).containsExactly(0.5f, -1f, 0.001f, 4f, 7f, 8f);
    }

    @Test
    void withoutAHeaderTheFirstRowIsData() throws IOException {
        CsvReader.Rows rows = CsvReader.read(csv("3,1,2\n4,5,6\n"), 0, 0, Integer.MAX_VALUE);
        assertThat(rows.labels()).containsExactly(3, 4);
        assertThat(rows.features()).containsExactly(1f, 2f, 5f, 6f);
    }

    @Test
    void limitReadsTheFirstRows() throws IOException {
        CsvReader.Rows rows = CsvReader.read(csv("label,x\n0,1\n1,2\n0,3\n"), 0, 0, 2);
        assertThat(rows.count()).isEqualTo(2);
        assertThat(rows.features()).containsExactly(1f, 2f);
    }

    @Test
    void namesTheFileLineAndColumnOfANonNumericCell() throws IOException {
        Path file = csv("label,x,y\n0,1,2\n1,2,oops\n");
        assertThatThrownBy(() -> CsvReader.read(file, 0, 0, 100))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(file + " line 3, column 2: 'oops' is not a finite number");
    }

    @Test
    void rejectsALabelColumnOutsideTheFile() throws IOException {
        Path file = csv("0,1,2\n");
        assertThatThrownBy(() -> CsvReader.read(file, 3, 0, 100))
                .hasMessage("label column 3 is out of range: " + file + " has 3 columns (0..2); set --label-column");
    }

    @Test
    void rejectsLabelsThatAreNotClassIndicesOrAreOutOfRange() throws IOException {
        Path fractional = csv("0,1\n1.5,2\n");
        assertThatThrownBy(() -> CsvReader.read(fractional, 0, 0, 100))
                .hasMessageContaining("line 2, column 0: label '1.5' is not a class index");
        Path tooLarge = csv("0,1\n1,2\n10,3\n");
        assertThatThrownBy(() -> CsvReader.read(tooLarge, 0, 10, 100))
                .hasMessageContaining("line 3, column 0: label 10 is out of range [0, 10)");
        Path negative = csv("-1,1\n");
        assertThatThrownBy(() -> CsvReader.read(negative, 0, 0, 100)).hasMessageContaining("label '-1'");
    }

    @Test
    void rejectsRaggedRowsAndEmptyFiles() throws IOException {
        Path ragged = csv("0,1,2\n1,2\n");
        assertThatThrownBy(() -> CsvReader.read(ragged, 0, 0, 100)).hasMessageContaining("line 2: 2 cells, but the first row has 3");
        Path headerOnly = csv("label,x\n");
        assertThatThrownBy(() -> CsvReader.read(headerOnly, 0, 0, 100)).hasMessageContaining("has no data rows");
        assertThatThrownBy(() -> CsvReader.read(dir.resolve("none.csv"), 0, 0, 100)).hasMessageContaining("does not exist");
    }

    @Test
    void aTestFileMustHaveAsManyColumnsAsTheTrainingData() throws IOException {
        Path file = csv("0,1,2\n1,3,4\n");
        assertThat(CsvReader.read(file, 0, 0, 100, 3).count()).isEqualTo(2);
        assertThat(CsvReader.read(file, 0, 0, 100, 0).count()).isEqualTo(2);
        assertThatThrownBy(() -> CsvReader.read(file, 0, 0, 100, 4)).isInstanceOf(InvalidInputException.class)
                .hasMessage(file + " has 3 columns but the training data has 4: give a test file with the same columns");
    }

    @Test
    void refusesANegativeLabelColumnAndAFileOfOneColumn() throws IOException {
        Path file = csv("0\n1\n");
        assertThatThrownBy(() -> CsvReader.read(file, -1, 0, 100)).isInstanceOf(InvalidInputException.class)
                .hasMessage("--label-column must be >= 0, got -1");
        assertThatThrownBy(() -> CsvReader.read(file, 0, 0, 100)).isInstanceOf(InvalidInputException.class)
                .hasMessage(file + " has a single column: it needs a label column and at least one feature column");
    }

    @Test
    void featuresMustBeFiniteAndLabelsFitAnInt() throws IOException {
        Path infinite = csv("0,1\n1,Infinity\n");
        assertThatThrownBy(() -> CsvReader.read(infinite, 0, 0, 100))
                .hasMessage(infinite + " line 2, column 1: 'Infinity' is not a finite number");
        Path notANumber = csv("0,1\n1,NaN\n");
        assertThatThrownBy(() -> CsvReader.read(notANumber, 0, 0, 100)).hasMessageContaining("'NaN' is not a finite number");
        assertThat(CsvReader.read(csv("2147483647,1\n"), 0, 0, 100).labels()).containsExactly(Integer.MAX_VALUE);
        Path tooLarge = csv("2147483648,1\n");
        assertThatThrownBy(() -> CsvReader.read(tooLarge, 0, 0, 100))
                .hasMessageContaining("line 1, column 0: label '2147483648' is not a class index");
    }

    @Test
    void readsFilesLargerThanTheFirstBuffer() throws IOException {
        // 3000 rows of 3 features: row r holds label r % 4 and features r, r + 0.5, −r
        StringBuilder text = new StringBuilder("x,label,y,z\n");
        for (int r = 0; r < 3000; r++) {
            text.append(r).append(',').append(r % 4).append(',').append(r + 0.5).append(',').append(-r).append('\n');
        }
        CsvReader.Rows rows = CsvReader.read(csv(text.toString()), 1, 4, Integer.MAX_VALUE);
        assertThat(rows.count()).isEqualTo(3000);
        assertThat(rows.features()).hasSize(9000);
        for (int r = 0; r < 3000; r++) {
            assertThat(rows.labels()[r]).isEqualTo(r % 4);
            assertThat(rows.features()[3 * r]).isEqualTo(r);
            assertThat(rows.features()[3 * r + 1]).isEqualTo(r + 0.5f);
            assertThat(rows.features()[3 * r + 2]).isEqualTo(-r);
        }
    }
}
