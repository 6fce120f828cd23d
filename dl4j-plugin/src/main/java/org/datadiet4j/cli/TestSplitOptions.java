package org.datadiet4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.datadiet4j.datasets.DataSource;
import org.datadiet4j.datasets.StratifiedSplit;
import org.datadiet4j.io.InvalidInputException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options that say where the test examples come from, for the commands that measure test
 * accuracy: an IDX source tests on its {@code t10k} files; a CSV source needs {@code --test FILE.csv}
 * (a second file with the same columns) or {@code --test-fraction F} (a {@link StratifiedSplit} of its
 * rows seeded with {@code --seed}), and then trains on the rows left, ids 0..N-1 in file order.
 * {@code score}, which measures no test accuracy, takes {@code --test-fraction} to score those same
 * rows, so that its score table and keep-sets number the examples as train, experiment and lmc do.
 */
final class TestSplitOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--test", paramLabel = "FILE.csv",
            description = "CSV --data: the test examples, a CSV file with the same columns and label column.")
    Path testFile;

    @Option(names = "--test-fraction", paramLabel = "F",
            description = "CSV --data: test on round(F x n) of each class's n rows, F in (0, 1), drawn with --seed;"
                    + " train on the other rows, ids 0..N-1 in file order.")
    Double testFraction;

    /** Refuses options that do not fit {@code source}, and a CSV source with no test split, before any work starts. */
    void check(DataSource source) {
        if (source.csvFile() != null && testFile == null && testFraction == null) {
            throw new InvalidInputException(command.name() + " measures test accuracy and " + source.spec()
                    + " has no test split: give --test FILE.csv or --test-fraction F");
        }
        checkGiven(source);
    }

    /**
     * As {@link #check}, for a command that measures no test accuracy: a CSV source needs no test split,
     * and {@code --test} would change nothing.
     */
    void checkTraining(DataSource source) {
        if (source.csvFile() != null && testFile != null) {
            throw new InvalidInputException(command.name() + " measures no test accuracy: drop --test (the training"
                    + " examples are every row of " + source.spec() + " with or without it)");
        }
        checkGiven(source);
    }

    private void checkGiven(DataSource source) {
        String given = testFile != null ? "--test" : testFraction != null ? "--test-fraction" : null;
        if (source.csvFile() == null && given != null) {
            throw new InvalidInputException(given + " gives a CSV --data its test split; " + source.spec()
                    + " is tested on its t10k files: drop " + given);
        }
        if (testFile != null && testFraction != null) {
            throw new InvalidInputException("--test and --test-fraction exclude each other: give one of them");
        }
        if (testFraction != null && !(testFraction > 0 && testFraction < 1)) {
            throw new InvalidInputException("--test-fraction must be in (0, 1), got " + testFraction
                    + ": use for example 0.2");
        }
        if (testFile != null && !Files.isRegularFile(testFile)) {
            throw new InvalidInputException("--test file " + testFile + " does not exist: give the CSV file that holds"
                    + " the test examples");
        }
    }

    /**
     * The first {@code limit} training examples alone, for a command that measures no test accuracy: with
     * {@code --test-fraction}, of the rows that train, experiment and lmc train on with the same seed, so
     * that their ids are the same.
     */
    DataSource.Loaded loadTraining(DataSource source, int limit, long seed) {
        checkTraining(source);
        return testFraction != null ? source.loadWithTestFraction(testFraction, seed, limit).train()
                : source.loadTrain(limit);
    }

    /** The training examples (the first {@code limit}) and the test examples of {@code source}. */
    DataSource.Split load(DataSource source, int limit, long seed) {
        check(source);
        if (testFile != null) {
            return source.loadWithTestFile(testFile, limit);
        }
        if (testFraction != null) {
            return source.loadWithTestFraction(testFraction, seed, limit);
        }
        return new DataSource.Split(source.loadTrain(limit), source.loadTest());
    }

    /**
     * The test split as a part of a settings line: empty for an IDX source, so that settings recorded before
     * these options existed read the same.
     */
    String settings() {
        return testFile != null ? " test=" + testFile : testFraction != null ? " test-fraction=" + testFraction : "";
    }

    /** One line for the user: how many training and test examples, and where the test examples come from. */
    String describe(DataSource source, DataSource.Split split, long seed) {
        String origin = testFile != null ? "from " + testFile
                : testFraction != null ? String.format(Locale.ROOT, "a stratified %s of the rows, seed %d; training ids"
                        + " are the other rows in file order", testFraction, seed)
                : "t10k";
        return String.format(Locale.ROOT, "data: %s, %d training and %d test examples (test: %s)", source.spec(),
                split.train().examples().size(), split.test().examples().size(), origin);
    }
}
