package org.datadiet4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.datadiet4j.data.Examples;
import org.datadiet4j.datasets.DataSource;
import org.datadiet4j.experiment.AumThreshold;
import org.datadiet4j.experiment.ExperimentReport;
import org.datadiet4j.experiment.LabelNoise;
import org.datadiet4j.experiment.ResultsFile;
import org.datadiet4j.io.InvalidInputException;
import org.datadiet4j.listeners.GrandListener;
import org.datadiet4j.models.ModelKind;
import org.datadiet4j.pruning.PruningPolicy;
import org.datadiet4j.scores.ScoreDirection;
import org.datadiet4j.scores.ScoreStore;
import org.datadiet4j.scores.ScoreTable;
import org.datadiet4j.scores.Spearman;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code datadiet experiment}: the data-pruning paper's protocol on a data set. Per label-noise
 * level (none, and {@code --noise} if given): scores averaged over R runs (EL2N and forgetting over
 * the first T epochs, GraNd at initialisation), Spearman correlations, detection of the corrupted
 * labels, pruning curves (for each score and keep fraction, R fresh models trained E epochs on the
 * kept examples, test accuracy) and sliding windows over the EL2N order. Every measured point is a
 * row of {@code DIR/results.csv}; a re-run with the same {@code --out} skips the points it has.
 */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Run the paper's protocol: scores, pruning curves, sliding windows, label noise; write"
                + " DIR/results.csv, plots and DIR/report.html. Resumable.")
