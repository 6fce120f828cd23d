package org.datadiet4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.datadiet4j.io.InvalidInputException;
import org.junit.jupiter.api.Test;

/** One CSV line at a time, by the command line's rules, with errors that name the file, row and column. */
class CsvLinesTest {

    @Test
    void aFirstRowWithACellThatIsNotANumberIsAHeader() {
        assertThat(CsvLines.isHeader("label,x1,x2")).isTrue();
        assertThat(CsvLines.isHeader("1, 0.5 ,2e-3")).isFalse();
    }

    @Test
    void theLabelColumnIsTakenOutAndTheRestAreFeaturesInOrder() {
        CsvLines lines = new CsvLines("f.csv", "a,b,c,d", 2, 0);
        ExampleRow row = lines.parse(" 0.5, \"-1.25\" ,3, 4e2", 7);
        assertThat(row.getId()).isEqualTo(7);
        assertThat(row.getLabel()).isEqualTo(3);
        assertThat(row.getFeatures()).containsExactly(0.5f, -1.25f, 400f);
        assertThat(lines.width()).isEqualTo(3);
    }

    @Test
    void badCellsAreNamedByFileRowAndColumn() {
        CsvLines lines = new CsvLines("f.csv", "a,b,c", 0, 3);
        assertThatThrownBy(() -> lines.parse("1,2", 4)).isInstanceOf(InvalidInputException.class)
                .hasMessage("f.csv, data row 5: 2 cells, but the first row has 3");
        assertThatThrownBy(() -> lines.parse("1.5,2,3", 0)).isInstanceOf(InvalidInputException.class)
                .hasMessage("f.csv, data row 1, column 0: label '1.5' is not a class index (an integer >= 0);"
                        + " check --label-column");
        assertThatThrownBy(() -> lines.parse("3,2,3", 0)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("label 3 is out of range [0, 3)");
        assertThatThrownBy(() -> lines.parse("1,NaN,3", 9)).isInstanceOf(InvalidInputException.class)
                .hasMessage("f.csv, data row 10, column 1: 'NaN' is not a finite number");
        assertThatThrownBy(() -> new CsvLines("f.csv", "a,b", 2, 0)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("label column 2 is out of range: f.csv has 2 columns (0..1)");
    }
}
