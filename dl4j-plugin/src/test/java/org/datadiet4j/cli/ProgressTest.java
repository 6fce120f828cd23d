package org.datadiet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The progress bar in a log: a line per tenth of the work, never a line per iteration. */
class ProgressTest {

    @TempDir
    Path dir;

    /** Runs {@code ticks} iterations through a bar of {@code total}, on a clock that advances 1 s per tick. */
    private static String drawn(long total, long ticks, boolean terminal) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long[] now = {0};
        Progress progress = new Progress("training", total, new PrintStream(bytes, true, StandardCharsets.UTF_8),
                terminal, () -> now[0]);
        for (long t = 0; t < ticks; t++) {
            now[0] += 1_000_000_000L;
            progress.advance();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The iteration count of each printed line, read from its "done/total". */
    private static List<Long> doneCounts(String text) {
        List<Long> done = new ArrayList<>();
        Matcher matcher = Pattern.compile(" (\\d+)/(\\d+) ").matcher(text);
        while (matcher.find()) {
            done.add(Long.parseLong(matcher.group(1)));
        }
        return done;
    }

    /** The lines are those of the first iteration d at which d / total reaches k / 10, k = 1..10 (hand-computed). */
    @ParameterizedTest
    @CsvSource({
            "1, 1",
            "3, 1 2 3",
            "11, 2 3 4 5 6 7 8 9 10 11",
            "1000, 100 200 300 400 500 600 700 800 900 1000",
            "123457, 12346 24692 37038 49383 61729 74075 86420 98766 111112 123457"})
    void aLogGetsOneLinePerTenthAtMostTenLines(long total, String expectedDone) {
        // twice the expected iterations: a bar whose estimate was short must not print a line per extra tick
        String log = drawn(total, 2 * total, false);

        List<String> lines = log.lines().toList();
        assertThat(lines.size()).isLessThanOrEqualTo(11);
        assertThat(doneCounts(log)).containsExactlyElementsOf(
                Arrays.stream(expectedDone.split(" ")).map(Long::parseLong).toList());
        assertThat(log).doesNotContain("\r");
        assertThat(lines.get(lines.size() - 1)).contains("100%").contains(total + "/" + total);
    }

    @Test
    void aTerminalBarEndsItsLineOnceEvenWhenTheEstimateWasShort() {
        String bar = drawn(50, 80, true);

        assertThat(bar.chars().filter(c -> c == '\n').count()).isEqualTo(1);
        assertThat(bar).endsWith("50/50  elapsed 0:50  eta 0:00" + System.lineSeparator());
        // one redraw per tick (a tick is 1 s here, more than the 0.2 s between redraws), none after the end
        assertThat(bar.chars().filter(c -> c == '\r').count()).isEqualTo(50);
    }

    @Test
    void stderrIsATerminalOnlyWhenItsDescriptorPointsToATerminalDevice() throws IOException {
        Path pts = Files.createSymbolicLink(dir.resolve("2-pts"), Path.of("/dev/pts/3"));
        Path tty = Files.createSymbolicLink(dir.resolve("2-tty"), Path.of("/dev/tty1"));
        Path file = Files.createSymbolicLink(dir.resolve("2-file"), dir.resolve("run.log"));
        Path pipe = Files.createSymbolicLink(dir.resolve("2-pipe"), Path.of("pipe:[81]"));

        assertThat(Progress.isTerminal(pts)).isTrue();
        assertThat(Progress.isTerminal(tty)).isTrue();
        assertThat(Progress.isTerminal(file)).isFalse();
        assertThat(Progress.isTerminal(pipe)).isFalse();
        assertThat(Progress.isTerminal(dir.resolve("missing"))).isFalse();
    }
}
