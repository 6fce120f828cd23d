package org.datadiet4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a process that is rewriting a file atomically, at moments spread over its
 * writes, always leaves a complete version of the file: never a torn one.
 */
class KillDuringWritesTest {

    @TempDir
    Path dir;

    @Test
    void aKilledWriterLeavesACompleteVersion() throws Exception {
        Path target = dir.resolve("scores.csv");
        for (int kill = 0; kill < 5; kill++) {
            Process writer = new ProcessBuilder(DatadietJar.java("-cp", System.getProperty("java.class.path"),
                    AtomicWriterMain.class.getName(), target.toString()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            long firstVersion = kill == 0 ? 1 : version(target) + 1;
            // wait for the writer's first complete version, then kill it after a further 0..400 ms
            while (!Files.exists(target) || version(target) < firstVersion) {
                assertThat(writer.isAlive()).as("the writer died").isTrue();
                Thread.sleep(5);
            }
            Thread.sleep(kill * 100L);
            writer.destroyForcibly();
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(writer.exitValue()).isEqualTo(137);
            assertComplete(target);
        }
    }

    private static long version(Path file) throws IOException {
        try (var reader = Files.newBufferedReader(file)) {
            return Long.parseLong(reader.readLine().substring("version ".length()));
        }
    }

    private static void assertComplete(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        long v = version(file);
        assertThat(lines).hasSize(AtomicWriterMain.LINES + 2);
        assertThat(lines.get(lines.size() - 1)).isEqualTo("end " + v);
        assertThat(lines.get(1 + AtomicWriterMain.LINES / 2)).isEqualTo(v + "," + AtomicWriterMain.LINES / 2);
    }
}
