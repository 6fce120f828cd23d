package org.datadiet4j.resume;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.datadiet4j.internal.state.StateFile;
import org.datadiet4j.internal.network.NetworkView;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.listeners.Checkpoint;
import org.deeplearning4j.optimize.listeners.CheckpointListener;

/**
 * A checkpoint with listener state ({@link ResumePoints#latest(File)} finds the newest): load its
 * model, register the listeners on it as for the saved run, then {@link #restore} them.
 */
public record ResumePoint(File directory, Checkpoint checkpoint, Path stateFile) {

    public MultiLayerNetwork loadMultiLayerNetwork() {
        return CheckpointListener.loadCheckpointMLN(directory, checkpoint);
    }

    public ComputationGraph loadComputationGraph() {
        return CheckpointListener.loadCheckpointCG(directory, checkpoint);
    }

    /**
     * Restores the state of every {@link Resumable} listener registered on {@code model} and of the
     * parts they hold (built as for the saved run: same examples, seeds and options; in any order),
     * the parts a registered {@link ResumableCheckpointListener} was told to {@code alsoSave}, and
     * {@code more} parts no listener holds; then sets the model's epoch and iteration counters and
     * ND4J's random state on the calling thread, which must be the one that calls {@code fit}. Call
     * after loading the model and registering its listeners, just before {@code fit}.
     *
     * @throws IOException when the checkpoint holds the state of other parts than those found (naming
     *                     them; nothing is restored then), or a part refuses its saved state
     */
    public Resumed restore(Model model, Resumable... more) throws IOException {
        if (model == null) {
            throw new IllegalArgumentException("give the model loaded from this checkpoint, its listeners registered");
        }
        FitCounters counters = new FitCounters(0, 0, false);
        List<Resumable> named = new ArrayList<>(Arrays.asList(more));
        named.add(counters);
        ResumableParts parts = ResumableParts.find(NetworkView.of(model).listeners(), named);
        parts.requireSavedAs(stateFile, StateFile.keys(stateFile));
        StateFile.read(stateFile, parts.keyed());
        NetworkView.of(model).setCounters(counters.epochs(), counters.iterations());
        if (counters.midEpoch()) {
            // DL4J applies parameter constraints right after the callback that saved the model
            model.applyConstraints(counters.iterations(), counters.epochs());
        }
        counters.restoreRandomState();
        return new Resumed(directory, checkpoint.getCheckpointNum(), counters.epochs(), counters.iterations(),
                counters.midEpoch());
    }
}
