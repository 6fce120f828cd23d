package org.datadiet4j.datasets;

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
 * not a number), read again from disk at every {@code reset()} ({@link CsvRowReader}; plain integers are
 * converted without {@code Float.parseFloat}, to the same float, {@link CsvCell}). A row filter (by
 * data-row index, 0..) keeps only some rows, e.g. the training side of a split, and a limit caps them;
 * a selection ({@link #selectRows}) keeps some of those. Rows they drop are skipped without parsing.
 * Quoted cells are not supported; a cell with spaces takes {@code Float.parseFloat}'s path, which trims
 * them around a number and refuses them inside one.
 */
public final class CsvStream implements DataSetIterator, SelectableRows, AutoCloseable {

    private static final long serialVersionUID = 1L;

    private final int classes;
    private final int batchSize;
    private final transient IntPredicate keepRow;
    private final int limit;
    private final transient CsvRowReader reader;
    private transient DataSetPreProcessor preProcessor;
    /** Data rows of this pass met so far, kept or not (the row filter's index). */
    private int row;
    /** Rows of this pass that passed the row filter so far (the limit counts them). */
    private int candidates;
    private transient int[] selectedFromReset;
    private transient int[] selected;
    private int nextSelected;
    private boolean ended;
    /** Whether {@link #buffer} and {@link #pendingLabel} hold a parsed row not yet handed out. */
    private boolean pending;
    private int pendingLabel = -1;
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
        this.classes = classes;
        this.batchSize = batchSize;
        this.keepRow = keepRow;
        this.limit = limit;
        this.reader = new CsvRowReader(file, labelColumn, classes);
        try {
            reset();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void reset() {
        reader.rewind();
        row = 0;
        candidates = 0;
        selected = selectedFromReset;
        nextSelected = 0;
        ended = false;
        pending = false;
    }

    @Override
    public boolean hasNext() {
        return !ended && peekRow();
    }

    /**
     * From the next reset on, returns only these of the rows it would return (positions 0.. among the rows
     * the row filter and the limit let through, ascending); the others are skipped unparsed. The array is
     * used as it is (not copied: a pruned pass of millions of rows would hold it twice), so do not modify it.
     */
    @Override
    public void selectRows(int[] positions) {
        this.selectedFromReset = positions;
    }

    /** Parses the next row to return into the pending slot; false at the end of the pass. */
    private boolean peekRow() {
        if (pending) {
            return true;
        }
        while (true) {
            if (!reader.nextRow()) {
                ended = true;
                return false;
            }
            boolean keep = keepRow == null || keepRow.test(row);
            row++;
            if (!keep) {
                reader.skipRow();
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
                    reader.skipRow();
                    continue;
                }
                nextSelected++;
            }
            int width = reader.columns() - 1;
            if (buffer.length < width) {
                buffer = new float[width];
            }
            pendingLabel = reader.parseRow(buffer);
            pending = true;
            return true;
        }
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
        int width = reader.columns() - 1;
        float[] features = new float[batchSize * width];
        int[] labels = new int[batchSize];
        int count = 0;
        while (count < batchSize && hasNext()) {
            System.arraycopy(buffer, 0, features, count * width, width);
            labels[count++] = pendingLabel;
            pending = false;
        }
        INDArray x = Nd4j.create(count == batchSize ? features : Arrays.copyOf(features, count * width),
                new long[] {count, width}, DataType.FLOAT);
        INDArray y = Nd4j.zeros(DataType.FLOAT, count, classes);
        for (int r = 0; r < count; r++) {
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
        reader.close();
    }

    @Override
    public DataSet next(int num) {
        throw new UnsupportedOperationException("batches have a fixed size (" + batchSize + ")");
    }

    @Override
    public int inputColumns() {
        return reader.columns() - 1;
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
