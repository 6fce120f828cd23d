package org.datadiet4j.cli;

import org.datadiet4j.models.ModelKind;
import picocli.CommandLine.Option;

/** The options that say which network to train and how, shared by the commands that train. */
final class ModelOptions {

    @Option(names = "--model", defaultValue = "mlp", paramLabel = "mlp|lenet", description = "Network to train.")
    String model;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "Base seed: run r uses S + r for weights and data order (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--batch-size", defaultValue = "128", paramLabel = "B",
            description = "Training batch size (default ${DEFAULT-VALUE}).")
    int batchSize;

    /** The model kind, after checking the batch size. */
    ModelKind kind() {
        ScoreCommand.requireAtLeast("--batch-size", batchSize, 1);
        return ModelKind.parse(model);
    }
}
