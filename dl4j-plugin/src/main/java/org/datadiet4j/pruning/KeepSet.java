package org.datadiet4j.pruning;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.datadiet4j.io.AtomicFiles;
import org.datadiet4j.io.InvalidInputException;

/** A keep-set file: header {@code id}, then one kept example id per line, ascending. Written atomically. */
public final class KeepSet {

    private KeepSet() {
    }

    public static void write(Path file, int[] ids) throws IOException {
        int[] sorted = ids.clone();
        Arrays.sort(sorted);
        AtomicFiles.writeText(file, out -> {
            out.write("id\n");
            for (int id : sorted) {
                out.write(Integer.toString(id));
                out.write('\n');
            }
        });
    }

    /** Reads a keep-set for a data set of {@code size} examples: ids distinct, in [0, size), at least one. */
    public static int[] read(Path file, int size) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("keep-set file " + file + " does not exist");
        }
        int[] ids = new int[Math.min(size, 1 << 16)];
        int count = 0;
        boolean[] seen = new boolean[size];
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNumber = 0;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                line = line.strip();
                if (line.isEmpty() || (lineNumber == 1 && line.equals("id"))) {
                    continue;
                }
                int id;
                try {
                    id = Integer.parseInt(line);
                } catch (NumberFormatException e) {
                    throw new InvalidInputException(file + " line " + lineNumber + ": '" + line + "' is not an example id");
                }
                if (id < 0 || id >= size) {
                    throw new InvalidInputException(file + " line " + lineNumber + ": id " + id + " is outside [0, "
                            + size + "): the keep-set was made for other data (check --data and --limit)");
                }
                if (seen[id]) {
                    throw new InvalidInputException(file + " line " + lineNumber + ": id " + id + " appears twice");
                }
                seen[id] = true;
                if (count == ids.length) {
                    ids = Arrays.copyOf(ids, Math.min(size, ids.length * 2));
                }
                ids[count++] = id;
            }
        } catch (IOException e) {
            throw new InvalidInputException("cannot read keep-set " + file + ": " + e.getMessage(), e);
        }
        if (count == 0) {
            throw new InvalidInputException("keep-set " + file + " is empty: it must name at least one example");
        }
        int[] kept = Arrays.copyOf(ids, count);
        Arrays.sort(kept);
        return kept;
    }
}
