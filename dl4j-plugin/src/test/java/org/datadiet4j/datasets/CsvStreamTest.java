package org.datadiet4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.datadiet4j.io.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/** The streamed CSV gives, batch by batch, exactly the floats and labels the in-memory reader gives. */
class CsvStreamTest {

    @TempDir
    Path dir;

    private Path csv(String text) throws IOException {
        Path file = dir.resolve("data.csv");
        Files.writeString(file, text);
        return file;
    }

    /** Every row of every pass, as features then label, in order. */
    private static List<float[]> rows(CsvStream stream) {
        List<float[]> rows = new ArrayList<>();
        while (stream.hasNext()) {
            DataSet batch = stream.next();
            float[][] x = batch.getFeatures().toFloatMatrix();
            for (int r = 0; r < x.length; r++) {
                float[] row = java.util.Arrays.copyOf(x[r], x[r].length + 1);
                row[x[r].length] = batch.getLabels().getRow(r).argMax().getInt(0);
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void givesTheInMemoryReadersFloatsBitForBit() throws IOException {
        StringBuilder text = new StringBuilder("a,b,label,c\r\n");
        Random random = new Random(3);
        for (int i = 0; i < 103; i++) {
            text.append(random.nextInt(511) - 255).append(", ").append(random.nextGaussian() * 1e3).append(',')
                    .append(i % 4).append(',').append(i % 7 == 0 ? "-0" : i % 5 == 0 ? "1e-3" : "12.5").append("\r\n");
            if (i % 17 == 0) {
                text.append("\r\n");
            }
        }
        Path file = csv(text.toString());
        CsvReader.Rows expected = CsvReader.read(file, 2, 4, Integer.MAX_VALUE);

        CsvStream stream = new CsvStream(file, 2, 4, 10, null, Integer.MAX_VALUE);
        for (int pass = 0; pass < 2; pass++) {
            List<float[]> rows = rows(stream);
            assertThat(rows).hasSize(expected.count());
            for (int i = 0; i < rows.size(); i++) {
                for (int j = 0; j < 3; j++) {
                    assertThat(Float.floatToRawIntBits(rows.get(i)[j]))
                            .isEqualTo(Float.floatToRawIntBits(expected.features()[i * 3 + j]));
                }
                assertThat((int) rows.get(i)[3]).isEqualTo(expected.labels()[i]);
            }
            stream.reset();
        }
    }

    @Test
    void aRowFilterAndALimitKeepTheChosenRowsInFileOrder() throws IOException {
        Path file = csv("0,0\n1,1\n2,0\n3,1\n4,0\n5,1\n6,0\n");
        CsvStream stream = new CsvStream(file, 1, 2, 2, row -> row % 2 == 0, 3);

        List<float[]> rows = rows(stream);

        assertThat(rows).extracting(r -> r[0]).containsExactly(0f, 2f, 4f);
    }

    @Test
    void badRowsNameTheirLine() throws IOException {
        CsvStream wrongCount = new CsvStream(csv("1,0\n2,1\n3\n"), 1, 2, 8, null, 100);
        assertThatThrownBy(() -> rows(wrongCount)).isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith("line 3: 1 cells, but the first row has 2");
        CsvStream notANumber = new CsvStream(csv("1,0\nx,1\n"), 1, 2, 8, null, 100);
        assertThatThrownBy(() -> rows(notANumber)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 2, column 0: 'x' is not a finite number");
        CsvStream badLabel = new CsvStream(csv("1,0\n2,5\n"), 1, 2, 8, null, 100);
        assertThatThrownBy(() -> rows(badLabel)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("label 5 is out of range [0, 2)");
    }

    @Test
    void spacesAroundANumberAreTrimmedAndInsideOneRefusedLikeTheInMemoryReader() throws IOException {
        Path file = csv(" 7 , 1\n1 2,0\n");
        CsvStream stream = new CsvStream(file, 1, 2, 1, null, 100);
        assertThat(stream.next().getFeatures().getFloat(0, 0)).isEqualTo(7f);
        assertThatThrownBy(stream::next).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 2, column 0: '1 2' is not a finite number");
        assertThatThrownBy(() -> CsvReader.read(file, 1, 2, 100)).hasMessageContaining("'1 2' is not a finite number");
    }

    @Test
    void aResetAfterLookingAheadStartsAtTheFirstRow() throws IOException {
        CsvStream stream = new CsvStream(csv("1,0\n2,1\n3,0\n4,1\n5,0\n"), 1, 2, 2, null, Integer.MAX_VALUE);
        stream.next();
        stream.next();
        assertThat(stream.hasNext()).isTrue();
        stream.reset();

        assertThat(rows(stream)).extracting(r -> r[0]).containsExactly(1f, 2f, 3f, 4f, 5f);
    }

    @Test
    void aSelectionFromTheNextResetOnReturnsOnlyThoseOfTheFilteredRows() throws IOException {
        Path file = csv("0,0\n1,1\n2,0\n3,1\n4,0\n5,1\n6,0\n7,1\n8,0\n");
        // the filter lets the even rows through (0, 2, 4, 6, 8), the limit the first four of them
        CsvStream stream = new CsvStream(file, 1, 2, 2, row -> row % 2 == 0, 4);
        stream.selectRows(new int[] {1, 3});
        assertThat(rows(stream)).extracting(r -> r[0]).containsExactly(0f, 2f, 4f, 6f);

        stream.reset();
        assertThat(rows(stream)).extracting(r -> r[0]).containsExactly(2f, 6f);
        stream.selectRows(null);
        stream.reset();
        assertThat(rows(stream)).extracting(r -> r[0]).containsExactly(0f, 2f, 4f, 6f);
    }
}
