package org.datadiet4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * A progress bar on stderr for long work, advanced by one per training iteration. On a terminal
 * the bar is redrawn in place at most five times a second; otherwise (logs, CI) a line is printed
 * at every tenth of the work, at most 10 lines per bar. Whether stderr is a terminal is asked of stderr
 * itself: a console on stdin and stdout says nothing about {@code 2> run.log}.
 */
final class Progress extends BaseTrainingListener {

    private final String label;
    private final long total;
    private final PrintStream out;
    private final boolean interactive;
    private final LongSupplier nanoClock;
    private final long start;
    private long done;
    private long lastDraw;
    private int lastTenth;
    private boolean finished;

    Progress(String label, long total, PrintStream out, boolean interactive, LongSupplier nanoClock) {
        this.label = label;
        this.total = Math.max(1, total);
        this.out = out;
        this.interactive = interactive;
        this.nanoClock = nanoClock;
        this.start = nanoClock.getAsLong();
        this.lastDraw = start;
    }

    static Progress onStderr(String label, long total) {
        return new Progress(label, total, System.err, stderrIsTerminal(), System::nanoTime);
    }

    /**
     * Whether stderr is a terminal: on Linux, where {@code /proc/self/fd/2} points (a {@code /dev/pts/N} or
     * {@code /dev/ttyN} device, not a file or a pipe); elsewhere, whether the JVM has a console.
     */
    static boolean stderrIsTerminal() {
        Path stderr = Path.of("/proc/self/fd/2");
        if (Files.isSymbolicLink(stderr)) {
            return isTerminal(stderr);
        }
        return System.console() != null;
    }

    /** Whether the file descriptor link {@code fd} (as in {@code /proc/self/fd}) points to a terminal device. */
    static boolean isTerminal(Path fd) {
        try {
            String target = Files.readSymbolicLink(fd).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException e) {
            // gone or unreadable: plain lines are right for anything that is not a terminal
            return false;
        }
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        advance();
    }

    void advance() {
        if (finished) {
            // more iterations than expected: the bar is already full and closed
            return;
        }
        done = Math.min(total, done + 1);
        finished = done == total;
        long now = nanoClock.getAsLong();
        if (interactive) {
            if (now - lastDraw >= 200_000_000L || finished) {
                lastDraw = now;
                out.print("\r" + line(now));
                if (finished) {
                    out.println();
                }
                out.flush();
            }
        } else {
            int tenth = (int) (done * 10 / total);
            if (tenth > lastTenth) {
                lastTenth = tenth;
                out.println(line(now));
                out.flush();
            }
        }
    }

    String line(long now) {
        double fraction = (double) done / total;
        int filled = (int) Math.round(fraction * 30);
        double elapsed = (now - start) / 1e9;
        double eta = done == 0 ? Double.NaN : elapsed * (total - done) / done;
        return String.format("%s [%s%s] %3.0f%% %d/%d  elapsed %s  eta %s", label, "#".repeat(filled),
                ".".repeat(30 - filled), fraction * 100, done, total, clock(elapsed), clock(eta));
    }

    private static String clock(double seconds) {
        if (Double.isNaN(seconds)) {
            return "--:--";
        }
        long s = Math.round(seconds);
        return String.format("%d:%02d", s / 60, s % 60);
    }
}
