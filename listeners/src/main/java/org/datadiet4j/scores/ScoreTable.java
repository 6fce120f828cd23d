package org.datadiet4j.scores;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.datadiet4j.io.AtomicFiles;

/**
 * The score table: a CSV file with header {@code id,label,<score columns>} and one row per example,
 * ids 0..N-1 in the order of the input data. A column averaged over two or more runs is followed
 * by {@code <name>_std}, its sample standard deviation over runs. Values are written in a decimal
 * form that reads back to the same float ({@code Float.toString}). Written atomically.
 *
 * @param labels class index per example id
 * @param columns score values per column name, by example id, in file order
 */
public record ScoreTable(int[] labels, Map<String, float[]> columns) {

    /** Largest class index a score table may hold. */
    static final int MAX_LABEL = 1 << 20;

    /** Writes {@code store} with the given labels (index = example id) to {@code file}; refuses a store with no column. */
    public static void write(Path file, int[] labels, ScoreStore store) throws IOException {
        if (labels.length != store.size()) {
            throw new IllegalArgumentException("store holds " + store.size() + " examples but " + labels.length
                    + " labels were given");
        }
        List<ScoreColumn> columns = store.columns();
        if (columns.isEmpty()) {
            throw new IllegalStateException("no score was recorded, so " + file + " would hold ids and labels only: the"
                    + " listeners' epochs (atEpochs) must be reached by fit(iterator, epochs); a listener asked for"
                    + " epoch 2 records nothing when training stops after epoch 1");
        }
        Map<String, float[]> values = new LinkedHashMap<>();
        for (ScoreColumn column : columns) {
            values.put(column.name(), column.means());
            if (column.runs() > 1) {
                float[] std = new float[labels.length];
                for (int id = 0; id < std.length; id++) {
                    std[id] = column.std(id);
                }
                values.put(column.name() + "_std", std);
            }
        }
        new ScoreTable(labels, values).write(file);
    }

    /** Writes this table to {@code file}, atomically: ids 0..N-1, the columns in map order. */
    public void write(Path file) throws IOException {
        List<float[]> values = new ArrayList<>(columns.values());
        for (Map.Entry<String, float[]> column : columns.entrySet()) {
            if (column.getValue().length != labels.length) {
                throw new IllegalArgumentException("column " + column.getKey() + " holds " + column.getValue().length
                        + " values but the table has " + labels.length + " examples");
            }
        }
        AtomicFiles.writeText(file, out -> {
            StringBuilder line = new StringBuilder("id,label");
            for (String name : columns.keySet()) {
                line.append(',').append(name);
            }
            out.write(line.append('\n').toString());
            for (int id = 0; id < labels.length; id++) {
                line.setLength(0);
                line.append(id).append(',').append(labels[id]);
                for (float[] column : values) {
                    line.append(',').append(column[id]);
                }
                out.write(line.append('\n').toString());
            }
        });
    }

    /** Reads a score table, checking that ids run 0..N-1 in order. */
    public static ScoreTable read(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null || !header.startsWith("id,label")) {
                throw new IOException(file + ": not a score table (the first line must start with 'id,label')");
            }
            String[] names = header.split(",", -1);
            List<float[]> rows = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            String row;
            int lineNumber = 1;
            while ((row = in.readLine()) != null) {
                lineNumber++;
                if (row.isEmpty()) {
                    continue;
                }
                String[] cells = row.split(",", -1);
                if (cells.length != names.length) {
                    throw new IOException(file + " line " + lineNumber + ": expected " + names.length
                            + " cells, found " + cells.length);
                }
                try {
                    int id = Integer.parseInt(cells[0]);
                    if (id != labels.size()) {
                        throw new IOException(file + " line " + lineNumber + ": expected id " + labels.size()
                                + ", found " + id + " (ids must run 0..N-1 in order)");
                    }
                    int label = Integer.parseInt(cells[1]);
                    if (label < 0 || label > MAX_LABEL) {
                        throw new IOException(file + " line " + lineNumber + ": label " + label
                                + " is not a class index in [0, " + MAX_LABEL + "]");
                    }
                    labels.add(label);
                    float[] values = new float[names.length - 2];
                    for (int c = 2; c < names.length; c++) {
                        values[c - 2] = Float.parseFloat(cells[c]);
                    }
                    rows.add(values);
                } catch (NumberFormatException e) {
                    throw new IOException(file + " line " + lineNumber + ": not a number (" + e.getMessage() + ")", e);
                }
            }
            int n = labels.size();
            int[] labelArray = labels.stream().mapToInt(Integer::intValue).toArray();
            Map<String, float[]> columns = new LinkedHashMap<>();
            for (int c = 2; c < names.length; c++) {
                float[] values = new float[n];
                for (int i = 0; i < n; i++) {
                    values[i] = rows.get(i)[c - 2];
                }
                columns.put(names[c], values);
            }
            return new ScoreTable(labelArray, columns);
        }
    }

    /** Number of examples. */
    public int size() {
        return labels.length;
    }

    /** The values of a column, by example id. */
    public float[] column(String name) {
        float[] values = columns.get(name);
        if (values == null) {
            throw new IllegalArgumentException("score column '" + name + "' is not in the table; columns: "
                    + columns.keySet());
        }
        return values;
    }
}
