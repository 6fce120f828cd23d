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

    /**
     * A directory with train and t10k splits of 8x8 images of 3 classes, each class lighting every
     * third pixel brighter; noisy enough that a small model errs on some examples.
     */
    public static Path syntheticSplits(Path dir, int train, int test, long seed) throws IOException {
        Files.createDirectories(dir);
        java.util.Random random = new java.util.Random(seed);
        for (String split : java.util.List.of("train", "t10k")) {
            int n = split.equals("train") ? train : test;
            int[][] images = new int[n][64];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = random.nextInt(3);
                for (int p = 0; p < 64; p++) {
                    boolean lit = (p % 3) == labels[i];
                    images[i][p] = Math.max(0, Math.min(255, (lit ? 180 : 40) + (int) (random.nextGaussian() * 40)));
                }
            }
            writeImages(dir.resolve(split + "-images-idx3-ubyte.gz"), 8, 8, images);
            writeLabels(dir.resolve(split + "-labels-idx1-ubyte.gz"), labels);
        }
        return dir;
    }

    private static DataOutputStream open(Path file) throws IOException {
        OutputStream raw = Files.newOutputStream(file);
        return new DataOutputStream(file.toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw);
    }
}
