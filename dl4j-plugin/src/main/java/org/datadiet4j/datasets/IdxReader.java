package org.datadiet4j.datasets;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.datadiet4j.io.InvalidInputException;

/**
 * Reads unsigned-byte IDX files (the format of MNIST and Fashion-MNIST): a 4-byte magic number
 * {@code 0x00 0x00 0x08 <rank>}, one big-endian int per dimension, then the bytes in row-major
 * order. Files ending in {@code .gz} are decompressed on the fly. Only the first {@code limit}
 * items are read.
 */
public final class IdxReader {

    private static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {
    }

    /** Images of an {@code [n, rows, cols]} file. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
        public int pixelsPerImage() {
            return rows * cols;
        }
    }

    /** The first {@code limit} images (all when the file has fewer). */
    public static Images readImages(Path file, int limit) {
        try (DataInputStream in = open(file)) {
            int[] dims = header(in, file, 3);
            int count = Math.min(dims[0], limit);
            long size = (long) count * dims[1] * dims[2];
            if (size > Integer.MAX_VALUE - 8) {
                throw new InvalidInputException(file + " holds " + count + " images of " + dims[1] + "x" + dims[2]
                        + ": too many pixels to hold in memory; use --limit");
            }
            byte[] pixels = new byte[(int) size];
            readFully(in, pixels, file);
            return new Images(count, dims[1], dims[2], pixels);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The first {@code limit} labels (all when the file has fewer), as class indices 0..255. */
    public static int[] readLabels(Path file, int limit) {
        try (DataInputStream in = open(file)) {
            int[] dims = header(in, file, 1);
            byte[] raw = new byte[Math.min(dims[0], limit)];
            readFully(in, raw, file);
            int[] labels = new int[raw.length];
            for (int i = 0; i < raw.length; i++) {
                labels[i] = raw[i] & 0xFF;
            }
            return labels;
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("IDX file " + file + " does not exist");
        }
        InputStream raw = Files.newInputStream(file);
        InputStream body = file.getFileName().toString().endsWith(".gz")
                ? new GZIPInputStream(raw, 1 << 16) : raw;
        return new DataInputStream(new BufferedInputStream(body, 1 << 16));
    }

    private static int[] header(DataInputStream in, Path file, int expectedRank) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new InvalidInputException(file + " is empty or truncated: it has no IDX header");
        }
        int type = (magic >>> 8) & 0xFF;
        int rank = magic & 0xFF;
        if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE) {
            throw new InvalidInputException(String.format(
                    "%s is not an unsigned-byte IDX file (magic number 0x%08X; expected 0x%08X)",
                    file, magic, (UNSIGNED_BYTE << 8) | expectedRank));
        }
        if (rank != expectedRank) {
            throw new InvalidInputException(file + " has " + rank + " dimensions; expected " + expectedRank
                    + (expectedRank == 3 ? " (images: count, rows, columns)" : " (labels: count)"));
        }
        int[] dims = new int[rank];
        for (int d = 0; d < rank; d++) {
            dims[d] = in.readInt();
            if (dims[d] < 1) {
                throw new InvalidInputException(file + ": dimension " + d + " is " + dims[d] + "; must be positive");
            }
        }
        return dims;
    }

    private static void readFully(DataInputStream in, byte[] target, Path file) throws IOException {
        try {
            in.readFully(target);
        } catch (EOFException e) {
            throw new InvalidInputException(file + " is truncated: its header promises more data than it holds");
        }
    }
}
