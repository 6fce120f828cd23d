package org.datadiet4j.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.datadiet4j.io.AtomicFiles;
import org.datadiet4j.io.InvalidInputException;

/**
 * {@code results.csv}: one measured point per row, {@code noise,phase,score,keep,offset,seed,metric,value}.
 * The first seven columns identify the point; a re-run with the same output directory finds the
 * points already measured and skips them. Every added row rewrites the file atomically, so an
 * interrupted experiment keeps all points finished before the interruption.
 */
public final class ResultsFile {

    static final String HEADER = "noise,phase,score,keep,offset,seed,metric,value";

    /** One measured point. */
    public record Row(double noise, String phase, String score, double keep, double offset, int seed, String metric,
                      double value) {
        String key() {
            return String.format(Locale.ROOT, "%s,%s,%s,%s,%s,%d,%s", noise, phase, score, keep, offset, seed, metric);
        }

        String line() {
            return key() + "," + value;
        }
    }

    private final Path file;
    private final Map<String, Row> rows = new LinkedHashMap<>();

    private ResultsFile(Path file) {
        this.file = file;
    }

    /** Opens (and reads, if present) the results of an experiment directory. */
    public static ResultsFile open(Path file) {
        ResultsFile results = new ResultsFile(file);
        if (Files.isRegularFile(file)) {
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
                    throw new InvalidInputException(file + " is not a results file of this tool (first line must be '"
                            + HEADER + "'): choose another --out");
                }
                for (int i = 1; i < lines.size(); i++) {
                    String[] c = lines.get(i).split(",", -1);
                    if (c.length != 8) {
                        throw new InvalidInputException(file + " line " + (i + 1) + ": expected 8 cells, found " + c.length);
                    }
                    Row row = new Row(Double.parseDouble(c[0]), c[1], c[2], Double.parseDouble(c[3]),
                            Double.parseDouble(c[4]), Integer.parseInt(c[5]), c[6], Double.parseDouble(c[7]));
                    results.rows.put(row.key(), row);
                }
            } catch (IOException | NumberFormatException e) {
                throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return results;
    }

    /** True when this point was measured already. */
    public synchronized boolean has(double noise, String phase, String score, double keep, double offset, int seed,
                                    String metric) {
        return rows.containsKey(new Row(noise, phase, score, keep, offset, seed, metric, 0).key());
    }

    /** Adds a point and saves the file. */
    public synchronized void add(Row row) throws IOException {
        rows.put(row.key(), row);
        List<Row> snapshot = new ArrayList<>(rows.values());
        AtomicFiles.writeText(file, out -> {
            out.write(HEADER + "\n");
            for (Row r : snapshot) {
                out.write(r.line() + "\n");
            }
        });
    }

    public synchronized List<Row> rows() {
        return new ArrayList<>(rows.values());
    }
}
