package org.datadiet4j.it;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the installed Fashion-MNIST files with the format's definition (16-byte image header,
 * 8-byte label header) and nothing of the project's, as the reference the command line's output is
 * checked against.
 */
final class FashionMnistFiles {

    static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");

    private FashionMnistFiles() {
    }

    static int[] trainLabels(int n) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(
                Files.newInputStream(DIR.resolve("train-labels-idx1-ubyte.gz"))))) {
            in.skipNBytes(8);
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = in.readUnsignedByte();
            }
            return labels;
        }
    }

    static int[][] trainImages(int n) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(
                Files.newInputStream(DIR.resolve("train-images-idx3-ubyte.gz"))))) {
            in.skipNBytes(16);
            int[][] images = new int[n][784];
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < 784; p++) {
                    images[i][p] = in.readUnsignedByte();
                }
            }
            return images;
        }
    }
}
