package org.datadiet4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.datadiet4j.datasets.DataSource;
import org.datadiet4j.io.AtomicFiles;
import org.datadiet4j.io.InvalidInputException;
import org.datadiet4j.listeners.GrandListener;
import org.datadiet4j.models.ModelKind;
import org.datadiet4j.scores.ScoreStore;
import org.datadiet4j.scores.ScoreTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code datadiet score}: trains, scores every training example, writes the score table. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Train R runs for E epochs, score every training example at epoch E, write DIR/scores.csv"
                + " (id,label,<score>[,<score>_std]) and DIR/provenance.json.")
final class ScoreCommand implements Callable<Integer> {

    static final List<String> AVAILABLE_SCORES = List.of("el2n", "grand", "forgetting");

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

    @Option(names = "--epochs", defaultValue = "2", paramLabel = "E",
            description = "Train E epochs; 0 scores at initialisation without training (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--score-epoch", paramLabel = "T",
            description = "Score EL2N and GraNd after epoch T, 0 <= T <= E (default: E). Forgetting counts all E epochs.")
    Integer scoreEpoch;

    @Option(names = "--scores", defaultValue = "el2n", split = ",", paramLabel = "NAME",
            description = "Scores to compute, comma-separated (available: el2n, grand, forgetting).")
    List<String> scores;

    @Option(names = "--grand-mode", defaultValue = "exact", paramLabel = "exact|last-layer",
            description = "GraNd over all parameters (exact, default) or the output layer only (last-layer).")
    String grandMode;

    @Option(names = "--verify", defaultValue = "0", paramLabel = "K",
            description = "Check GraNd's fast path against per-example backpropagation on K random examples.")
    int verify;

    @Option(names = "--runs", defaultValue = "1", paramLabel = "R",
            description = "Independent runs to average, seeds S..S+R-1 (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--out", defaultValue = "datadiet-out", paramLabel = "DIR",
            description = "Output directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--ntk-probe", defaultValue = "0", paramLabel = "N",
            description = "Track the NTK velocity of N random training examples every epoch (first run); writes DIR/ntk.csv.")
    int ntkProbe;

    @Option(names = "--save-models", paramLabel = "DIR",
            description = "Save each run's model as it was scored (after epoch T) to DIR/run-001.zip, run-002.zip, ...:"
                    + " the --models of datadiet spark-score.")
    Path saveModels;

    @Mixin
    CheckpointOptions resume;

    @Override
    public Integer call() {
        requireAtLeast("--ntk-probe", ntkProbe, 0);
        for (String score : scores) {
            if (!AVAILABLE_SCORES.contains(score)) {
                throw new InvalidInputException("unknown score '" + score + "' in --scores: available are "
                        + String.join(", ", AVAILABLE_SCORES));
            }
        }
        requireAtLeast("--epochs", epochs, 0);
        int scoredAt = scoreEpoch == null ? epochs : scoreEpoch;
        if (scoredAt < 0 || scoredAt > epochs) {
            throw new InvalidInputException("--score-epoch must be in [0, " + epochs + "] (the training epochs), got "
                    + scoredAt);
        }
        if (scores.contains("forgetting") && epochs == 0) {
            throw new InvalidInputException("forgetting events are counted during training: set --epochs to 1 or more");
        }
        requireAtLeast("--verify", verify, 0);
        if (verify > 0 && !scores.contains("grand")) {
            throw new InvalidInputException("--verify checks GraNd: add grand to --scores");
        }
        GrandListener.Mode mode = switch (grandMode) {
            case "exact" -> GrandListener.Mode.EXACT;
            case "last-layer" -> GrandListener.Mode.LAST_LAYER;
            default -> throw new InvalidInputException("unknown --grand-mode '" + grandMode + "': use exact or last-layer");
        };
        requireAtLeast("--runs", runs, 1);
        noise.check();
        ModelKind kind = training.kind();
        DataSource source = data.source();
        List<String> distinct = scores.stream().distinct().toList();
        ScoringJob.Settings settings = new ScoringJob.Settings(kind, epochs, scoredAt, runs, training.seed,
                training.batchSize, distinct, mode, verify, ntkProbe);
        if (resume.requested() && epochs == 0) {
            throw new InvalidInputException("--checkpoints needs training: set --epochs to 1 or more");
        }
        split.checkTraining(source);
        CheckpointDirectory resumable = resume.directory("data=" + source.spec() + split.settings() + noise.settings()
                + " limit=" + data.limitOrAll() + " " + settings);
        ScoredModels models = saveModels == null ? null : ScoredModels.in(saveModels, runs);
        PrintWriter report = spec.commandLine().getOut();
        scoreAndReport(source, () -> noise.apply(split.loadTraining(source, data.limitOrAll(), training.seed), report),
                split.settings().strip(), noise.settings().strip(), settings, out, resumable, models, report);
        return 0;
    }

