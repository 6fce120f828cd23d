package org.datadiet4j.datasets;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files byte by byte, as the format's definition lays them out. */
public final class IdxFilesForTests {

    private IdxFilesForTests() {
    }

    public static void writeImages(Path file, int rows, int cols, int[][] images) throws IOException {
        try (DataOutputStream out = open(file)) {
            out.writeInt(0x00000803);
            out.writeInt(images.length);
            out.writeInt(rows);
            out.writeInt(cols);
            for (int[] image : images) {
                for (int pixel : image) {
                    out.writeByte(pixel);
                }
            }
        }
    }

    public static void writeLabels(Path file, int... labels) throws IOException {
        try (DataOutputStream out = open(file)) {
            out.writeInt(0x00000801);
            out.writeInt(labels.length);
            for (int label : labels) {
                out.writeByte(label);
            }
        }
    }

    private static DataOutputStream open(Path file) throws IOException {
        OutputStream raw = Files.newOutputStream(file);
        return new DataOutputStream(file.toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw);
    }
}
