package org.datadiet4j.datasets;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.datadiet4j.io.InvalidInputException;

/**
 * Reads a CSV file with one example per row: one column holds the class index (an integer
 * {@code >= 0}), every other column a numeric feature, used as it is (no scaling). The first row is
 * taken as a header when any of its cells is not a number. Example id = row position among the data
 * rows, 0..N-1.
 */
public final class CsvReader {

    private CsvReader() {
    }

    /** Rows read: features {@code [count, width]} row-major, and class indices. */
    public record Rows(int count, int width, float[] features, int[] labels) {
    }

    /**
     * Reads the first {@code limit} data rows of {@code file}.
     *
     * @param labelColumn 0-based index of the label column
     * @param classes     number of classes (labels must be below it), or 0 for no bound
     */
    public static Rows read(Path file, int labelColumn, int classes, int limit) {
        return read(file, labelColumn, classes, limit, 0);
    }

    /**
     * As {@link #read(Path, int, int, int)}, for a file that must have the same columns as the training data,
     * {@code trainingColumns} of them (0: any number).
     */
    public static Rows read(Path file, int labelColumn, int classes, int limit, int trainingColumns) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("CSV file " + file + " does not exist");
        }
        if (labelColumn < 0) {
            throw new InvalidInputException("--label-column must be >= 0, got " + labelColumn);
        }
        CSVFormat format = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).get();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(reader, format)) {
            int columns = -1;
            int count = 0;
            float[] features = new float[0];
            int[] labels = new int[0];
            for (CSVRecord record : parser) {
                long line = parser.getCurrentLineNumber();
                if (columns < 0) {
                    columns = record.size();
                    if (trainingColumns > 0 && columns != trainingColumns) {
                        throw new InvalidInputException(file + " has " + columns + " columns but the training data has "
                                + trainingColumns + ": give a test file with the same columns");
                    }
                    if (labelColumn >= columns) {
                        throw new InvalidInputException("label column " + labelColumn + " is out of range: " + file
                                + " has " + columns + " columns (0.." + (columns - 1) + "); set --label-column");
                    }
                    if (columns < 2) {
                        throw new InvalidInputException(file + " has a single column: it needs a label column and"
                                + " at least one feature column");
                    }
                    if (isHeader(record)) {
                        continue;
                    }
                }
                if (count == limit) {
                    break;
                }
                if (record.size() != columns) {
                    throw new InvalidInputException(file + " line " + line + ": " + record.size()
                            + " cells, but the first row has " + columns);
                }
                int width = columns - 1;
                if ((long) (count + 1) * width > Integer.MAX_VALUE - 8) {
                    throw new InvalidInputException(file + " is too large to hold in memory: use --limit");
                }
                if (features.length < (count + 1) * width) {
                    int capacity = Math.max(1024, count * 2);
                    features = Arrays.copyOf(features, (int) Math.min((long) capacity * width, Integer.MAX_VALUE - 8));
                    labels = Arrays.copyOf(labels, capacity);
                }
                int offset = count * width;
                for (int c = 0; c < columns; c++) {
                    String cell = record.get(c);
                    if (c == labelColumn) {
                        labels[count] = label(cell, file, line, c, classes);
                    } else {
                        features[offset++] = number(cell, file, line, c);
                    }
                }
                count++;
            }
            if (count == 0) {
                throw new InvalidInputException(file + " has no data rows");
            }
            int width = columns - 1;
            return new Rows(count, width, Arrays.copyOf(features, count * width), Arrays.copyOf(labels, count));
        } catch (IOException | IllegalStateException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean isHeader(CSVRecord first) {
        for (String cell : first) {
            if (!isNumber(cell)) {
                return true;
            }
        }
        return false;
    }

    static boolean isNumber(String cell) {
        try {
            Double.parseDouble(cell);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static float number(String cell, Path file, long line, int column) {
        try {
            float value = Float.parseFloat(cell);
            if (!Float.isFinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(file + " line " + line + ", column " + column + ": '" + cell
                    + "' is not a finite number");
        }
    }

    static int label(String cell, Path file, long line, int column, int classes) {
        double value;
        try {
            value = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (!(value >= 0) || value != Math.rint(value) || value > Integer.MAX_VALUE) {
            throw new InvalidInputException(file + " line " + line + ", column " + column + ": label '" + cell
                    + "' is not a class index (an integer >= 0); check --label-column");
        }
        if (classes > 0 && value >= classes) {
            throw new InvalidInputException(file + " line " + line + ", column " + column + ": label " + (int) value
                    + " is out of range [0, " + classes + "); fix the label or set --classes (or check"
                    + " --label-column)");
        }
        return (int) value;
    }
}
