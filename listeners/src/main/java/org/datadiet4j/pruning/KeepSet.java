package org.datadiet4j.pruning;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.datadiet4j.io.AtomicFiles;
import org.datadiet4j.io.InvalidInputException;

/**
 * A keep-set file: a comment line {@code # examples=N} naming the size of the data set the ids were
 * chosen from, header {@code id}, then one kept example id per line, ascending. Written atomically.
 * The recorded size lets a keep-set made for other data (another {@code --limit}) be refused even when
 * all its ids happen to be in range; files without it, as written before it was recorded, are still read.
 */
public final class KeepSet {

    private static final String SIZE_COMMENT = "# examples=";

    private KeepSet() {
    }

    /** Writes the ids of a keep-set chosen from a data set of {@code size} examples. */
    public static void write(Path file, int[] ids, int size) throws IOException {
        int[] sorted = ids.clone();
        Arrays.sort(sorted);
        AtomicFiles.writeText(file, out -> {
            out.write(SIZE_COMMENT + size + "\n");
            out.write("id\n");
            for (int id : sorted) {
                out.write(Integer.toString(id));
                out.write('\n');
            }
        });
    }

    /**
     * Reads a keep-set for a data set of {@code size} examples: made for that size (when the file records
     * it), ids distinct, in [0, size), at least one.
     */
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
            int headerLine = 1;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                line = line.strip();
                if (lineNumber == 1 && line.startsWith(SIZE_COMMENT)) {
                    requireMadeFor(file, line.substring(SIZE_COMMENT.length()), size);
                    headerLine = 2;
                    continue;
                }
                if (line.isEmpty() || (lineNumber == headerLine && line.equals("id"))) {
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

    /** Refuses a keep-set whose recorded data set size is not {@code size}. */
    private static void requireMadeFor(Path file, String recorded, int size) {
        int madeFor;
        try {
            madeFor = Integer.parseInt(recorded.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(file + " line 1: '" + recorded + "' is not a number of examples");
        }
        if (madeFor != size) {
            throw new InvalidInputException("keep-set " + file + " was made for " + madeFor + " examples but the data"
                    + " has " + size + ": make it again from a score table of these examples (same --data and --limit)");
        }
    }
}
