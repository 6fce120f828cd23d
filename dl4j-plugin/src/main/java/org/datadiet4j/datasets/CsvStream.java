package org.datadiet4j.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.IntPredicate;
import org.datadiet4j.data.SelectableRows;
import org.datadiet4j.io.InvalidInputException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A CSV file streamed in batches, never held: the same rows, cells and checks as {@link CsvReader}
 * (one label column, every other cell a finite number, a header row when a cell of the first row is
 * not a number), read again from disk at every {@code reset()}. Integers are converted without
 * {@code Float.parseFloat} (the same float: a long's conversion rounds to nearest), other numbers
 * through it. A row filter (by data-row index, 0..) keeps only some rows, e.g. the training side of a
 * split; rows it drops are skipped without parsing. Quoted cells are not supported; a cell with spaces
 * takes {@code Float.parseFloat}'s path, which trims them around a number and refuses them inside one.
 */
public final class CsvStream implements DataSetIterator, SelectableRows, AutoCloseable {

    private static final long serialVersionUID = 1L;

    private final Path file;
    private final int labelColumn;
    private final int classes;
    private final int batchSize;
    private final transient IntPredicate keepRow;
    private final int limit;
    private transient InputStream in;
    /** Bytes read ahead from {@code in} (an unsynchronised buffer: one byte at a time is the parser's inner loop). */
    private final byte[] bytes = new byte[1 << 16];
    private int byteCount;
    private int bytePosition;
    private transient DataSetPreProcessor preProcessor;
    private int columns = -1;
    private long line;
    private int row;
    private boolean ended;
    private final StringBuilder cell = new StringBuilder();
    private char[] chars = new char[32];
    private float[] buffer = new float[0];

    /**
     * @param labelColumn 0-based label column
     * @param classes     number of classes (labels are one-hot over them); 0 to only read {@link #labels()}
     * @param keepRow     which data rows (0-based) to return, or null for all
     * @param limit       at most this many rows per pass (of those the row filter lets through)
     */
    public CsvStream(Path file, int labelColumn, int classes, int batchSize, IntPredicate keepRow, int limit) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("CSV file " + file + " does not exist");
        }
        if (labelColumn < 0) {
            throw new InvalidInputException("--label-column must be >= 0, got " + labelColumn);
        }
        if (classes == 1 || classes < 0 || batchSize < 1 || limit < 1) {
            throw new IllegalArgumentException("need at least 2 classes, a batch size and a limit of at least 1, got "
                    + classes + ", " + batchSize + ", " + limit);
        }
        this.file = file;
        this.labelColumn = labelColumn;
        this.classes = classes;
        this.batchSize = batchSize;
        this.keepRow = keepRow;
        this.limit = limit;
        try {
            reset();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void reset() {
        try {
            if (in != null) {
                in.close();
            }
            in = Files.newInputStream(file);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
        byteCount = 0;
        bytePosition = 0;
        line = 0;
        row = 0;
        ended = false;
        pending = false;
        cell.setLength(0);
        candidates = 0;
        selected = selectedFromReset;
        nextSelected = 0;
        skipHeader();
    }

    /** Reads the first line's cells; a non-numeric cell makes it a header, else it is re-read as data. */
    private void skipHeader() {
        List<String> first = readCells();
        if (first == null) {
            throw new InvalidInputException(file + " has no data rows");
        }
        if (columns < 0) {
            columns = first.size();
            if (labelColumn >= columns) {
                throw new InvalidInputException("label column " + labelColumn + " is out of range: " + file + " has "
                        + columns + " columns (0.." + (columns - 1) + "); set --label-column");
            }
            if (columns < 2) {
                throw new InvalidInputException(file + " has a single column: it needs a label column and at least"
                        + " one feature column");
            }
        }
        if (first.stream().allMatch(CsvReader::isNumber)) {
            reopenAtStart();
        }
    }

    private void reopenAtStart() {
        try {
            in.close();
            in = Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException("reopening " + file + " failed", e);
        }
        byteCount = 0;
        bytePosition = 0;
        line = 0;
    }

    /** The cells of the next non-empty line as strings, or null at the end (header detection only). */
    private List<String> readCells() {
        java.util.ArrayList<String> cells = new java.util.ArrayList<>();
        int c;
        try {
            while ((c = read()) >= 0) {
                if (c == '\n') {
                    line++;
                    if (cells.isEmpty() && cell.toString().isBlank()) {
                        cell.setLength(0);
                        continue;
                    }
                    cells.add(cell.toString().strip());
                    cell.setLength(0);
                    return cells;
                } else if (c == ',') {
                    cells.add(cell.toString().strip());
                    cell.setLength(0);
                } else if (c != '\r') {
                    cell.append((char) c);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + " failed", e);
        }
        if (cell.length() > 0 || !cells.isEmpty()) {
            line++;
            cells.add(cell.toString().strip());
            cell.setLength(0);
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

    @Override
    public boolean hasNext() {
        return !ended && peekRow();
    }

    private int pendingLabel = -1;
    private boolean pending;
    /** Rows of this pass that passed the row filter so far (the limit counts them). */
    private int candidates;
    private transient int[] selectedFromReset;
    private transient int[] selected;
    private int nextSelected;

    /**
     * From the next reset on, returns only these of the rows it would return (positions 0.. among the rows
     * the row filter and the limit let through, ascending); the others are skipped unparsed. The array is
     * used as it is (not copied: a pruned pass of millions of rows would hold it twice), so do not modify it.
     */
    @Override
    public void selectRows(int[] positions) {
        this.selectedFromReset = positions;
    }

    /** Parses the next kept row into the pending slot of the buffer; false at the end of the file. */
    private boolean peekRow() {
        if (pending) {
            return true;
        }
        int width = columns - 1;
        try {
            while (true) {
                int first = read();
                while (first == '\n' || first == '\r') {
                    if (first == '\n') {
                        line++;
                    }
                    first = read();
                }
                if (first < 0) {
                    ended = true;
                    return false;
                }
                line++;
                boolean keep = keepRow == null || keepRow.test(row);
                row++;
                if (!keep) {
                    skipLine(first);
                    continue;
                }
                if (candidates == limit) {
                    ended = true;
                    return false;
                }
                int position = candidates++;
                if (selected != null) {
                    if (nextSelected == selected.length) {
                        ended = true;
                        return false;
                    }
                    if (selected[nextSelected] != position) {
                        // left out by the selection: skipped without parsing
                        skipLine(first);
                        continue;
                    }
                    nextSelected++;
                }
                if (buffer.length < width) {
                    buffer = new float[width];
                }
                pendingLabel = parseRow(first, buffer, 0);
                pending = true;
                return true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + " failed", e);
        }
    }

    private void skipLine(int first) throws IOException {
        int c = first;
        while (c >= 0 && c != '\n') {
            c = read();
        }
    }

    /** Parses one row whose first byte is {@code first} into {@code out} from {@code offset}; returns its label. */
    private int parseRow(int first, float[] out, int offset) throws IOException {
        int column = 0;
        int label = -1;
        int at = offset;
        int c = first;
        while (true) {
            int length = 0;
            long integer = 0;
            boolean plain = true;
            boolean negative = false;
            int digits = 0;
            while (c >= 0 && c != ',' && c != '\n') {
                if (c == ' ' || c == '\t') {
                    // spaces around a number are Float.parseFloat's to trim, inside one its to refuse
                    plain = false;
                }
                if (c != '\r') {
                    if (c == '"') {
                        throw new InvalidInputException(file + " line " + line + ": quoted cells are not supported");
                    }
                    if (length == chars.length) {
                        chars = Arrays.copyOf(chars, 2 * length);
                    }
                    chars[length++] = (char) c;
                    if (c >= '0' && c <= '9' && digits < 18) {
                        integer = integer * 10 + (c - '0');
                        digits++;
                    } else if (c == '-' && length == 1) {
                        negative = true;
                    } else {
                        plain = false;
                    }
                }
                c = read();
            }
            if (column >= columns) {
                throw new InvalidInputException(file + " line " + line + ": more cells than the " + columns
                        + " of the first row");
            }
            boolean integral = plain && digits > 0;
            if (column == labelColumn) {
                label = integral && !negative && integer <= Integer.MAX_VALUE && (classes == 0 || integer < classes)
                        ? (int) integer : CsvReader.label(new String(chars, 0, length), file, line, column, classes);
            } else {
                out[at++] = integral ? (negative ? -(float) integer : (float) integer)
                        : CsvReader.number(new String(chars, 0, length), file, line, column);
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

    /** The labels of the rest of this pass's rows (all of them right after a reset), without building batches. */
    public int[] labels() {
        int[] labels = new int[1024];
        int count = 0;
        while (hasNext()) {
            if (count == labels.length) {
                labels = Arrays.copyOf(labels, 2 * count);
            }
            labels[count++] = pendingLabel;
            pending = false;
        }
        return Arrays.copyOf(labels, count);
    }

    @Override
    public DataSet next() {
        if (classes == 0) {
            throw new IllegalStateException("a CsvStream built without the number of classes only reads labels");
        }
        if (!hasNext()) {
            throw new NoSuchElementException("the CSV pass is exhausted: call reset()");
        }
        int width = columns - 1;
        float[] features = new float[batchSize * width];
        int[] labels = new int[batchSize];
        int rows = 0;
        while (rows < batchSize && hasNext()) {
            System.arraycopy(buffer, 0, features, rows * width, width);
            labels[rows++] = pendingLabel;
            pending = false;
        }
        INDArray x = Nd4j.create(rows == batchSize ? features : Arrays.copyOf(features, rows * width),
                new long[] {rows, width}, DataType.FLOAT);
        INDArray y = Nd4j.zeros(DataType.FLOAT, rows, classes);
        for (int r = 0; r < rows; r++) {
            y.putScalar(r, labels[r], 1f);
        }
        DataSet batch = new DataSet(x, y);
        if (preProcessor != null) {
            preProcessor.preProcess(batch);
        }
        return batch;
    }

    /** Closes the file; a later {@code reset()} opens it again. */
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

    @Override
    public DataSet next(int num) {
        throw new UnsupportedOperationException("batches have a fixed size (" + batchSize + ")");
    }

    @Override
    public int inputColumns() {
        return columns - 1;
    }

    @Override
    public int totalOutcomes() {
        return classes;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }
}
