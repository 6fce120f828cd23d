package org.datadiet4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.datadiet4j.internal.network.NetworkView;
import org.datadiet4j.io.AtomicFiles;
import org.datadiet4j.io.InvalidInputException;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.util.ModelSerializer;

/**
 * {@code datadiet score --save-models DIR}: the model of each run as it was scored, saved as
 * {@code DIR/run-001.zip}, {@code run-002.zip}, … ({@code ModelSerializer}, without the updater), each written
 * atomically: what {@code datadiet spark-score --models DIR} scores on Spark, in run order.
 */
final class ScoredModels {

    private final Path dir;
    private final int runs;

    private ScoredModels(Path dir, int runs) {
        this.dir = dir;
        this.runs = runs;
    }

    /**
     * Prepares {@code dir} for the models of {@code runs} runs, refusing one that holds other model files,
     * which a later {@code --models DIR} would score as runs of this job.
     */
    static ScoredModels in(Path dir, int runs) {
        OutputDirectory.prepare(dir);
        try (DirectoryStream<Path> zips = Files.newDirectoryStream(dir, "*.zip")) {
            for (Path zip : zips) {
                String name = zip.getFileName().toString();
                if (!isRunFile(name, runs)) {
                    throw new InvalidInputException("--save-models " + dir + " holds " + name + ", which is not a model"
                            + " of this job's " + runs + " run(s): choose an empty directory");
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException("cannot list --save-models " + dir + ": " + e.getMessage());
        }
        return new ScoredModels(dir, runs);
    }

    private static boolean isRunFile(String name, int runs) {
        for (int run = 0; run < runs; run++) {
            if (name.equals(fileName(run))) {
                return true;
            }
        }
        return false;
    }

    /** The file of run {@code run} (0-based): run-001.zip for the first; names sort in run order. */
    static String fileName(int run) {
        return String.format("run-%03d.zip", run + 1);
    }

    Path file(int run) {
        return dir.resolve(fileName(run));
    }

    /** The listener that saves run {@code run}'s model after epoch {@code scoreEpoch} (0: before training). */
    BaseTrainingListener saverFor(int run, int scoreEpoch) {
        return new BaseTrainingListener() {
            @Override
            public void onEpochStart(Model model) {
                if (scoreEpoch == 0 && NetworkView.of(model).epochCount() == 0) {
                    save(run, model);
                }
            }

            @Override
            public void onEpochEnd(Model model) {
                if (NetworkView.of(model).epochCount() + 1 == scoreEpoch) {
                    save(run, model);
                }
            }
        };
    }

    /** Saves run {@code run}'s model now. */
    void save(int run, Model model) {
        try {
            AtomicFiles.writeBytes(file(run), out -> ModelSerializer.writeModel(model, out, false));
        } catch (IOException e) {
            throw new UncheckedIOException("saving the model of run " + (run + 1) + " to " + file(run) + " failed", e);
        }
    }

    int runs() {
        return runs;
    }
}
