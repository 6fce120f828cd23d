package org.datadiet4j.resume;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.internal.network.NetworkView;
import org.datadiet4j.internal.state.StateFile;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.optimize.listeners.Checkpoint;
import org.deeplearning4j.optimize.listeners.CheckpointListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a DL4J {@link CheckpointListener} and, every time it saves the model, saves beside it
 * ({@code checkpoint_<n>_datadiet.state}) the state of every {@link Resumable} listener registered on
 * the model and of the parts they hold, found by itself (see {@link Resumable} for the contract): the
 * scoring listeners and their stores, forgetting counts, the NTK's previous kernel, the pruning
 * decision, the id-stamping iterator's pass, position and keep-set, a user's own {@code Resumable}
 * listeners; with them the model's epoch and iteration counters and ND4J's random state (which dropout
 * draws from). Nothing is listed by hand except a part no registered listener holds
 * ({@link Builder#alsoSave}, e.g. the iterator {@code fit} trains on when no datadiet listener follows
 * it). {@link ResumePoints#latest(File)} finds the newest checkpoint that has both files, and
 * {@link ResumePoint#restore} puts a freshly built twin of every part back, so that {@code fit} on the
 * loaded model continues bit for bit as the uninterrupted run would have.
 *
 * <p>Register this listener (not the {@code CheckpointListener}, which it calls) last, so a checkpoint
 * at the end of an epoch includes that epoch's scores (checked). The state is written right after the
 * model, in the same callback, and only once the model file is on disk. Checkpoints at the end of an
 * epoch and every N iterations both work; a checkpoint taken at the last iteration of an epoch, before
 * the epoch ends, gets no state (resuming there would skip the end of the epoch): {@code latest} passes
 * over it. DL4J refuses to reuse a checkpoint directory, so a resumed job writes its checkpoints into a
 * new one.
 */
public final class ResumableCheckpointListener extends BaseTrainingListener {

    private static final Logger log = LoggerFactory.getLogger(ResumableCheckpointListener.class);

    private final CheckpointListener checkpoints;
    private final File directory;
    private final List<Resumable> alsoSaved;
    private ResumableParts parts;
    private Model checkedModel;
    private int saves;

    private ResumableCheckpointListener(Builder builder) {
        this.checkpoints = builder.checkpoints;
        this.directory = builder.directory;
        this.alsoSaved = List.copyOf(builder.alsoSaved);
    }

    /**
     * Saves listener state with every checkpoint {@code checkpoints} writes into {@code directory},
     * which must be the directory it was built with. Keep at least the last 3 checkpoints
     * ({@code keepLast(3)}): the one at the last iteration of an epoch has no state, and DL4J deletes
     * old ones before the state of the new one is written.
     */
    public static Builder builder(CheckpointListener checkpoints, File directory) {
        return new Builder(checkpoints, directory);
    }

    /** The parts given to {@link Builder#alsoSave}, which {@link ResumePoint#restore} finds through this listener. */
    List<Resumable> alsoSaved() {
        return alsoSaved;
    }

    @Override
    public void onEpochStart(Model model) {
        // found again at each epoch: listeners registered between two fit calls are saved too
        parts = find(model);
        for (ExampleIdIterator iterator : parts.iterators()) {
            iterator.fittedBatchIds().passStarting(model);
        }
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        if (parts == null) {
            parts = find(model);
        }
        List<ExampleIdIterator> iterators = parts.iterators();
        for (ExampleIdIterator iterator : iterators) {
            // takes this iteration's batch if no other listener has, so the position in the pass is known
            iterator.fittedBatchIds().idsOfCurrentBatch(model);
        }
        long before = ResumePoints.recordLength(directory);
        checkpoints.iterationDone(model, iteration, epoch);
        if (ResumePoints.recordLength(directory) != before) {
            if (iterators.isEmpty()) {
                log.warn("mid-epoch checkpoint saved without listener state: no registered listener holds the"
                        + " ExampleIdIterator fit trains on; alsoSave(iterator) it, so the position in the epoch"
                        + " can be restored");
            } else if (iterators.stream().anyMatch(it -> it.fittedBatchIds().fittedInPass() == it.visitingCount())) {
                log.info("checkpoint at the last iteration of epoch {} saved without listener state: resuming"
                        + " uses the one at the end of the epoch", epoch + 1);
            } else {
                // DL4J counts the iteration after this callback and applies constraints then
                save(model, NetworkView.of(model).epochCount(), NetworkView.of(model).iterationCount() + 1, true);
            }
        }
    }

    @Override
    public void onEpochEnd(Model model) {
        long before = ResumePoints.recordLength(directory);
        checkpoints.onEpochEnd(model);
        if (ResumePoints.recordLength(directory) != before) {
            // DL4J counts the epoch after this callback: the saved model still shows the finishing one
            save(model, NetworkView.of(model).epochCount() + 1, NetworkView.of(model).iterationCount(), false);
        } else {
            requireSameDirectory();
        }
    }

    /** The parts to save, found on the model; checks once per model that this listener is registered last. */
    private ResumableParts find(Model model) {
        List<TrainingListener> registered = NetworkView.of(model).listeners();
        if (model != checkedModel) {
            requireRegisteredLast(registered);
            checkedModel = model;
        }
        ResumableParts found = ResumableParts.find(registered, List.of(new FitCounters(0, 0, false)));
        if (parts == null && found.iterators().isEmpty()) {
            log.warn("no registered listener holds an ExampleIdIterator: the data order of a resumed run will"
                    + " differ unless the iterator fit trains on is saved too (alsoSave(iterator))");
        }
        return found;
    }

    private void requireRegisteredLast(List<TrainingListener> registered) {
        if (registered.indexOf(this) != registered.size() - 1) {
            throw new IllegalStateException("register the ResumableCheckpointListener last: "
                    + registered.get(registered.size() - 1).getClass().getSimpleName() + " comes after it, so its"
                    + " work in an iteration would be missing from the saved state");
        }
        if (registered.contains(checkpoints)) {
            throw new IllegalStateException("the CheckpointListener is registered on the model too: register only"
                    + " the ResumableCheckpointListener, which calls it");
        }
    }

    /** Fails when the CheckpointListener has saved into another directory: no state would ever be saved. */
    private void requireSameDirectory() {
        Checkpoint last = checkpoints.lastCheckpoint();
        if (last != null && !ResumePoints.lastRecordIn(directory).equals(last.toFileString())) {
            throw new IllegalStateException("the CheckpointListener saves into another directory than " + directory
                    + ": give ResumableCheckpointListener.builder the directory the CheckpointListener was built with");
        }
    }

    private void save(Model model, int epochs, int iterations, boolean midEpoch) {
        Checkpoint checkpoint = checkpoints.lastCheckpoint();
        Path file = ResumePoints.stateFile(directory, checkpoint.getCheckpointNum());
        parts = ResumableParts.find(NetworkView.of(model).listeners(), List.of(new FitCounters(epochs, iterations, midEpoch)));
        long start = System.nanoTime();
        try {
            // the state must never be on disk before the model and the record it belongs to
            ResumePoints.forceToDisk(new File(directory, checkpoint.getFilename()));
            ResumePoints.forceToDisk(new File(directory, ResumePoints.INFO_FILE));
            StateFile.write(file, parts.keyed());
            ResumePoints.deleteOrphanedStates(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("saving the listener state to " + file + " failed", e);
        }
        saves++;
        log.info("listener state saved with checkpoint {} ({} epochs, {} iterations done{}): {} parts, {} bytes"
                + " in {} s", checkpoint.getCheckpointNum(), epochs, iterations, midEpoch ? ", mid-epoch" : "",
                parts.keyed().size(), file.toFile().length(), String.format(Locale.ROOT, "%.3f", (System.nanoTime() - start) / 1e9));
    }

    /** States saved so far. */
    public int saves() {
        return saves;
    }

    /** Options of a {@link ResumableCheckpointListener}: the CheckpointListener and its directory, required. */
    public static final class Builder {
        private final CheckpointListener checkpoints;
        private final File directory;
        private final List<Resumable> alsoSaved = new ArrayList<>();

        private Builder(CheckpointListener checkpoints, File directory) {
            if (checkpoints == null || directory == null) {
                throw new IllegalArgumentException("give the CheckpointListener and the directory it writes to");
            }
            this.checkpoints = checkpoints;
            this.directory = directory;
        }

        /**
         * Also saves (and, through this listener, restores) parts no registered listener holds: the
         * iterator {@code fit} trains on when no datadiet listener follows it, a counter of the user's
         * own. Optional; a part also found through a listener is saved once.
         */
        public Builder alsoSave(Resumable... parts) {
            for (Resumable part : parts) {
                if (part == null) {
                    throw new IllegalArgumentException("a part to save is null: name only parts that exist");
                }
                alsoSaved.add(part);
            }
            return this;
        }

        public ResumableCheckpointListener build() {
            // parts that could not be told apart on restore are refused now, not at the first checkpoint
            ResumableParts.find(List.of(), alsoSaved);
            return new ResumableCheckpointListener(this);
        }
    }
}
