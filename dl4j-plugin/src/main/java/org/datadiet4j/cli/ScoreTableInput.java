package org.datadiet4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.datadiet4j.io.InvalidInputException;
import org.datadiet4j.scores.ScoreTable;

/** A score table named on the command line: a missing or malformed file is bad input. */
final class ScoreTableInput {

    private ScoreTableInput() {
    }

    static ScoreTable read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("score table " + file + " does not exist");
        }
        try {
            return ScoreTable.read(file);
        } catch (IOException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
    }
}
