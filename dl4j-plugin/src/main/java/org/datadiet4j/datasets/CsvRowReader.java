package org.datadiet4j.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.datadiet4j.io.InvalidInputException;

/**
 * The rows of a CSV file, read from disk byte by byte: the row shape (the first row's number of cells,
 * a header when a cell of it is not a number, the label column inside it) and, row after row, either
 * parsed into floats and a label or skipped unparsed. Blank lines are skipped; every error names the
 * file and line.
 */
final class CsvRowReader implements AutoCloseable {

    private final Path file;
    private final int labelColumn;
    private final int classes;
    private InputStream in;
    /** Bytes read ahead from {@code in} (an unsynchronised buffer: one byte at a time is the parser's inner loop). */
    private final byte[] bytes = new byte[1 << 16];
    private int byteCount;
    private int bytePosition;
    private int columns = -1;
    private long line;
    /** The first byte of the row {@link #nextRow()} moved to. */
    private int first;
    private final CsvCell cell = new CsvCell();

    /**
     * @param labelColumn 0-based label column
     * @param classes     labels must be below it, or 0 for no bound
     */
    CsvRowReader(Path file, int labelColumn, int classes) {
        this.file = file;
        this.labelColumn = labelColumn;
        this.classes = classes;
    }

    /** Cells per row: the first row's. */
    int columns() {
        return columns;
    }

    /** Goes back to the first data row (the first time, learning the row shape from the first row). */
    void rewind() {
        try {
            open();
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<String> firstRow = readCells();
        if (firstRow == null) {
            throw new InvalidInputException(file + " has no data rows");
        }
        if (columns < 0) {
            columns = firstRow.size();
            if (labelColumn >= columns) {
                throw new InvalidInputException("label column " + labelColumn + " is out of range: " + file + " has "
                        + columns + " columns (0.." + (columns - 1) + "); set --label-column");
            }
            if (columns < 2) {
                throw new InvalidInputException(file + " has a single column: it needs a label column and at least"
                        + " one feature column");
            }
        }
        if (firstRow.stream().allMatch(CsvReader::isNumber)) {
            try {
                open();
            } catch (IOException e) {
                throw new UncheckedIOException("reopening " + file + " failed", e);
            }
        }
    }

    private void open() throws IOException {
        close();
        in = Files.newInputStream(file);
        byteCount = 0;
        bytePosition = 0;
        line = 0;
    }

    /** The cells of the next non-blank line as strings, or null at the end (header detection only). */
    private List<String> readCells() {
        List<String> cells = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int c;
        try {
            while ((c = read()) >= 0) {
                if (c == '\n') {
                    line++;
                    if (cells.isEmpty() && text.toString().isBlank()) {
                        text.setLength(0);
                        continue;
                    }
                    cells.add(text.toString().strip());
                    return cells;
                } else if (c == ',') {
                    cells.add(text.toString().strip());
                    text.setLength(0);
                } else if (c != '\r') {
                    text.append((char) c);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + " failed", e);
        }
        if (text.length() > 0 || !cells.isEmpty()) {
            line++;
            cells.add(text.toString().strip());
            return cells;
        }
        return null;
    }

    /** The next byte of the file, or -1 at its end. */
    private int read() throws IOException {
        if (bytePosition == byteCount) {
            byteCount = in.read(bytes, 0, bytes.length);
            bytePosition = 0;
            if (byteCount <= 0) {
                byteCount = 0;
                return -1;
            }
        }
        return bytes[bytePosition++] & 0xFF;
    }

    /** Moves to the next row, past blank lines; false at the end of the file. */
    boolean nextRow() {
        try {
            first = read();
            while (first == '\n' || first == '\r') {
                if (first == '\n') {
                    line++;
                }
                first = read();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + " failed", e);
        }
        if (first < 0) {
            return false;
        }
        line++;
        return true;
    }

    /** Passes over the row {@link #nextRow()} moved to without parsing it. */
    void skipRow() {
        try {
            int c = first;
            while (c >= 0 && c != '\n') {
                c = read();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + " failed", e);
        }
    }

    /** Parses the row {@link #nextRow()} moved to: its features into {@code out} from 0, in column order; returns its label. */
    int parseRow(float[] out) {
        try {
            return parseRow(out, first);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + " failed", e);
        }
    }

    private int parseRow(float[] out, int c) throws IOException {
        int column = 0;
        int label = -1;
        int at = 0;
        while (true) {
            cell.clear();
            while (c >= 0 && c != ',' && c != '\n') {
                if (c == '"') {
                    throw new InvalidInputException(file + " line " + line + ": quoted cells are not supported");
                }
                if (c != '\r') {
                    cell.append((char) c);
                }
                c = read();
            }
            if (column >= columns) {
                throw new InvalidInputException(file + " line " + line + ": more cells than the " + columns
                        + " of the first row");
            }
            if (column == labelColumn) {
                label = cell.label(file, line, column, classes);
            } else {
                out[at++] = cell.number(file, line, column);
            }
            column++;
            if (c != ',') {
                break;
            }
            c = read();
        }
        if (column != columns) {
            throw new InvalidInputException(file + " line " + line + ": " + column + " cells, but the first row has "
                    + columns);
        }
        return label;
    }

    /** Closes the file; {@link #rewind()} opens it again. */
    @Override
    public void close() {
        try {
            if (in != null) {
                in.close();
                in = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("closing " + file + " failed", e);
        }
    }
}
