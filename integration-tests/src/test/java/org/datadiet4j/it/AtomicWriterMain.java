package org.datadiet4j.it;

import java.nio.file.Path;
import org.datadiet4j.io.AtomicFiles;

/**
 * A child process for {@link KillDuringWritesTest}: rewrites one file atomically, forever, each
 * version a header line, many body lines and a footer line that all carry the version number.
 */
public final class AtomicWriterMain {

    static final int LINES = 200_000;

    private AtomicWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[0]);
        for (long version = 1; ; version++) {
            long v = version;
            AtomicFiles.writeText(target, out -> {
                out.write("version " + v + "\n");
                for (int i = 0; i < LINES; i++) {
                    out.write(v + "," + i + "\n");
                }
                out.write("end " + v + "\n");
            });
        }
    }
}
