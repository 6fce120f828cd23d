package org.datadiet4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** What a command-line run in-process returned and printed, for the command tests. */
record Outcome(int status, String out, String err) {

    /** Runs {@code datadiet args...} in this JVM, capturing stdout and stderr. */
    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Datadiet.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(status, out.toString(), err.toString());
    }
}