    static void requireAtLeast(String option, long value, long min) {
        if (value < min) {
            throw new InvalidInputException(option + " must be at least " + min + ", got " + value);
        }
    }

    /**
     * The work of {@code score}: load the training examples, train and score, write the table, print a summary;
     * {@code testSplit} (empty for none) says which rows a test split held out, {@code labelNoise} (empty for none)
     * which label noise {@code training} applied; with {@code models}, each run's scored model is saved there.
     */
    static void scoreAndReport(DataSource source, Supplier<DataSource.Loaded> training, String testSplit,
                               String labelNoise, ScoringJob.Settings settings, Path out, CheckpointDirectory checkpoints,
                               ScoredModels models, PrintWriter report) {
        Path dir = OutputDirectory.prepare(out);
        long start = System.nanoTime();
        DataSource.Loaded loaded = training.get();
        if (settings.model() == ModelKind.LENET && !loaded.isImage()) {
            throw new InvalidInputException("--model lenet needs square images; " + source.spec()
                    + " has " + loaded.examples().width() + " features per example: use --model mlp");
        }
        report.printf("data: %s, %d examples, %d classes; model %s; %d run(s) of %d epoch(s), scored after epoch %d%n",
                source.spec(), loaded.examples().size(), loaded.examples().numClasses(), settings.model().cliName(),
                settings.runs(), settings.epochs(), settings.scoreEpoch());
        ScoringJob.Result result = ScoringJob.run(loaded, settings, new ScoreStore(loaded.examples().size()),
                checkpoints, report, models);
        Path table = dir.resolve("scores.csv");
        try {
            ScoreTable.write(table, loaded.examples().labels(), result.store());
            writeProvenance(dir.resolve("provenance.json"), source, testSplit, labelNoise, loaded, settings);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the score table to " + dir + " failed", e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        report.printf("wrote %s (%d examples) in %.1f s%n", table, loaded.examples().size(), seconds);
        if (models != null) {
            report.printf("saved the scored model of each of the %d run(s) to %s (run-001.zip, ...)%n", models.runs(),
                    models.file(0).getParent());
        }
        for (String score : settings.scores()) {
            Summary.print(report, score, result.store().column(score).means(), loaded.examples(), 10);
        }
        if (settings.scores().contains("forgetting")) {
            Summary.printForgetting(report, result.store().column("forgetting").means(),
                    result.store().column("ever_learned").means());
        }
        for (Map.Entry<String, Double> pass : result.secondsPerPass().entrySet()) {
            Summary.printScoringCost(report, pass.getKey(), pass.getValue(), result.secondsPerEpoch(),
                    "means over " + result.timedRuns() + " run(s)");
        }
        if (result.ntk() != null) {
            NtkReport.write(dir.resolve("ntk.csv"), result, settings, loaded.examples(), report);
        }
        if (result.verification() != null) {
            report.printf("grand verify: max relative error %.3g over %d examples%n",
                    result.verification().maxRelativeError(), result.verification().examples());
        }
    }

    private static void writeProvenance(Path file, DataSource source, String testSplit, String labelNoise,
                                        DataSource.Loaded loaded, ScoringJob.Settings settings) throws IOException {
        String json = "{\n"
                + "  \"tool\": \"datadiet4j 0.1.0\",\n"
                + "  \"created\": \"" + Instant.now() + "\",\n"
                + "  \"data\": \"" + jsonText(source.spec()) + "\",\n"
                + (testSplit.isEmpty() ? "" : "  \"testSplit\": \"" + jsonText(testSplit) + "\",\n")
                + (labelNoise.isEmpty() ? "" : "  \"labelNoise\": \"" + labelNoise + "\",\n")
                + "  \"examples\": " + loaded.examples().size() + ",\n"
                + "  \"classes\": " + loaded.examples().numClasses() + ",\n"
                + "  \"model\": \"" + settings.model().cliName() + "\",\n"
                + "  \"scores\": [" + String.join(", ", settings.scores().stream().map(n -> "\"" + n + "\"").toList())
                + "],\n"
                + "  \"grandMode\": \"" + (settings.grandMode() == GrandListener.Mode.EXACT ? "exact" : "last-layer")
                + "\",\n"
                + "  \"epochs\": " + settings.epochs() + ",\n"
                + "  \"scoreEpoch\": " + settings.scoreEpoch() + ",\n"
                + "  \"runs\": " + settings.runs() + ",\n"
                + "  \"seeds\": [" + settings.seed() + ", " + (settings.seed() + settings.runs() - 1) + "],\n"
                + "  \"batchSize\": " + settings.batchSize() + ",\n"
                + "  \"scoring\": \"inference mode (no dropout, batch norm on running statistics); mean over runs,"
                + " _std = sample standard deviation; grand = norm of the loss gradient without regularisation\"\n"
                + "}\n";
        AtomicFiles.writeText(file, w -> w.write(json));
    }

    private static String jsonText(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
