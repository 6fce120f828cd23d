package org.datadiet4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.datadiet4j.datasets.DataSource;
import org.datadiet4j.listeners.GrandListener;
import org.datadiet4j.models.ModelKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code datadiet demo}: the main job, with zero arguments. Trains the MLP on all of Fashion-MNIST,
 * scores EL2N after epoch 2, writes {@code datadiet-out/scores.csv} and prints a summary.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Zero-argument demo: MLP on Fashion-MNIST, EL2N at epoch 2, writes datadiet-out/.")
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ScoreCommand.scoreAndReport(DataSource.of("fashion-mnist", 0, 0), Integer.MAX_VALUE,
                new ScoringJob.Settings(ModelKind.MLP, 2, 2, 1, 1, 128, List.of("el2n"), GrandListener.Mode.EXACT, 0), Path.of("datadiet-out"),
                spec.commandLine().getOut());
        return 0;
    }
}
