package org.datadiet4j.cli;

import java.io.PrintWriter;
import org.datadiet4j.io.InvalidInputException;
import org.datadiet4j.spark.SparkPruneCommand;
import org.datadiet4j.spark.SparkScoreCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code java -jar datadiet.jar}. */
@Command(name = "datadiet", mixinStandardHelpOptions = true, version = "datadiet4j 0.1.0",
        description = "Finds the important training examples early in training (EL2N; Paul, Ganguli and"
                + " Dziugaite, NeurIPS 2021) for Deeplearning4j models.",
        subcommands = {DemoCommand.class, ScoreCommand.class, CorrelateCommand.class, PruneCommand.class,
                TrainCommand.class, DashboardCommand.class, ExperimentCommand.class, LmcCommand.class,
                SparkScoreCommand.class, SparkPruneCommand.class})
public final class Datadiet implements Runnable {

    static final int EXIT_BAD_INPUT = 2;
    static final int EXIT_INTERNAL_ERROR = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "name a command: demo, score, correlate, prune, train, dashboard, experiment, lmc, spark-score or"
                        + " spark-prune");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line with picocli's messages (usage, errors) going to the given writers. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Datadiet());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            PrintWriter message = e.getCommandLine().getErr();
            message.println("datadiet: " + e.getMessage() + " (see 'datadiet "
                    + e.getCommandLine().getCommandName().replace("datadiet", "").trim() + " --help')");
            message.flush();
            return EXIT_BAD_INPUT;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            PrintWriter message = cmd.getErr();
            InvalidInputException invalid = findInvalidInput(e);
            if (invalid != null) {
                message.println("datadiet: " + invalid.getMessage());
                message.flush();
                return EXIT_BAD_INPUT;
            }
            message.println("datadiet: internal error: " + e);
            e.printStackTrace(message);
            message.flush();
            return EXIT_INTERNAL_ERROR;
        });
        return commandLine.execute(args);
    }

    /** Bad input may surface wrapped, for example by DL4J's prefetch thread. */
    private static InvalidInputException findInvalidInput(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidInputException invalid) {
                return invalid;
            }
        }
        return null;
    }
}
