package org.datadiet4j.spark;

import java.io.PrintWriter;
import org.datadiet4j.io.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The main class of {@code datadiet-spark.jar} for {@code spark-submit}: the commands {@code spark-score} and
 * {@code spark-prune} with the options {@code datadiet} gives them, the master and resources from
 * spark-submit. Exit status 0 on success, 2 on bad input with one line on stderr naming what is wrong and the
 * fix, 1 on an internal error.
 */
@Command(name = "datadiet-spark", mixinStandardHelpOptions = true, version = "datadiet4j 0.1.0",
        description = "Scores, run averages and pruning of datadiet4j on Apache Spark.",
        subcommands = {SparkScoreCommand.class, SparkPruneCommand.class})
public final class SparkScoreMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: spark-score or spark-prune");
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line and returns its exit status. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new SparkScoreMain());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            err.println("datadiet-spark: " + e.getMessage() + " (see --help)");
            err.flush();
            return 2;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            InvalidInputException invalid = invalidInput(e);
            if (invalid != null) {
                err.println("datadiet-spark: " + invalid.getMessage());
                err.flush();
                return 2;
            }
            err.println("datadiet-spark: internal error: " + e);
            e.printStackTrace(err);
            err.flush();
            return 1;
        });
        return commandLine.execute(args);
    }

    /** Bad input found on an executor reaches the driver wrapped in Spark's exceptions. */
    static InvalidInputException invalidInput(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidInputException invalid) {
                return invalid;
            }
        }
        return null;
    }
}