final class ExperimentCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Mixin
    TestSplitOptions split;

    @Mixin
    ModelOptions training;

    @Option(names = "--runs", defaultValue = "2", paramLabel = "R",
            description = "Runs averaged per score and seeds per measured point (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--score-epoch", defaultValue = "2", paramLabel = "T",
            description = "Score EL2N (and count forgetting) over the first T epochs (default ${DEFAULT-VALUE}).")
    int scoreEpoch;

    @Option(names = "--epochs", defaultValue = "10", paramLabel = "E",
            description = "Epochs each pruned model is trained, whatever its subset's size (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--keep", defaultValue = "1.0,0.9,0.7,0.5,0.3,0.2", split = ",", paramLabel = "F",
            description = "Keep fractions of the pruning curves (default ${DEFAULT-VALUE}).")
    List<Double> keeps;

    @Option(names = "--infobatch", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also train each seed with InfoBatch dynamic pruning (r = 0.5, δ = 0.875) at every noise level,"
                    + " for the report's dynamic-pruning table (default: on; --no-infobatch to skip).")
    boolean infoBatch;

    @Option(names = "--aum-threshold", description = "With --noise: also train once with threshold samples (N/(c+1)"
            + " examples relabelled to an extra class) and flag the labels whose AUM is at or below the 99th percentile"
            + " of theirs (Pleiss et al. 2020); the flagged set's precision and recall go to the detection table.")
    boolean aumThreshold;

    @Option(names = "--scores", defaultValue = "el2n,grand,forgetting,aum,random", split = ",", paramLabel = "NAME",
            description = "Scores to prune by (default ${DEFAULT-VALUE}).")
    List<String> scores;

    @Option(names = "--noise", defaultValue = "0", paramLabel = "F",
            description = "Also run everything with this fraction of training labels corrupted (0: only clean).")
    double noise;

    @Option(names = "--windows", defaultValue = "0", paramLabel = "W",
            description = "Sliding windows: W offsets over the EL2N order (0: none).")
    int windows;

    @Option(names = "--window-size", defaultValue = "0.4", paramLabel = "F",
            description = "Fraction of the examples in each window (default ${DEFAULT-VALUE}).")
    double windowSize;

    @Option(names = "--out", defaultValue = "experiment-out", paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Override
    public Integer call() throws IOException {
        ScoreCommand.requireAtLeast("--runs", runs, 1);
        ScoreCommand.requireAtLeast("--epochs", epochs, 1);
        ScoreCommand.requireAtLeast("--score-epoch", scoreEpoch, 1);
        ScoreCommand.requireAtLeast("--windows", windows, 0);
        for (String score : scores) {
            if (!List.of("el2n", "grand", "forgetting", "aum", "random").contains(score)) {
                throw new InvalidInputException("unknown score '" + score + "' in --scores: use el2n, grand, forgetting,"
                        + " aum, random");
            }
        }
        for (double keep : keeps) {
            if (!(keep > 0 && keep <= 1)) {
                throw new InvalidInputException("keep fractions must be in (0, 1], got " + keep);
            }
        }
        if (!(noise >= 0 && noise < 1)) {
            throw new InvalidInputException("--noise must be in [0, 1), got " + noise);
        }
        if (windows > 0 && !(windowSize > 0 && windowSize < 1)) {
            throw new InvalidInputException("--window-size must be in (0, 1), got " + windowSize);
        }
        ModelKind kind = training.kind();
        DataSource source = data.source();
        split.check(source);
        Path dir = OutputDirectory.prepare(out);
        // data that cannot be loaded or split must not leave its settings behind for the next run to meet
        DataSource.Split loaded = split.load(source, data.limitOrAll(), training.seed);
        requireSameSettings(dir.resolve("experiment.settings"));
        ResultsFile results = ResultsFile.open(dir.resolve("results.csv"));
        DataSource.Loaded train = loaded.train();
        DataSource.Loaded test = loaded.test();
        PrintWriter report = spec.commandLine().getOut();
        if (source.csvFile() != null) {
            report.println(split.describe(source, loaded, training.seed));
        }
        List<Double> levels = noise > 0 ? List.of(0.0, noise) : List.of(0.0);
        Steps steps = new Steps(levels.size() * runs * (1 + (long) scores.size() * keepsBelowOne().size() + windows
                + (infoBatch ? 1 : 0)));
        long start = System.nanoTime();
        for (double level : levels) {
            runLevel(level, kind, train, test, dir, results, steps, report);
        }
        ExperimentReport.write(dir, results.rows(), train.examples().size(), settingsLine(kind, loaded));
        report.printf(Locale.ROOT, "experiment done in %.1f min: %s, %s%n", (System.nanoTime() - start) / 6e10,
                dir.resolve("results.csv"), dir.resolve("report.html"));
        return 0;
    }

    /**
     * The settings that give a measured point its meaning (all but the keep fractions and the
     * number of windows, which only add points): recorded on the first run of a directory and
     * required on every resumed run, so a resumed experiment never mixes settings.
     */
    private void requireSameSettings(Path file) throws IOException {
        String settings = String.format(Locale.ROOT, "data=%s%s limit=%s model=%s runs=%d score-epoch=%d epochs=%d"
                        + " scores=%s noise=%s window-size=%s seed=%d batch-size=%d%n", data.data, split.settings(),
                data.limit, training.model, runs, scoreEpoch, epochs, String.join(",", scores), noise, windowSize, training.seed,
                training.batchSize);
        OutputDirectory.requireSameSettings(file, settings, "an experiment");
    }

    private String settingsLine(ModelKind kind, DataSource.Split loaded) {
        return String.format(Locale.ROOT, "%s%s, %d training and %d test examples, model %s, R = %d, T = %d, E = %d,"
                        + " batch %d, seed %d", data.data, split.settings(), loaded.train().examples().size(),
                loaded.test().examples().size(), kind.cliName(), runs, scoreEpoch, epochs, training.batchSize,
                training.seed);
    }

    private List<Double> keepsBelowOne() {
        return keeps.stream().filter(k -> k < 1).distinct().toList();
    }

    private void runLevel(double level, ModelKind kind, DataSource.Loaded train, DataSource.Loaded test, Path dir,
                          ResultsFile results, Steps steps, PrintWriter report) throws IOException {
        Examples clean = train.examples();
        LabelNoise corruption = LabelNoise.apply(clean.labels(), clean.numClasses(), level, training.seed);
        DataSource.Loaded noisy = level == 0 ? train : train.withLabels(corruption.labels());
        Examples examples = noisy.examples();
        ScoreTable table = scores(level, kind, noisy, dir);
        List<String> scored = scores.stream().filter(s -> !s.equals("random")).toList();
        if (!scored.isEmpty()) {
            ExperimentReport.drawScores(dir, level, scored.get(0), table.column(scored.get(0)), examples, train.height(),
                    train.width(), level > 0 ? corruption.corrupted() : null);
        }
        for (int a = 0; a < scored.size(); a++) {
            for (int b = a + 1; b < scored.size(); b++) {
                String pair = scored.get(a) + "~" + scored.get(b);
                if (!results.has(level, "correlation", pair, 1, 0, -1, "spearman")) {
                    results.add(new ResultsFile.Row(level, "correlation", pair, 1, 0, -1, "spearman",
                            Spearman.rho(table.column(scored.get(a)), table.column(scored.get(b)))));
                }
            }
        }
        if (level > 0) {
            int top = corruption.count();
            for (String score : scored) {
                double[] pr = corruption.precisionRecallAtTop(ScoreDirection.hardness(score, table.column(score)), top);
                results.add(new ResultsFile.Row(level, "detection", score, level, 0, -1, "precision", pr[0]));
                results.add(new ResultsFile.Row(level, "detection", score, level, 0, -1, "recall", pr[1]));
                report.printf(Locale.ROOT, "noise %.2f: top-%d by %s holds %.3f corrupted labels (precision), finds %.3f of"
                        + " them (recall)%n", level, top, score, pr[0], pr[1]);
            }
        }
        for (int r = 0; r < runs; r++) {
            point(results, steps, level, "curve", "full", 1.0, 0, r, kind, noisy, test, null, report);
        }
        if (level > 0 && aumThreshold && !results.has(level, "detection", "aum_threshold", level, 0, -1, "recall")) {
            double[] flagged = thresholdDetection(kind, noisy, corruption);
            results.add(new ResultsFile.Row(level, "detection", "aum_threshold", level, 0, -1, "flagged", flagged[0]));
            results.add(new ResultsFile.Row(level, "detection", "aum_threshold", level, 0, -1, "precision", flagged[1]));
            results.add(new ResultsFile.Row(level, "detection", "aum_threshold", level, 0, -1, "recall", flagged[2]));
            report.printf(Locale.ROOT, "noise %.2f: AUM at or below the threshold samples' 99th percentile flags %.0f"
                    + " labels, %.3f of them corrupted (precision), %.3f of the corrupted found (recall)%n", level,
                    flagged[0], flagged[1], flagged[2]);
        }
        for (int r = 0; r < runs && infoBatch; r++) {
            infoBatchPoint(results, steps, level, r, kind, noisy, test);
        }
        for (String score : scores) {
            for (double keep : keepsBelowOne()) {
                for (int r = 0; r < runs; r++) {
                    PruningPolicy policy = score.equals("random") ? new PruningPolicy.RandomSubset(training.seed + r)
                            : new PruningPolicy.Hardest();
                    float[] values = score.equals("random") ? new float[examples.size()]
                            : ScoreDirection.hardness(score, table.column(score));
                    int[] kept = policy.select(values, examples.labels(), examples.numClasses(), keep);
                    point(results, steps, level, "curve", score, keep, 0, r, kind, noisy, test, kept, report);
                }
            }
        }
        for (int w = 0; w < windows; w++) {
            double offset = windows == 1 ? 0 : (1 - windowSize) * w / (windows - 1);
            double rounded = Math.round(offset * 1e6) / 1e6;
            int[] kept = new PruningPolicy.Window(rounded).select(table.column("el2n"), examples.labels(),
                    examples.numClasses(), windowSize);
            for (int r = 0; r < runs; r++) {
                point(results, steps, level, "window", "el2n", windowSize, rounded, r, kind, noisy, test, kept, report);
            }
        }
    }

    /** Trains one fresh model on {@code kept} (all when null) and records its test accuracy, unless done already. */
    private void point(ResultsFile results, Steps steps, double level, String phase, String score, double keep,
                       double offset, int run, ModelKind kind, DataSource.Loaded train, DataSource.Loaded test,
                       int[] kept, PrintWriter report) throws IOException {
        if (results.has(level, phase, score, keep, offset, run, "test_accuracy")) {
            steps.skip();
            return;
        }
        steps.next(String.format(Locale.ROOT, "noise %.2f %s %s keep %.2f offset %.2f seed %d", level, phase, score, keep,
                offset, run));
        TrainingJob.Result result = TrainingJob.run(train, test,
                new TrainingJob.Settings(kind, epochs, training.seed + run, training.batchSize, kept, null), null);
        results.add(new ResultsFile.Row(level, phase, score, keep, offset, run, "test_accuracy", result.testAccuracy()));
        results.add(new ResultsFile.Row(level, phase, score, keep, offset, run, "seconds", result.seconds()));
    }

    /** AUM over the first T epochs of R runs on the data with threshold samples: {flagged, precision, recall}. */
    private double[] thresholdDetection(ModelKind kind, DataSource.Loaded noisy, LabelNoise corruption) {
        Examples examples = noisy.examples();
        AumThreshold draw = AumThreshold.draw(examples.labels(), examples.numClasses(), training.seed);
        ScoreStore store = new ScoreStore(examples.size());
        ScoringJob.run(noisy.withLabels(draw.labels(), examples.numClasses() + 1), new ScoringJob.Settings(kind,
                scoreEpoch, scoreEpoch, runs, training.seed, training.batchSize, List.of("aum"),
                GrandListener.Mode.EXACT, 0, 0), store);
        return draw.flag(store.column("aum").means(), corruption.corrupted());
    }

    /** Trains one fresh model with InfoBatch (defaults r = 0.5, δ = 0.875) and records it, unless done already. */
    private void infoBatchPoint(ResultsFile results, Steps steps, double level, int run, ModelKind kind,
                                DataSource.Loaded train, DataSource.Loaded test) throws IOException {
        if (results.has(level, "dynamic", "infobatch", 1, 0, run, "test_accuracy")) {
            steps.skip();
            return;
        }
        steps.next(String.format(Locale.ROOT, "noise %.2f infobatch seed %d", level, run));
        TrainingJob.Result result = TrainingJob.run(train, test, new TrainingJob.Settings(kind, epochs,
                training.seed + run, training.batchSize, null, null,
                new TrainingJob.Dynamic("infobatch", 0.5, 0.875, null)), null);
        long fitted = result.examplesPerEpoch().stream().mapToLong(Integer::longValue).sum();
        double fraction = fitted / ((double) train.examples().size() * result.examplesPerEpoch().size());
        results.add(new ResultsFile.Row(level, "dynamic", "infobatch", 1, 0, run, "fitted_fraction", fraction));
        results.add(new ResultsFile.Row(level, "dynamic", "infobatch", 1, 0, run, "seconds", result.seconds()));
        results.add(new ResultsFile.Row(level, "dynamic", "infobatch", 1, 0, run, "test_accuracy", result.testAccuracy()));
    }

    /** The averaged scores of one noise level, computed once and kept in DIR/scores-noise-L.csv. */
    private ScoreTable scores(double level, ModelKind kind, DataSource.Loaded train, Path dir) throws IOException {
        Path file = dir.resolve(String.format(Locale.ROOT, "scores-noise-%s.csv", level));
        if (Files.isRegularFile(file)) {
            ScoreTable table = ScoreTable.read(file);
            if (table.size() == train.examples().size()) {
                return table;
            }
            throw new InvalidInputException(file + " holds " + table.size() + " examples, this run has "
                    + train.examples().size() + ": use another --out for other data");
        }
        ScoreStore store = new ScoreStore(train.examples().size());
        List<String> duringTraining = new ArrayList<>();
        for (String score : List.of("el2n", "forgetting", "aum")) {
            if (scores.contains(score) || (score.equals("el2n") && windows > 0)) {
                duringTraining.add(score);
            }
        }
        if (!duringTraining.isEmpty()) {
            ScoringJob.run(train, new ScoringJob.Settings(kind, scoreEpoch, scoreEpoch, runs, training.seed,
                    training.batchSize, duringTraining, GrandListener.Mode.EXACT, 0, 0), store);
        }
        if (scores.contains("grand")) {
            ScoringJob.run(train, new ScoringJob.Settings(kind, 0, 0, runs, training.seed, training.batchSize,
                    List.of("grand"), GrandListener.Mode.EXACT, 0, 0), store);
        }
        ScoreTable.write(file, train.examples().labels(), store);
        return ScoreTable.read(file);
    }

    /** Progress over all points of the experiment, with an ETA, on stderr. */
    private static final class Steps {
        private long total;
        private final long start = System.nanoTime();
        private long done;

        Steps(long total) {
            this.total = total;
        }

        /** A point measured by an earlier run: no work, so it leaves the estimate. */
        void skip() {
            total--;
        }

        void next(String what) {
            done++;
            double elapsed = (System.nanoTime() - start) / 1e9;
            double eta = done <= 1 ? Double.NaN : elapsed / (done - 1) * (total - done + 1);
            System.err.printf(Locale.ROOT, "experiment %d/%d: %s (elapsed %.0f s, eta %s)%n", done, total, what,
                    elapsed, Double.isNaN(eta) ? "--" : String.format(Locale.ROOT, "%.0f s", eta));
        }
    }
}
