package org.datadiet4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import io.micrometer.core.instrument.MeterRegistry;
import org.datadiet4j.datasets.DataSource;
import org.datadiet4j.io.InvalidInputException;
import org.datadiet4j.prometheus.MetricsEndpoint;
import org.datadiet4j.models.ModelKind;
import org.datadiet4j.pruning.PruningPolicy;
import org.datadiet4j.scores.ScoreTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code datadiet demo}: the main job, with zero arguments. Trains the MLP on all of Fashion-MNIST
 * for 10 epochs twice: on all the data, and with early pruning (EL2N after epoch 2, keep the hardest
 * 50 %, train on in the same {@code fit} call); prints both test accuracies and wall times and the EL2N
 * pass's cost in training epochs (the pass over all images against the full-data run's mean epoch), and writes
 * the EL2N scores and the keep-set to {@code datadiet-out/}. Metrics are served on
 * 127.0.0.1:9464/metrics while it trains (jobs {@code demo-full} and {@code demo-pruned}).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Zero-argument demo: MLP on Fashion-MNIST, 10 epochs on all data against EL2N at epoch 2 +"
                + " keep the hardest 50%% + train on; writes datadiet-out/.")
final class DemoCommand implements Callable<Integer> {

    static final int EPOCHS = 10;

    static final int METRICS_PORT = 9464;

    @Spec
    CommandSpec spec;

    /** The Prometheus endpoint on 127.0.0.1:9464, or null (with a one-line notice) when the port is taken. */
    private static MetricsEndpoint startEndpoint(PrintWriter out) {
        try {
            MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", METRICS_PORT);
            out.println("metrics: " + endpoint.url() + " (jobs demo-full, demo-pruned)");
            return endpoint;
        } catch (InvalidInputException e) {
            out.println("metrics: not served, " + e.getMessage());
            return null;
        } finally {
            out.flush();
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = OutputDirectory.prepare(Path.of("datadiet-out"));
        DataSource source = DataSource.of("fashion-mnist", 0, 0);
        DataSource.Loaded train = source.loadTrain(Integer.MAX_VALUE);
        DataSource.Loaded test = source.loadTest();
        out.printf("Fashion-MNIST: %d training and %d test images; MLP, %d epochs, batch 128%n",
                train.examples().size(), test.examples().size(), EPOCHS);
        MetricsEndpoint endpoint = startEndpoint(out);
        TrainingJob.Result full;
        TrainingJob.Result pruned;
        try (endpoint) {
            MeterRegistry registry = endpoint == null ? null : endpoint.registry();
            full = TrainingJob.run(train, test, new TrainingJob.Settings(ModelKind.MLP, EPOCHS, 1, 128, null, null), null,
                    registry, "demo-full", null);
            TrainCommand.report(out, "full data", full);
            pruned = TrainingJob.run(train, test, new TrainingJob.Settings(ModelKind.MLP, EPOCHS, 1, 128, null,
                            new TrainingJob.Pruning(2, "el2n", 0.5, new PruningPolicy.Hardest())),
                    dir.resolve("keep.csv"), registry, "demo-pruned", null);
            TrainCommand.report(out, "pruned to 50% hardest EL2N at epoch 2", pruned);
        }
        try {
            ScoreTable.write(dir.resolve("scores.csv"), train.examples().labels(), pruned.store());
        } catch (IOException e) {
            throw new UncheckedIOException("writing the score table to " + dir + " failed", e);
        }
        Summary.print(out, "el2n", pruned.store().column("el2n").means(), train.examples(), 10);
        out.printf("pruned vs full: test accuracy %+.2f pp, wall time %.2f x%n",
                100 * (pruned.testAccuracy() - full.testAccuracy()), pruned.seconds() / full.seconds());
        Summary.printScoringCost(out, "el2n", pruned.scoringPassSeconds(), full.secondsPerEpoch(),
                "the full-data run's mean epoch, " + train.examples().size() + " images");
        out.printf("wrote %s and %s%n", dir.resolve("scores.csv"), dir.resolve("keep.csv"));
        return 0;
    }
}
