package org.datadiet4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.datasets.DataSource;
import org.datadiet4j.io.InvalidInputException;
import org.datadiet4j.prometheus.MetricsEndpoint;
import org.datadiet4j.models.ModelKind;
import org.datadiet4j.pruning.KeepSet;
import org.datadiet4j.pruning.PruningPolicy;
import org.datadiet4j.scores.ScoreTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code datadiet train}: trains on all examples, a keep-set, or with early pruning; reports test accuracy. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train for E epochs on all training examples, on a keep-set (--keep FILE), or with early"
                + " pruning (--prune-at T --prune-score S --keep-fraction F --policy P); print test accuracy"
                + " and wall time.")
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Mixin
    TestSplitOptions split;

    @Mixin
    LabelNoiseOptions noise;

    @Mixin
    ModelOptions training;

    @Option(names = "--epochs", defaultValue = "10", paramLabel = "E", description = "Epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--keep", paramLabel = "FILE", description = "Train only on the ids of this keep-set file.")
    Path keep;

    @Option(names = "--prune-at", paramLabel = "T", description = "Early pruning after epoch T (1 <= T < E).")
    Integer pruneAt;

    @Option(names = "--prune-score", defaultValue = "el2n", paramLabel = "el2n|grand|forgetting",
            description = "Score to prune by (default ${DEFAULT-VALUE}).")
    String pruneScore;

    @Option(names = "--keep-fraction", defaultValue = "0.5", paramLabel = "F",
            description = "Fraction kept by early pruning, in (0, 1] (default ${DEFAULT-VALUE}).")
    double keepFraction;

    @Option(names = "--policy", defaultValue = "hardest", paramLabel = "P",
            description = "hardest, easiest, window:O, random, balanced or stratified[:beta] (default ${DEFAULT-VALUE}).")
    String policy;

    @Option(names = "--out", defaultValue = "datadiet-out", paramLabel = "DIR",
            description = "With early pruning: where the scores and the keep-set go (default ${DEFAULT-VALUE}).")
    Path out;

    @Mixin
    MetricsOptions metrics;

    @Option(names = "--job", defaultValue = "datadiet", paramLabel = "NAME",
            description = "The training_job tag of the metrics, naming this run (default ${DEFAULT-VALUE}).")
    String job;

    @Mixin
    CheckpointOptions resume;

    @Option(names = "--stream", description = "CSV --data: stream the training rows from disk every epoch instead of"
            + " loading them (for a CSV larger than memory); epochs visit the rows in file order, not reshuffled.")
    boolean stream;

    @Option(names = "--dynamic", paramLabel = "infobatch|random",
            description = "Dynamic pruning every epoch: infobatch (Qin et al. 2024: drop a fraction r of the examples"
                    + " whose last loss is below the mean, weight the kept ones 1/(1-r)), or random (the baseline:"
                    + " fit a random --fitted-per-epoch examples in each epoch).")
    String dynamic;

    @Option(names = "--prune-ratio", defaultValue = "0.5", paramLabel = "r",
            description = "InfoBatch: fraction of the well-learned examples dropped each epoch, in [0, 1)"
                    + " (default ${DEFAULT-VALUE}).")
    double pruneRatio;

    @Option(names = "--anneal", defaultValue = "0.875", paramLabel = "δ",
            description = "InfoBatch: epochs from δ·E on use every example, δ in [0, 1] (default ${DEFAULT-VALUE}).")
    double anneal;

    @Option(names = "--fitted-per-epoch", split = ",", paramLabel = "N",
            description = "--dynamic random: examples to fit in each epoch (e.g. the counts an InfoBatch run printed).")
    int[] fittedPerEpoch;

    @Override
    public Integer call() {
        ScoreCommand.requireAtLeast("--epochs", epochs, 1);
        metrics.check();
        ModelKind kind = training.kind();
        TrainingJob.Pruning pruning = null;
        if (pruneAt != null) {
            if (keep != null) {
                throw new InvalidInputException("--keep and --prune-at exclude each other: train on a keep-set or prune early");
            }
            if (pruneAt < 1 || pruneAt >= epochs) {
                throw new InvalidInputException("--prune-at must be in [1, " + (epochs - 1) + "] for " + epochs
                        + " epochs, got " + pruneAt);
            }
            if (!ScoreCommand.AVAILABLE_SCORES.contains(pruneScore)) {
                throw new InvalidInputException("unknown --prune-score '" + pruneScore + "': use el2n, grand or forgetting");
            }
            if (!(keepFraction > 0 && keepFraction <= 1)) {
                throw new InvalidInputException("--keep-fraction must be in (0, 1], got " + keepFraction);
            }
            pruning = new TrainingJob.Pruning(pruneAt, pruneScore, keepFraction,
                    PruningPolicy.parse(policy, training.seed));
        } else {
            for (String option : new String[] {"--prune-score", "--keep-fraction", "--policy", "--out"}) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw new InvalidInputException(option + " only applies to early pruning: add --prune-at T");
                }
            }
        }
        TrainingJob.Dynamic dynamicPruning = dynamic();
        if (dynamicPruning != null && (pruning != null || keep != null)) {
            throw new InvalidInputException("--dynamic excludes --keep and --prune-at: choose one way of pruning");
        }
        DataSource source = data.source();
        split.check(source);
        noise.check();
        if (stream && noise.requested()) {
            throw new InvalidInputException("--label-noise relabels examples held in memory; --stream reads them from"
                    + " disk every epoch: drop one of them");
        }
        Path dir = pruning != null ? OutputDirectory.prepare(out) : null;
        CheckpointDirectory resumable = resume.directory(String.format(
                Locale.ROOT, "data=%s%s%s limit=%d model=%s epochs=%d seed=%d batch=%d keep=%s pruning=%s", source.spec(),
                split.settings(), noise.settings(), data.limitOrAll(), kind.cliName(), epochs, training.seed, training.batchSize, keep,
                pruning) + (dynamicPruning == null ? "" : " dynamic=" + dynamicPruning));
        if (stream && source.csvFile() == null) {
            throw new InvalidInputException("--stream streams a CSV --data from disk; " + source.spec()
                    + " is loaded into memory: drop --stream");
        }
        ExampleIdIterator iterator;
        int side;
        DataSource.Loaded test;
        if (stream) {
            DataSource.Streamed streamed = source.stream(split.testFile, split.testFraction, training.seed,
                    data.limitOrAll(), training.batchSize);
            iterator = streamed.train();
            side = streamed.side();
            test = streamed.test();
            spec.commandLine().getOut().printf(Locale.ROOT, "data: %s streamed, %d training and %d test examples%n",
                    source.spec(), iterator.examples().size(), test.examples().size());
        } else {
            DataSource.Split loaded = split.load(source, data.limitOrAll(), training.seed);
            DataSource.Loaded train = noise.apply(loaded.train(), spec.commandLine().getOut());
            iterator = train.examples().shuffledIterator(training.batchSize, training.seed);
            side = loaded.train().height();
            test = loaded.test();
            if (source.csvFile() != null) {
                spec.commandLine().getOut().println(split.describe(source, loaded, training.seed));
            }
        }
        int[] keepIds = keep == null ? null : KeepSet.read(keep, iterator.examples().size());
        TrainingJob.Result result;
        try (MetricsEndpoint endpoint = metrics.start()) {
            if (endpoint != null) {
                spec.commandLine().getOut().println("metrics: " + endpoint.url());
                spec.commandLine().getOut().flush();
            }
            result = TrainingJob.run(iterator, side, test,
                    new TrainingJob.Settings(kind, epochs, training.seed, training.batchSize, keepIds, pruning,
                            dynamicPruning),
                    dir == null ? null : dir.resolve("keep.csv"), endpoint == null ? null : endpoint.registry(), job,
                    resumable);
        }
        if (dir != null) {
            try {
                ScoreTable.write(dir.resolve("scores.csv"), iterator.examples().labels(), result.store());
            } catch (IOException e) {
                throw new UncheckedIOException("writing the score table to " + dir + " failed", e);
            }
        }
        report(spec.commandLine().getOut(), "train", result);
        if (dynamicPruning != null) {
            long fitted = result.examplesPerEpoch().stream().mapToLong(Integer::longValue).sum();
            long all = (long) iterator.examples().size() * result.examplesPerEpoch().size();
            spec.commandLine().getOut().printf(Locale.ROOT, "%s: %d of %d example passes fitted, %.1f%% saved%n",
                    dynamicPruning, fitted, all, 100.0 * (all - fitted) / all);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    /** The dynamic pruning asked for, checked; null without {@code --dynamic}. */
    private TrainingJob.Dynamic dynamic() {
        if (dynamic == null) {
            for (String option : new String[] {"--prune-ratio", "--anneal", "--fitted-per-epoch"}) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw new InvalidInputException(option + " only applies to dynamic pruning: add --dynamic infobatch"
                            + (option.equals("--fitted-per-epoch") ? " (or random)" : ""));
                }
            }
            return null;
        }
        switch (dynamic) {
            case "infobatch" -> {
                if (!(pruneRatio >= 0 && pruneRatio < 1)) {
                    throw new InvalidInputException("--prune-ratio must be in [0, 1), got " + pruneRatio);
                }
                if (!(anneal >= 0 && anneal <= 1)) {
                    throw new InvalidInputException("--anneal must be in [0, 1], got " + anneal);
                }
                if (fittedPerEpoch != null) {
                    throw new InvalidInputException("--fitted-per-epoch is for --dynamic random; InfoBatch decides"
                            + " the counts itself");
                }
                return new TrainingJob.Dynamic(dynamic, pruneRatio, anneal, null);
            }
            case "random" -> {
                if (fittedPerEpoch == null) {
                    throw new InvalidInputException("--dynamic random needs --fitted-per-epoch N1,N2,... (the examples to"
                            + " fit in each epoch)");
                }
                return new TrainingJob.Dynamic(dynamic, Double.NaN, Double.NaN, fittedPerEpoch);
            }
            default -> throw new InvalidInputException("unknown --dynamic '" + dynamic + "': use infobatch or random");
        }
    }

    static void report(PrintWriter out, String name, TrainingJob.Result result) {
        if (result.resumed() != null) {
            CheckpointDirectory.reportResume(out, result.resumed());
        }
        if (result.decision() != null) {
            out.println(result.decision().describe());
        }
        out.printf("%s: test accuracy %.4f, wall time %.1f s, examples fitted per epoch %s%n", name,
                result.testAccuracy(), result.seconds(), result.examplesPerEpoch());
        out.flush();
    }
}
