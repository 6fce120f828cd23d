package org.datadiet4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.datadiet4j.io.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    private static final int[][] IMAGES = {{0, 1, 2, 3, 4, 5}, {255, 128, 0, 7, 8, 9}, {10, 20, 30, 40, 50, 60}};

    @ParameterizedTest
    @ValueSource(strings = {"images-idx3-ubyte", "images-idx3-ubyte.gz"})
    void readsImagesRowMajorPlainOrGzip(String name) throws IOException {
        Path file = dir.resolve(name);
        IdxFilesForTests.writeImages(file, 2, 3, IMAGES);

        IdxReader.Images images = IdxReader.readImages(file, Integer.MAX_VALUE);

        assertThat(images.count()).isEqualTo(3);
        assertThat(images.rows()).isEqualTo(2);
        assertThat(images.cols()).isEqualTo(3);
        assertThat(images.pixels()[6] & 0xFF).isEqualTo(255);
        assertThat(images.pixels()[7] & 0xFF).isEqualTo(128);
        assertThat(images.pixels()[17] & 0xFF).isEqualTo(60);
    }

    @Test
    void readsOnlyTheFirstItemsWithALimit() throws IOException {
        Path images = dir.resolve("i");
        Path labels = dir.resolve("l.gz");
        IdxFilesForTests.writeImages(images, 2, 3, IMAGES);
        IdxFilesForTests.writeLabels(labels, 9, 0, 200);

        assertThat(IdxReader.readImages(images, 2).count()).isEqualTo(2);
        assertThat(IdxReader.readImages(images, 2).pixels()).hasSize(12);
        assertThat(IdxReader.readLabels(labels, 2)).containsExactly(9, 0);
        assertThat(IdxReader.readLabels(labels, 10)).containsExactly(9, 0, 200);
    }

    @Test
    void rejectsAFileOfTheWrongKind() throws IOException {
        Path labels = dir.resolve("labels");
        IdxFilesForTests.writeLabels(labels, 1, 2);
        assertThatThrownBy(() -> IdxReader.readImages(labels, 5))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(labels + " has 1 dimensions; expected 3 (images: count, rows, columns)");
        Path text = dir.resolve("text");
        Files.writeString(text, "hello, world");
        assertThatThrownBy(() -> IdxReader.readLabels(text, 5))
                .hasMessageContaining("is not an unsigned-byte IDX file");
    }

    @Test
    void rejectsATruncatedFile() throws IOException {
        Path file = dir.resolve("images");
        IdxFilesForTests.writeImages(file, 2, 3, IMAGES);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 4));
        assertThatThrownBy(() -> IdxReader.readImages(file, 10)).hasMessageContaining("is truncated");
        assertThatThrownBy(() -> IdxReader.readImages(dir.resolve("missing"), 10)).hasMessageContaining("does not exist");
    }

    /** An IDX file of the given magic number and dimensions, followed by {@code body} bytes of zeros. */
    private Path rawIdx(String name, int magic, int[] dims, int body) throws IOException {
        Path file = dir.resolve(name);
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeInt(magic);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(new byte[body]);
        }
        return file;
    }

    @Test
    void theMagicNumberMustNameUnsignedBytesWithZerosInFront() throws IOException {
        // type 0x0C (int) instead of 0x08 (unsigned byte)
        Path ints = rawIdx("ints", 0x00000C01, new int[] {2}, 8);
        assertThatThrownBy(() -> IdxReader.readLabels(ints, 5)).isInstanceOf(InvalidInputException.class)
                .hasMessage(ints + " is not an unsigned-byte IDX file (magic number 0x00000C01; expected 0x00000801)");
        // the type byte is right but the two leading bytes are not zero
        Path high = rawIdx("high", 0x01000803, new int[] {1, 1, 1}, 1);
        assertThatThrownBy(() -> IdxReader.readImages(high, 5)).isInstanceOf(InvalidInputException.class)
                .hasMessage(high + " is not an unsigned-byte IDX file (magic number 0x01000803; expected 0x00000803)");
        Path images = rawIdx("images", 0x00000803, new int[] {1, 1, 1}, 1);
        assertThatThrownBy(() -> IdxReader.readLabels(images, 5)).isInstanceOf(InvalidInputException.class)
                .hasMessage(images + " has 3 dimensions; expected 1 (labels: count)");
        Path empty = Files.write(dir.resolve("empty"), new byte[2]);
        assertThatThrownBy(() -> IdxReader.readLabels(empty, 5)).isInstanceOf(InvalidInputException.class)
                .hasMessage(empty + " is empty or truncated: it has no IDX header");
    }

    @Test
    void everyDimensionMustBePositiveAndOneIsEnough() throws IOException {
        Path single = rawIdx("single", 0x00000803, new int[] {1, 1, 1}, 1);
        IdxReader.Images image = IdxReader.readImages(single, 5);
        assertThat(image.count()).isEqualTo(1);
        assertThat(image.pixelsPerImage()).isEqualTo(1);
        assertThat(IdxReader.readImages(rawIdx("wide", 0x00000803, new int[] {2, 2, 3}, 12), 5).pixelsPerImage())
                .isEqualTo(6);
        Path noColumns = rawIdx("no-columns", 0x00000803, new int[] {1, 2, 0}, 0);
        assertThatThrownBy(() -> IdxReader.readImages(noColumns, 5)).isInstanceOf(InvalidInputException.class)
                .hasMessage(noColumns + ": dimension 2 is 0; must be positive");
    }

    @Test
    void aHeaderPromisingMorePixelsThanAnArrayHoldsIsRefusedBeforeReading() throws IOException {
        // 3 · 30000 · 30000 = 2.7e9 pixels, above the largest Java array; the file itself is only a header
        Path huge = rawIdx("huge", 0x00000803, new int[] {3, 30000, 30000}, 0);
        assertThatThrownBy(() -> IdxReader.readImages(huge, Integer.MAX_VALUE)).isInstanceOf(InvalidInputException.class)
                .hasMessage(huge + " holds 3 images of 30000x30000: too many pixels to hold in memory; use --limit");
    }
}
