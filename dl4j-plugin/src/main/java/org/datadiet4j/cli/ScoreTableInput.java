package org.datadiet4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.datadiet4j.io.InvalidInputException;
import org.datadiet4j.scores.ScoreTable;

/**
 * A score table named on the command line, as a file or as the directory a command wrote it into
 * ({@code DIR/scores.csv}): a missing or malformed file is bad input.
 */
final class ScoreTableInput {

    private ScoreTableInput() {
    }

    static ScoreTable read(Path given) {
        Path file = Files.isDirectory(given) ? given.resolve("scores.csv") : given;
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("score table " + file + " does not exist"
                    + (Files.isDirectory(given) ? ": give the score table file, or a directory that holds scores.csv" : ""));
        }
        try {
            return ScoreTable.read(file);
        } catch (IOException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
    }
}
