package org.datadiet4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.datadiet4j.datasets.DataSource;
import org.datadiet4j.experiment.ConnectivityReport;
import org.datadiet4j.experiment.LinearModeConnectivity;
import org.datadiet4j.io.InvalidInputException;
import org.datadiet4j.models.ModelKind;
import org.datadiet4j.scores.ScoreTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code datadiet lmc}: linear mode connectivity per data subset (Paul et al., NeurIPS 2021, §4.2;
 * Frankle et al., ICML 2020), run by {@link LinearModeConnectivity}; writes {@code DIR/lmc.csv},
 * {@code DIR/barriers.csv} and {@code DIR/barriers.png}.
 */
@Command(name = "lmc", mixinStandardHelpOptions = true,
        description = "Linear mode connectivity per data subset: train a parent, copy it after each spawn epoch,"
                + " train two children per copy and subset in different data orders, measure loss and error on the"
                + " line between them; write DIR/lmc.csv, DIR/barriers.csv and DIR/barriers.png.")
final class LmcCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Mixin
    TestSplitOptions split;

    @Mixin
    ModelOptions training;

    @Option(names = "--spawn-epochs", defaultValue = "0,1,2,4,8", split = ",", paramLabel = "T",
            description = "Epochs of the parent after which children are spawned, ascending; 0 = at initialisation"
                    + " (default ${DEFAULT-VALUE}).")
    List<Integer> spawnEpochs;

    @Option(names = "--child-epochs", defaultValue = "5", paramLabel = "E",
            description = "Epochs each child trains on its subset (default ${DEFAULT-VALUE}).")
    int childEpochs;

    @Option(names = "--subsets", defaultValue = "all,low-el2n,high-el2n", split = ",", paramLabel = "NAME",
            description = "Subsets the children train on: all, low-el2n, high-el2n (default ${DEFAULT-VALUE}).")
    List<String> subsets;

    @Option(names = "--subset-fraction", defaultValue = "0.5", paramLabel = "F",
            description = "Fraction of the examples in low-el2n and high-el2n, in (0, 1) (default ${DEFAULT-VALUE}).")
    double subsetFraction;

    @Option(names = "--points", defaultValue = "11", paramLabel = "P",
            description = "Evenly spaced points on each path, both ends included, at least 2 (default ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--eval-limit", defaultValue = "5000", paramLabel = "N",
            description = "Measure each split on at most N examples, a seeded sample (default ${DEFAULT-VALUE}).")
    int evalLimit;

    @Option(names = "--scores", paramLabel = "FILE",
            description = "Take EL2N from this score table instead of scoring the parent.")
    Path scores;

    @Option(names = "--score", defaultValue = "el2n", paramLabel = "NAME",
            description = "With --scores: the column that orders the subsets (default ${DEFAULT-VALUE}).")
    String score;

    @Option(names = "--score-epoch", defaultValue = "2", paramLabel = "T",
            description = "Without --scores: the subsets come from the parent's EL2N after epoch T (default"
                    + " ${DEFAULT-VALUE}).")
    int scoreEpoch;

    @Option(names = "--out", defaultValue = "lmc-out", paramLabel = "DIR",
            description = "Output directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws IOException {
        int[] spawns = checkedSpawnEpochs();
        ScoreCommand.requireAtLeast("--child-epochs", childEpochs, 1);
        ScoreCommand.requireAtLeast("--points", points, 2);
        ScoreCommand.requireAtLeast("--eval-limit", evalLimit, 1);
        ScoreCommand.requireAtLeast("--score-epoch", scoreEpoch, 0);
        for (String subset : subsets) {
            if (!LinearModeConnectivity.SUBSETS.contains(subset)) {
                throw new InvalidInputException("unknown subset '" + subset + "' in --subsets: use all, low-el2n or"
                        + " high-el2n");
            }
        }
        if (subsets.stream().distinct().count() != subsets.size()) {
            throw new InvalidInputException("--subsets names a subset twice (" + String.join(",", subsets)
                    + "): name each once");
        }
        if (!(subsetFraction > 0 && subsetFraction < 1)) {
            throw new InvalidInputException("--subset-fraction must be in (0, 1), got " + subsetFraction
                    + ": use for example 0.5");
        }
        var parsed = spec.commandLine().getParseResult();
        if (scores != null && parsed.hasMatchedOption("--score-epoch")) {
            throw new InvalidInputException("--score-epoch scores the parent, --scores reads a table: give one of them");
        }
        if (scores == null && parsed.hasMatchedOption("--score")) {
            throw new InvalidInputException("--score names a column of a score table: add --scores FILE");
        }
        ModelKind kind = training.kind();
        DataSource source = data.source();
        split.check(source);
        ScoreTable table = scores == null ? null : ScoreTableInput.read(scores);
        if (table != null && !table.columns().containsKey(score)) {
            throw new InvalidInputException("score column '" + score + "' is not in " + scores + "; columns: "
                    + table.columns().keySet());
        }
        Path dir = OutputDirectory.prepare(out);
        DataSource.Split loaded = split.load(source, data.limitOrAll(), training.seed);
        DataSource.Loaded train = loaded.train();
        DataSource.Loaded test = loaded.test();
        if (table != null && table.size() != train.examples().size()) {
            throw new InvalidInputException("score table " + scores + " holds " + table.size() + " examples but the"
                    + " training data has " + train.examples().size() + ": score the same data (same --data, --limit"
                    + " and test split)");
        }
        LinearModeConnectivity.Settings settings = new LinearModeConnectivity.Settings(kind, training.seed,
                training.batchSize, spawns, childEpochs, List.copyOf(subsets), subsetFraction, points, evalLimit,
                table == null ? null : table.column(score), scoreEpoch);
        PrintWriter report = spec.commandLine().getOut();
        report.printf(Locale.ROOT, "data: %s, %d training and %d test examples; model %s; spawn epochs %s; children: %d"
                        + " epochs on %s (fraction %s); %d points per path%n", source.spec(), train.examples().size(),
                test.examples().size(), kind.cliName(), spawnEpochs, childEpochs, String.join(", ", subsets), subsetFraction, points);
        report.flush();
        long start = System.nanoTime();
        LinearModeConnectivity.Result result = LinearModeConnectivity.run(train, test, settings, Progress::onStderr);
        ConnectivityReport.write(dir, result);
        report.printf(Locale.ROOT, "EL2N: %s; wall time %.1f min%n", result.el2nSource(),
                (System.nanoTime() - start) / 6e10);
        printBarriers(report, result);
        report.printf("wrote %s, %s, %s%n", dir.resolve("lmc.csv"), dir.resolve("barriers.csv"),
                dir.resolve("barriers.png"));
        return 0;
    }

    private int[] checkedSpawnEpochs() {
        int[] spawns = spawnEpochs.stream().mapToInt(Integer::intValue).toArray();
        for (int i = 0; i < spawns.length; i++) {
            if (spawns[i] < 0 || (i > 0 && spawns[i] <= spawns[i - 1])) {
                throw new InvalidInputException("--spawn-epochs must be non-negative and strictly ascending, got "
                        + spawnEpochs.stream().map(String::valueOf).collect(Collectors.joining(","))
                        + ": list them in increasing order, e.g. 0,1,2,4,8");
            }
        }
        return spawns;
    }

    private static void printBarriers(PrintWriter report, LinearModeConnectivity.Result result) {
        report.println("spawn epoch  subset      split  error barrier  above chord  loss barrier  child errors");
        for (LinearModeConnectivity.Barrier b : result.barriers()) {
            report.printf(Locale.ROOT, "%11d  %-10s  %-5s  %13.4f  %11.4f  %12.4f  %.4f, %.4f%n", b.spawnEpoch(),
                    b.subset(), b.split(), b.errorBarrier(), b.errorAboveChord(), b.lossBarrier(), b.firstChild().error(),
                    b.secondChild().error());
        }
    }
}
