package org.datadiet4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void aWriteThatFailsHalfwayLeavesThePreviousFileAndNoTemporary() throws IOException {
        Path file = dir.resolve("scores.csv");
        AtomicFiles.writeText(file, out -> out.write("id,label\n0,1\n"));

        assertThatThrownBy(() -> AtomicFiles.writeText(file, out -> {
            out.write("id,label\n0,");
            throw new IOException("disk gone");
        })).hasMessage("disk gone");

        assertThat(file).hasContent("id,label\n0,1\n");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aWrittenFileHasThePermissionsOfAnyNewFile() throws IOException {
        Path plain = Files.createFile(dir.resolve("plain.csv"));
        Path written = dir.resolve("written.csv");
        AtomicFiles.writeText(written, out -> out.write("id\n"));
        assertThat(Files.getPosixFilePermissions(written)).isEqualTo(Files.getPosixFilePermissions(plain));
    }

    @Test
    void aCompleteWriteReplacesTheFile() throws IOException {
        Path file = dir.resolve("keep.csv");
        AtomicFiles.writeText(file, out -> out.write("old\n"));
        AtomicFiles.writeText(file, out -> out.write("new\n"));
        assertThat(file).hasContent("new\n");
    }

    @Test
    void aBinaryWriteThatFailsLeavesThePreviousBytesAndNoTemporary() throws IOException {
        Path file = dir.resolve("plot.png");
        byte[] previous = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xFF};
        AtomicFiles.writeBytes(file, out -> out.write(previous));

        assertThatThrownBy(() -> AtomicFiles.writeBytes(file, out -> {
            out.write(new byte[] {1, 2, 3});
            throw new IOException("renderer failed");
        })).hasMessage("renderer failed");

        assertThat(file).hasBinaryContent(previous);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }
}
