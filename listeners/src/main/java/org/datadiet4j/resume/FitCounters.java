package org.datadiet4j.resume;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The model's epoch and iteration counters at a checkpoint, whether it was taken in the middle of an
 * epoch, and ND4J's random state (which dropout draws from): saved with every checkpoint's parts.
 */
final class FitCounters implements Resumable {

    private int epochs;
    private int iterations;
    private boolean midEpoch;
    private long randomRoot;
    private long randomNode;

    FitCounters(int epochs, int iterations, boolean midEpoch) {
        this.epochs = epochs;
        this.iterations = iterations;
        this.midEpoch = midEpoch;
    }

    int epochs() {
        return epochs;
    }

    int iterations() {
        return iterations;
    }

    boolean midEpoch() {
        return midEpoch;
    }

    /** Puts ND4J's random generator of the calling thread back where it was at the checkpoint. */
    void restoreRandomState() {
        Nd4j.getRandom().setStates(randomRoot, randomNode);
    }

    @Override
    public String stateKey() {
        return "model-counters";
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
