package org.datadiet4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.datadiet4j.io.InvalidInputException;
import org.datadiet4j.scores.ScoreTable;
import org.datadiet4j.scores.Spearman;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code datadiet correlate}: Spearman rank correlations between the score columns of a score table. */
@Command(name = "correlate", mixinStandardHelpOptions = true,
        description = "Print the Spearman rank correlation matrix of the score columns of a score table"
                + " (spreads *_std and ever_learned columns left out; ties share ranks; +inf ranks highest).")
final class CorrelateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--scores", required = true, paramLabel = "FILE", description = "A score table (scores.csv).")
    Path scores;

    @Override
    public Integer call() {
        ScoreTable table = ScoreTableInput.read(scores);
        List<String> names = new ArrayList<>();
        for (String name : table.columns().keySet()) {
            if (!name.endsWith("_std") && !name.startsWith("ever_learned")) {
                names.add(name);
            }
        }
        if (names.size() < 2) {
            throw new InvalidInputException(scores + " has " + names.size() + " score column(s) " + names
                    + ": correlations need at least two; score with e.g. --scores el2n,grand,forgetting");
        }
        print(spec.commandLine().getOut(), names, table.columns());
        return 0;
    }

    static void print(PrintWriter out, List<String> names, Map<String, float[]> columns) {
        int width = Math.max(8, names.stream().mapToInt(String::length).max().orElse(8) + 2);
        StringBuilder header = new StringBuilder(" ".repeat(width));
        for (String name : names) {
            header.append(String.format("%" + width + "s", name));
        }
        out.println("Spearman rank correlation (" + columns.values().iterator().next().length + " examples)");
        out.println(header);
        for (String row : names) {
            StringBuilder line = new StringBuilder(String.format("%-" + width + "s", row));
            for (String column : names) {
                line.append(String.format("%" + width + ".3f", Spearman.rho(columns.get(row), columns.get(column))));
            }
            out.println(line);
        }
        out.flush();
    }
}
