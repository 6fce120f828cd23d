package org.datadiet4j.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.datadiet4j.datasets.DataSource;
import org.datadiet4j.experiment.LabelNoise;
import org.datadiet4j.io.InvalidInputException;
import picocli.CommandLine.Option;

/**
 * Label noise on the training examples for {@code score} and {@code train}: the fraction of examples
 * {@link LabelNoise} corrupts, drawn with its own seed so that a score table and the runs trained on
 * its keep-sets see the same corrupted labels whatever their {@code --seed}. Test examples stay clean.
 */
final class LabelNoiseOptions {

    @Option(names = "--label-noise", defaultValue = "0", paramLabel = "F",
            description = "Replace the label of round(F x N) training examples, drawn at random, by another class"
                    + " (F in [0, 1); default 0: none). The test examples stay clean.")
    double fraction;

    @Option(names = "--noise-seed", defaultValue = "1", paramLabel = "S",
            description = "Seed of the --label-noise draw, independent of --seed (default ${DEFAULT-VALUE}).")
    long seed;

    /** Refuses a fraction outside [0, 1) before any work starts. */
    void check() {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new InvalidInputException("--label-noise must be in [0, 1), got " + fraction + ": use for example 0.1");
        }
    }

    boolean requested() {
        return fraction > 0;
    }

    /** {@code train} with its labels corrupted as asked (itself when no noise is asked), told to {@code report}. */
    DataSource.Loaded apply(DataSource.Loaded train, PrintWriter report) {
        if (!requested()) {
            return train;
        }
        LabelNoise noise = LabelNoise.apply(train.examples().labels(), train.examples().numClasses(), fraction, seed);
        report.printf(Locale.ROOT, "label noise: %d of %d training labels replaced by another class (noise seed %d)%n",
                noise.count(), train.examples().size(), seed);
        return train.withLabels(noise.labels());
    }

    /** A part of a settings line: empty without noise, so that settings recorded before this option read the same. */
    String settings() {
        return requested() ? String.format(Locale.ROOT, " label-noise=%s noise-seed=%d", fraction, seed) : "";
    }
}
