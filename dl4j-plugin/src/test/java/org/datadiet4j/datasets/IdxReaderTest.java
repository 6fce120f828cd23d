package org.datadiet4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
                .hasMessageContaining("has 1 dimensions; expected 3");
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
}
