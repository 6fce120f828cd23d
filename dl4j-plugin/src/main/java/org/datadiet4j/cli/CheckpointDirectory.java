package org.datadiet4j.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.datadiet4j.io.InvalidInputException;
import org.datadiet4j.resume.ResumePoint;
import org.datadiet4j.resume.ResumePoints;
import org.datadiet4j.resume.Resumed;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.listeners.CheckpointListener;

/**
 * {@code --checkpoints DIR}: each process writes DL4J checkpoints with listener state into a new
 * {@code DIR/attempt-<k>} (DL4J refuses to reuse a checkpoint directory), and a job started again
 * resumes from the newest checkpoint with intact state over all attempts. {@code DIR/job.settings}
 * holds the settings of the job, so a directory never resumes a job configured otherwise.
 */
final class CheckpointDirectory {

    private static final String ATTEMPT = "attempt-";

    private final Path root;
    private final int everyIterations;

    private CheckpointDirectory(Path root, int everyIterations) {
        this.root = root;
        this.everyIterations = everyIterations;
    }

    /** The line that says where a job resumed. */
    static void reportResume(PrintWriter out, Resumed resumed) {
        out.printf("resumed from checkpoint %d in %s: %d epoch(s) and %d iteration(s) done%s%n",
                resumed.checkpointNum(), resumed.directory(), resumed.epochsCompleted(), resumed.iterations(),
                resumed.midEpoch() ? " (mid-epoch)" : "");
        out.flush();
    }

    /** Opens {@code root} for a job with these settings; checkpoints every epoch and every N iterations (0: epochs only). */
    static CheckpointDirectory open(Path root, String settings, int everyIterations) {
        if (everyIterations < 0) {
            throw new InvalidInputException("--checkpoint-every must be at least 1 iteration, got " + everyIterations);
        }
        OutputDirectory.prepare(root);
        try {
            OutputDirectory.requireSameSettings(root.resolve("job.settings"), settings + "\n", "checkpoints of a job");
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + root.resolve("job.settings") + " failed", e);
        }
        return new CheckpointDirectory(root, everyIterations);
    }

    private List<Path> attempts() {
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(p -> p.getFileName().toString().matches(ATTEMPT + "\\d+") && Files.isDirectory(p))
                    .sorted(Comparator.comparingInt(CheckpointDirectory::attemptNumber).reversed()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + root + " failed", e);
        }
    }

    private static int attemptNumber(Path attempt) {
        return Integer.parseInt(attempt.getFileName().toString().substring(ATTEMPT.length()));
    }

    /** The newest checkpoint with intact listener state, over all attempts; empty on a fresh start. */
    Optional<ResumePoint> latest() {
        try {
            for (Path attempt : attempts()) {
                Optional<ResumePoint> point = ResumePoints.latest(
                        attempt.toFile());
                if (point.isPresent()) {
                    return point;
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the checkpoints in " + root + " failed", e);
        }
    }

    /** The model of {@code point}; one that cannot be loaded is bad input, with the way out. */
    static MultiLayerNetwork load(ResumePoint point) {
        try {
            return point.loadMultiLayerNetwork();
        } catch (RuntimeException e) {
            throw new InvalidInputException("cannot load the model of checkpoint " + point.checkpoint().getCheckpointNum()
                    + " in " + point.directory() + " (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
                    + "): remove that attempt directory to resume from an earlier one, or the whole --checkpoints"
                    + " directory to start afresh", e);
        }
    }

    /**
     * Restores the listeners registered on the loaded {@code network}, and the parts they hold, from
     * {@code point}; bad state is bad input.
     */
    static Resumed restore(ResumePoint point, Model network) {
        try {
            return point.restore(network);
        } catch (IOException e) {
            throw new InvalidInputException("cannot resume: " + e.getMessage());
        }
    }

    /** Where this process's checkpoints go: a new attempt directory. */
    File newAttempt() {
        int next = attempts().stream().mapToInt(CheckpointDirectory::attemptNumber).max().orElse(0) + 1;
        try {
            return Files.createDirectory(root.resolve(ATTEMPT + next)).toFile();
        } catch (IOException e) {
            throw new UncheckedIOException("creating " + root.resolve(ATTEMPT + next) + " failed", e);
        }
    }

    /** DL4J's checkpoint listener for {@code attempt}: every epoch and, if asked, every N iterations; the last 3 kept. */
    CheckpointListener checkpointsInto(File attempt) {
        CheckpointListener.Builder builder = new CheckpointListener.Builder(attempt).saveEveryNEpochs(1).keepLast(3)
                .logSaving(false);
        if (everyIterations > 0) {
            builder.saveEveryNIterations(everyIterations);
        }
        return builder.build();
    }
}
