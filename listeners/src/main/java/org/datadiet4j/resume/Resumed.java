package org.datadiet4j.resume;

import java.io.File;

/**
 * How far a restored run had got: checkpoint {@code checkpointNum} in {@code directory}, after
 * {@code epochsCompleted} epochs and {@code iterations} iterations. {@code midEpoch}: the checkpoint
 * was taken inside an epoch, which counts among the remaining ones.
 */
public record Resumed(File directory, int checkpointNum, int epochsCompleted, int iterations, boolean midEpoch) {

    /** Epochs {@code fit} must still run for a job of {@code totalEpochs}. */
    public int remainingEpochs(int totalEpochs) {
        return totalEpochs - epochsCompleted;
    }
}
