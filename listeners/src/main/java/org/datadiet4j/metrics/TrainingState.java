package org.datadiet4j.metrics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.datadiet4j.internal.network.NetworkView;
import org.datadiet4j.resume.Resumable;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * Training progress for metrics, as the model counts it: epochs completed and iterations done are
 * DL4J's epoch and iteration counters on the model's configuration (which a checkpoint saves, so a
 * resumed job continues from the epoch it stopped at, not from zero), and the loss is the score
 * DL4J reports for the last minibatch. The counters are read from the model at every callback on
 * the training thread and kept in volatile fields for a scrape on another thread.
 *
 * <p>{@link Resumable} under the key {@value #STATE_KEY}: the state saved with a checkpoint (the
 * three values) lets a resumed job report its progress and last loss before its first iteration.
 */
public final class TrainingState extends BaseTrainingListener implements Resumable {

    static final String STATE_KEY = "training-progress";

    private volatile int epochs;
    private volatile long iterations;
    private volatile double loss = Double.NaN;

    @Override
    public void onEpochStart(Model model) {
        epochs = NetworkView.of(model).epochCount();
        iterations = NetworkView.of(model).iterationCount();
    }

    @Override
    public void iterationDone(Model model, int iteration, int epochCount) {
        // DL4J passes its counters here and counts this iteration after the listeners return
        iterations = iteration + 1L;
        epochs = epochCount;
        loss = model.score();
    }

    @Override
    public void onEpochEnd(Model model) {
        // DL4J counts the epoch after this callback: the model still shows the finishing one as running
        epochs = NetworkView.of(model).epochCount() + 1;
    }

    /** Epochs the model has completed (its epoch counter, including epochs before a resume). */
    public int epochs() {
        return epochs;
    }

    /** Training iterations (parameter updates) the model has done (its iteration counter). */
    public long iterations() {
        return iterations;
    }

    /** Loss of the last training minibatch; NaN before the first. */
    public double loss() {
        return loss;
    }

    @Override
    public String stateKey() {
        return STATE_KEY;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeInt(epochs);
        out.writeLong(iterations);
        out.writeDouble(loss);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        int savedEpochs = in.readInt();
        long savedIterations = in.readLong();
        double savedLoss = in.readDouble();
        if (savedEpochs < 0 || savedIterations < 0) {
            throw new IOException("saved training progress is corrupt: " + savedEpochs + " epochs, " + savedIterations
                    + " iterations");
        }
        epochs = savedEpochs;
        iterations = savedIterations;
        loss = savedLoss;
    }
}
