package org.datadiet4j.cli;

import org.datadiet4j.datasets.DataSource;
import org.datadiet4j.io.InvalidInputException;
import picocli.CommandLine.Option;

/** The options that say which examples to use, shared by the commands. */
final class DataOptions {

    @Option(names = "--data", defaultValue = "fashion-mnist", paramLabel = "fashion-mnist|DIR|FILE.csv",
            description = "Training data: fashion-mnist (default), a directory of IDX files, or a CSV file.")
    String data;

    @Option(names = "--label-column", defaultValue = "0", paramLabel = "N",
            description = "CSV: 0-based index of the label column (default ${DEFAULT-VALUE}).")
    int labelColumn;

    @Option(names = "--classes", defaultValue = "0", paramLabel = "K",
            description = "Number of classes; labels must be in [0, K). Default: largest label + 1 (10 for"
                    + " fashion-mnist).")
    int classes;

    @Option(names = "--limit", paramLabel = "N",
            description = "Use only the first N training examples (with --test-fraction: of the training rows, after"
                    + " the split).")
    Integer limit;

    DataSource source() {
        if (limit != null && limit < 1) {
            throw new InvalidInputException("--limit must be at least 1, got " + limit);
        }
        return DataSource.of(data, labelColumn, classes);
    }

    int limitOrAll() {
        return limit == null ? Integer.MAX_VALUE : limit;
    }
}
