package org.datadiet4j.scores;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.datadiet4j.resume.Resumable;

/**
 * The per-example scores of one data set: named {@link ScoreColumn}s of primitive arrays indexed
 * by example id (0..N-1), each averaged over the runs recorded into it. Share one store between the
 * listeners of R independent training runs to get the mean and spread over runs. Its columns save
 * with a checkpoint ({@link Resumable}).
 */
public final class ScoreStore implements Resumable {

    private final int size;
    private final Map<String, ScoreColumn> columns = new LinkedHashMap<>();

    public ScoreStore(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a score store needs at least one example, got " + size);
        }
        this.size = size;
    }

    /** Number of examples. */
    public int size() {
        return size;
    }

    /** Records one run's scores for every example into {@code column} (created on first use). */
    public void record(String column, float[] values) {
        ScoreColumn target;
        synchronized (columns) {
            target = columns.computeIfAbsent(column, name -> new ScoreColumn(name, size));
        }
        target.addRun(values);
    }

    /** The column with this name. */
    public ScoreColumn column(String name) {
        synchronized (columns) {
            ScoreColumn column = columns.get(name);
            if (column == null) {
                throw new IllegalArgumentException("no score column '" + name + "'; columns: " + columns.keySet());
            }
            return column;
        }
    }

    public boolean has(String name) {
        synchronized (columns) {
            return columns.containsKey(name);
        }
    }

    /** All columns, in the order they were first recorded. */
    public List<ScoreColumn> columns() {
        synchronized (columns) {
            return new ArrayList<>(columns.values());
        }
    }

    @Override
    public String stateKey() {
        return "scores(n=" + size + ")";
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        List<ScoreColumn> all = columns();
        out.writeInt(all.size());
        for (ScoreColumn column : all) {
            out.writeUTF(column.name());
            column.writeState(out);
        }
    }

    @Override
    public void readState(DataInput in) throws IOException {
        int count = in.readInt();
        Map<String, ScoreColumn> saved = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            ScoreColumn column = new ScoreColumn(in.readUTF(), size);
            column.readState(in);
            saved.put(column.name(), column);
        }
        synchronized (columns) {
            columns.clear();
            columns.putAll(saved);
        }
    }
}
