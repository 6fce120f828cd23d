package org.datadiet4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.datadiet4j.io.InvalidInputException;

/**
 * The rows of the command line's CSV format, one line at a time, for a job that reads a file in pieces:
 * one example per row, one column holding the class index (an integer ≥ 0), every other column a numeric
 * feature used as it is; the first row is a header when any of its cells is not a number; empty lines are
 * skipped; example id = position among the data rows. Cells are split as {@code datadiet score} splits them
 * (commons-csv, surrounding spaces ignored), so both read the same examples with the same ids.
 */
final class CsvLines implements Serializable {

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true).get();

    private final String file;
    private final int labelColumn;
    private final int classes;
    private final int columns;

    /**
     * The format of {@code file} given its first non-empty line.
     *
     * @param classes labels must be below it, or 0 for no bound
     */
    CsvLines(String file, String firstLine, int labelColumn, int classes) {
        if (labelColumn < 0) {
            throw new InvalidInputException("--label-column must be >= 0, got " + labelColumn);
        }
        this.file = file;
        this.labelColumn = labelColumn;
        this.classes = classes;
        this.columns = cells(firstLine).size();
        if (labelColumn >= columns) {
            throw new InvalidInputException("label column " + labelColumn + " is out of range: " + file + " has "
                    + columns + " columns (0.." + (columns - 1) + "); set --label-column");
        }
        if (columns < 2) {
            throw new InvalidInputException(file + " has a single column: it needs a label column and at least one"
                    + " feature column");
        }
    }

    /** True when {@code firstLine} is a header: one of its cells is not a number. */
    static boolean isHeader(String firstLine) {
        return cells(firstLine).stream().anyMatch(cell -> !isNumber(cell));
    }

    /** Features per example. */
    int width() {
        return columns - 1;
    }

    /** Example {@code id} from its line, checked: as many cells as the first row, a class index, finite numbers. */
    ExampleRow parse(String line, long id) {
        List<String> cells = cells(line);
        String where = file + ", data row " + (id + 1);
        if (cells.size() != columns) {
            throw new InvalidInputException(where + ": " + cells.size() + " cells, but the first row has " + columns);
        }
        float[] features = new float[columns - 1];
        int label = -1;
        int next = 0;
        for (int c = 0; c < columns; c++) {
            String cell = cells.get(c);
            if (c == labelColumn) {
                label = label(cell, where, c);
            } else {
                features[next++] = number(cell, where, c);
            }
        }
        return new ExampleRow(Math.toIntExact(id), label, features);
    }

    private int label(String cell, String where, int column) {
        double value;
        try {
            value = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (!(value >= 0) || value != Math.rint(value) || value > Integer.MAX_VALUE) {
            throw new InvalidInputException(where + ", column " + column + ": label '" + cell
                    + "' is not a class index (an integer >= 0); check --label-column");
        }
        if (classes > 0 && value >= classes) {
            throw new InvalidInputException(where + ", column " + column + ": label " + (int) value
                    + " is out of range [0, " + classes + "); fix the label or set --classes (or check --label-column)");
        }
        return (int) value;
    }

    private static float number(String cell, String where, int column) {
        try {
            float value = Float.parseFloat(cell);
            if (Float.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with where it is
        }
        throw new InvalidInputException(where + ", column " + column + ": '" + cell + "' is not a finite number");
    }

    private static boolean isNumber(String cell) {
        try {
            Double.parseDouble(cell);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static List<String> cells(String line) {
        try (CSVParser parser = CSVParser.parse(line, FORMAT)) {
            List<CSVRecord> records = parser.getRecords();
            List<String> cells = new ArrayList<>();
            if (!records.isEmpty()) {
                records.get(0).forEach(cells::add);
            }
            return cells;
        } catch (IOException | UncheckedIOException e) {
            throw new InvalidInputException("cannot split the CSV line '" + abbreviate(line) + "': " + e.getMessage(), e);
        }
    }

    private static String abbreviate(String line) {
        return line.length() <= 60 ? line : line.substring(0, 57) + "...";
    }
}
