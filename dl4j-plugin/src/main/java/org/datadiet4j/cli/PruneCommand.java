package org.datadiet4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.datadiet4j.io.InvalidInputException;
import org.datadiet4j.pruning.KeepSet;
import org.datadiet4j.pruning.PruningDecision;
import org.datadiet4j.pruning.PruningPolicy;
import org.datadiet4j.pruning.Quotas;
import org.datadiet4j.scores.ScoreDirection;
import org.datadiet4j.scores.ScoreTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code datadiet prune}: chooses a keep-set from a score table column and writes its ids. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Choose the examples to keep from a score column with a policy; write their ids (keep-set file).")
final class PruneCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--scores", required = true, paramLabel = "FILE", description = "A score table (scores.csv).")
    Path scores;

    @Option(names = "--score", required = true, paramLabel = "NAME", description = "The score column to prune by.")
    String score;

    @Option(names = "--keep", required = true, paramLabel = "F", description = "Fraction to keep, in (0, 1].")
    double keep;

    @Option(names = "--policy", defaultValue = "hardest", paramLabel = "P",
            description = "hardest, easiest, window:O, random, balanced or stratified[:beta] (default ${DEFAULT-VALUE}).")
    String policy;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed of random and stratified.")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The keep-set file to write.")
    Path out;

    @Override
    public Integer call() {
        PruningPolicy chosen = PruningPolicy.parse(policy, seed);
        if (Files.isDirectory(out)) {
            throw new InvalidInputException("--out " + out + " is a directory: name the keep-set file to write");
        }
        Path parent = out.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) {
            throw new InvalidInputException("the directory of --out " + out + " does not exist: create " + parent
                    + " or choose another file");
        }
        ScoreTable table = ScoreTableInput.read(scores);
        if (!table.columns().containsKey(score)) {
            throw new InvalidInputException("score column '" + score + "' is not in " + scores + "; columns: "
                    + table.columns().keySet());
        }
        int numClasses = 0;
        for (int label : table.labels()) {
            numClasses = Math.max(numClasses, label + 1);
        }
        int[] kept = chosen.select(ScoreDirection.hardness(score, table.column(score)), table.labels(), numClasses, keep);
        int[] perClass = Quotas.perClass(kept, table.labels(), numClasses);
        try {
            KeepSet.write(out, kept, table.size());
        } catch (IOException e) {
            throw new InvalidInputException("cannot write the keep-set " + out + ": " + e.getMessage(), e);
        }
        PruningDecision decision = new PruningDecision(0, score, chosen.describe(), keep, kept, table.size(), perClass);
        spec.commandLine().getOut().println(decision.describe().replace("pruned after epoch 0 by", "pruned by")
                + " -> " + out);
        return 0;
    }
}
