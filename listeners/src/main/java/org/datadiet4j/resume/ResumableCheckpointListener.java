package org.datadiet4j.resume;
import org.datadiet4j.listeners.EpochScoringListener;
import org.datadiet4j.internal.network.NetworkView;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.scores.ScoreStore;
import org.datadiet4j.resume.Resumable;
import org.datadiet4j.internal.state.StateFile;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.optimize.listeners.Checkpoint;
import org.deeplearning4j.optimize.listeners.CheckpointListener;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a DL4J {@link CheckpointListener} and, every time it saves the model, saves the state of
 * the datadiet parts next to it ({@code checkpoint_<n>_datadiet.state}): the scoring listeners, their
 * stores, forgetting counts, the NTK's previous kernel, the pruning decision, the id-stamping
 * iterator's pass, position and keep-set, the model's epoch and iteration counters and ND4J's random
 * state (which dropout draws from). {@link #latest(File)} finds the newest checkpoint that has both,
 * and {@link ResumePoint#restore} puts a freshly built twin of every part back, so that
 * {@code fit} on the loaded model continues bit for bit as the uninterrupted run would have.
 *
 * <p>Register this listener (not the {@code CheckpointListener}, which it calls) last, after the
 * listeners it saves, so a checkpoint at the end of an epoch includes that epoch's scores; every
 * registered datadiet listener must be among the saved parts (both are checked). The state is
 * written right after the model, in the same callback, and only once the model file is on disk. Checkpoints
 * at the end of an epoch and every N iterations both work; a checkpoint taken at the last iteration
 * of an epoch, before the epoch ends, gets no state (resuming there would skip the end of the
 * epoch): {@link #latest} passes over it. DL4J refuses to reuse a checkpoint directory, so a resumed
 * job writes its checkpoints into a new one.
 */
public final class ResumableCheckpointListener extends BaseTrainingListener {

    private static final Logger log = LoggerFactory.getLogger(ResumableCheckpointListener.class);
    private static final String INFO_FILE = "checkpointInfo.txt";
    private static final String STATE_SUFFIX = "_datadiet.state";
    private static final Pattern STATE_FILE = Pattern.compile("checkpoint_(\\d+)_datadiet\\.state");
    private static final Pattern MODEL_FILE = Pattern.compile("checkpoint_(\\d+)_(MultiLayerNetwork|ComputationGraph)\\.zip");

    private final CheckpointListener checkpoints;
    private final File directory;
    private final List<Resumable> parts;
    private final List<ExampleIdIterator> iterators = new ArrayList<>();
    private boolean orderChecked;
    private int saves;

    private ResumableCheckpointListener(CheckpointListener checkpoints, File directory, List<Resumable> parts) {
        this.checkpoints = checkpoints;
        this.directory = directory;
        this.parts = withStores(parts);
        for (Resumable part : this.parts) {
            if (part instanceof ExampleIdIterator iterator) {
                iterators.add(iterator);
            }
        }
    }

    /**
     * Saves the state of {@code parts} (listeners, iterators, stores; a scoring listener's store is
     * added by itself) with every checkpoint {@code checkpoints} writes into {@code directory}, which
     * must be the directory it was built with. Keep at least the last 3 checkpoints
     * ({@code keepLast(3)}): the one at the last iteration of an epoch has no state, and DL4J deletes
     * old ones before the state of the new one is written.
     */
    public static ResumableCheckpointListener of(CheckpointListener checkpoints, File directory,
                                                 Resumable... parts) {
        if (checkpoints == null || directory == null) {
            throw new IllegalArgumentException("give the CheckpointListener and the directory it writes to");
        }
        ResumableCheckpointListener listener = new ResumableCheckpointListener(checkpoints, directory,
                Arrays.asList(parts));
        List<Resumable> all = new ArrayList<>(listener.parts);
        all.add(new TrainingCounters(0, 0, false));
        StateFile.requireDistinctKeys(all);
        return listener;
    }

    /**
     * The parts and, once each, the stores of the scoring listeners among them, each keyed by the first
     * listener that records into it (so listeners with stores of their own can be saved together).
     */
    private static List<Resumable> withStores(List<Resumable> parts) {
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        List<Resumable> all = new ArrayList<>();
        for (Resumable part : parts) {
            if (part == null) {
                throw new IllegalArgumentException("a part to save is null");
            }
            if (seen.put(part, true) == null) {
                all.add(part);
            }
        }
        for (Resumable part : parts) {
            if (part instanceof EpochScoringListener scorer && seen.put(scorer.store(), true) == null) {
                all.add(new OwnedStore(scorer.store(), scorer.stateKey()));
            }
        }
        return all;
    }

    @Override
    public void onEpochStart(Model model) {
        for (ExampleIdIterator iterator : iterators) {
            iterator.fittedBatchIds().passStarting(model);
        }
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        checkOrder(model);
        for (ExampleIdIterator iterator : iterators) {
            // takes this iteration's batch if no other listener has, so the position in the pass is known
            iterator.fittedBatchIds().idsOfCurrentBatch(model);
        }
        long before = infoLength();
        checkpoints.iterationDone(model, iteration, epoch);
        if (infoLength() != before) {
            boolean passComplete = iterators.stream()
                    .anyMatch(it -> it.fittedBatchIds().fittedInPass() == it.visitingCount());
            if (iterators.isEmpty()) {
                log.warn("mid-epoch checkpoint saved without listener state: save the ExampleIdIterator fit trains"
                        + " on with the listeners, so the position in the epoch can be restored");
            } else if (passComplete) {
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
        checkOrder(model);
        long before = infoLength();
        checkpoints.onEpochEnd(model);
        if (infoLength() != before) {
            // DL4J counts the epoch after this callback: the saved model still shows the finishing one
            save(model, NetworkView.of(model).epochCount() + 1, NetworkView.of(model).iterationCount(), false);
        } else {
            requireSameDirectory();
        }
    }

    /** Fails when the CheckpointListener has saved into another directory: no state would ever be saved. */
    private void requireSameDirectory() {
        Checkpoint last = checkpoints.lastCheckpoint();
        if (last != null && !lastRecordIn(directory).equals(last.toFileString())) {
            throw new IllegalStateException("the CheckpointListener saves into another directory than " + directory
                    + ": give ResumableCheckpointListener.of the directory the CheckpointListener was built with");
        }
    }

    private static String lastRecordIn(File directory) {
        Path info = directory.toPath().resolve(INFO_FILE);
        try {
            List<String> lines = Files.exists(info) ? Files.readAllLines(info, StandardCharsets.UTF_8) : List.of();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + info + " failed", e);
        }
    }

    private long infoLength() {
        return new File(directory, INFO_FILE).length();
    }

    private void checkOrder(Model model) {
        if (orderChecked) {
            return;
        }
        List<TrainingListener> registered = NetworkView.of(model).listeners();
        if (registered.indexOf(this) != registered.size() - 1) {
            throw new IllegalStateException("register the ResumableCheckpointListener last: "
                    + registered.get(registered.size() - 1).getClass().getSimpleName() + " comes after it, so its"
                    + " work in an iteration would be missing from the saved state");
        }
        for (TrainingListener other : registered) {
            if (other == checkpoints) {
                throw new IllegalStateException("the CheckpointListener is registered on the model too: register only"
                        + " the ResumableCheckpointListener, which calls it");
            }
            if (other instanceof Resumable && !parts.contains(other)) {
                throw new IllegalStateException(other.getClass().getSimpleName() + " (" + ((Resumable) other).stateKey()
                        + ") is registered but not saved: pass it to ResumableCheckpointListener.of(...)");
            }
        }
        orderChecked = true;
    }

    private void save(Model model, int epochs, int iterations, boolean midEpoch) {
        Checkpoint checkpoint = checkpoints.lastCheckpoint();
        Path file = stateFile(directory, checkpoint.getCheckpointNum());
        List<Resumable> all = new ArrayList<>(parts);
        all.add(new TrainingCounters(epochs, iterations, midEpoch));
        long start = System.nanoTime();
        try {
            // the state must never be on disk before the model and the record it belongs to
            forceToDisk(new File(directory, checkpoint.getFilename()));
            forceToDisk(new File(directory, INFO_FILE));
            StateFile.write(file, all);
            deleteOrphanedStates();
        } catch (IOException e) {
            throw new UncheckedIOException("saving the listener state to " + file + " failed", e);
        }
        saves++;
        log.info("listener state saved with checkpoint {} ({} epochs, {} iterations done{}): {} bytes in {} s",
                checkpoint.getCheckpointNum(), epochs, iterations, midEpoch ? ", mid-epoch" : "", file.toFile().length(),
                String.format("%.3f", (System.nanoTime() - start) / 1e9));
    }

    private static void forceToDisk(File file) throws IOException {
        try (FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Removes state files whose model file the CheckpointListener has deleted (keepLast). */
    private void deleteOrphanedStates() throws IOException {
        File[] files = directory.listFiles((dir, name) -> STATE_FILE.matcher(name).matches());
        if (files == null) {
            return;
        }
        for (File state : files) {
            Matcher m = STATE_FILE.matcher(state.getName());
            if (m.matches() && modelFile(directory, Integer.parseInt(m.group(1))).isEmpty()) {
                Files.deleteIfExists(state.toPath());
            }
        }
    }

    /** States saved so far. */
    public int saves() {
        return saves;
    }

    private static Path stateFile(File directory, int checkpointNum) {
        return directory.toPath().resolve("checkpoint_" + checkpointNum + STATE_SUFFIX);
    }

    private static Optional<File> modelFile(File directory, int checkpointNum) {
        File[] files = directory.listFiles((dir, name) -> {
            Matcher m = MODEL_FILE.matcher(name);
            return m.matches() && Integer.parseInt(m.group(1)) == checkpointNum;
        });
        return files == null || files.length == 0 ? Optional.empty() : Optional.of(files[0]);
    }

    /**
     * The newest checkpoint in {@code directory} whose model file exists and whose listener state is
     * complete and undamaged; empty when there is none (a fresh start). A torn last line of DL4J's
     * checkpoint record (a crash while it was appended) is passed over.
     */
    public static Optional<ResumePoint> latest(File directory) throws IOException {
        Path info = directory.toPath().resolve(INFO_FILE);
        if (!Files.exists(info)) {
            return Optional.empty();
        }
        ResumePoint newest = null;
        List<String> lines = Files.readAllLines(info, StandardCharsets.UTF_8);
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            Checkpoint checkpoint;
            try {
                checkpoint = Checkpoint.fromFileString(line.trim());
            } catch (RuntimeException e) {
                log.warn("skipping the unreadable checkpoint record '{}' in {}: {}", line, info, e.getMessage());
                continue;
            }
            Path state = stateFile(directory, checkpoint.getCheckpointNum());
            File model = new File(directory, checkpoint.getFilename());
            if (model.isFile() && StateFile.isIntact(state) && isReadableZip(model)
                    && (newest == null || checkpoint.getCheckpointNum() > newest.checkpoint().getCheckpointNum())) {
                newest = new ResumePoint(directory, checkpoint, state);
            }
        }
        return Optional.ofNullable(newest);
    }

    private static boolean isReadableZip(File file) {
        try (ZipFile zip = new ZipFile(file)) {
            return zip.size() > 0;
        } catch (IOException e) {
            log.warn("skipping the unreadable model file {}: {}", file, e.getMessage());
            return false;
        }
    }

    /** A store saved under the key of the first listener that records into it. */
    private record OwnedStore(ScoreStore store, String owner) implements Resumable {
        @Override
        public String stateKey() {
            return store.stateKey() + "@" + owner;
        }

        @Override
        public void writeState(DataOutput out) throws IOException {
            store.writeState(out);
        }

        @Override
        public void readState(DataInput in) throws IOException {
            store.readState(in);
        }
    }

    /** How far the saved run had got. {@code midEpoch}: the partial epoch is part of the remaining ones. */
    public record Resumed(File directory, int checkpointNum, int epochsCompleted, int iterations, boolean midEpoch) {

        /** Epochs {@code fit} must still run for a job of {@code totalEpochs}. */
        public int remainingEpochs(int totalEpochs) {
            return totalEpochs - epochsCompleted;
        }
    }

    /** A checkpoint with listener state: load its model, then restore the parts into it. */
    public record ResumePoint(File directory, Checkpoint checkpoint, Path stateFile) {

        public MultiLayerNetwork loadMultiLayerNetwork() {
            return CheckpointListener.loadCheckpointMLN(directory, checkpoint);
        }

        public ComputationGraph loadComputationGraph() {
            return CheckpointListener.loadCheckpointCG(directory, checkpoint);
        }

        /**
         * Restores every part (built as for the saved run: same examples, seeds and options), sets the
         * model's epoch and iteration counters and ND4J's random state on the calling thread, which
         * must be the one that calls {@code fit}. Call after loading the model, just before {@code fit}.
         */
        public Resumed restore(Model model, Resumable... parts) throws IOException {
            List<Resumable> all = withStores(Arrays.asList(parts));
            TrainingCounters counters = new TrainingCounters(0, 0, false);
            all.add(counters);
            StateFile.read(stateFile, all);
            NetworkView.of(model).setCounters(counters.epochs, counters.iterations);
            if (counters.midEpoch) {
                // DL4J applies parameter constraints right after the callback that saved the model
                model.applyConstraints(counters.iterations, counters.epochs);
            }
            Nd4j.getRandom().setStates(counters.randomRoot, counters.randomNode);
            return new Resumed(directory, checkpoint.getCheckpointNum(), counters.epochs, counters.iterations, counters.midEpoch);
        }
    }

    /** The model's counters and ND4J's random state at the checkpoint. */
    private static final class TrainingCounters implements Resumable {
        private int epochs;
        private int iterations;
        private boolean midEpoch;
        private long randomRoot;
        private long randomNode;

        TrainingCounters(int epochs, int iterations, boolean midEpoch) {
            this.epochs = epochs;
            this.iterations = iterations;
            this.midEpoch = midEpoch;
        }

        @Override
        public String stateKey() {
            return "training";
        }

        @Override
        public void writeState(DataOutput out) throws IOException {
            out.writeInt(epochs);
            out.writeInt(iterations);
            out.writeBoolean(midEpoch);
            out.writeLong(Nd4j.getRandom().rootState());
            out.writeLong(Nd4j.getRandom().nodeState());
        }

        @Override
        public void readState(DataInput in) throws IOException {
            epochs = in.readInt();
            iterations = in.readInt();
            midEpoch = in.readBoolean();
            randomRoot = in.readLong();
            randomNode = in.readLong();
        }
    }
}
