package org.datadiet4j.listeners;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Locale;
import org.datadiet4j.internal.state.StateIo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a scoring listener remembers of its passes: the epoch and scores of the last one, how many
 * were done and how long they took. Written by the training thread, read by any (a metrics scrape):
 * the pass count is published last, so a reader that sees it sees the scores of that pass. Refuses a
 * pass whose scores are not finite, so nothing downstream ever sees one; logs one line per pass.
 */
final class PassRecord {

    private static final Logger log = LoggerFactory.getLogger(EpochScoringListener.class);

    private final String scoreName;
    private final int examples;
    private volatile int lastScoredEpoch = -1;
    private volatile float[] lastScores;
    private volatile double lastPassSeconds = Double.NaN;
    private volatile int passes;
    private volatile double totalPassSeconds;

    PassRecord(String scoreName, int examples) {
        this.scoreName = scoreName;
        this.examples = examples;
    }

    /**
     * Records the pass of {@code epoch}.
     *
     * @param infinityIsAScore true when +∞ means something (never learned), false when it means overflow
     * @throws IllegalStateException naming the examples when a score is NaN (or a meaningless infinity);
     *                               nothing is recorded then
     */
    void record(int epoch, float[] scores, double seconds, boolean infinityIsAScore) {
        requireFinite(scores, epoch, infinityIsAScore);
        lastPassSeconds = seconds;
        totalPassSeconds += seconds;
        lastScoredEpoch = epoch;
        lastScores = scores.clone();
        passes++;
        log.info("{} at epoch {}: {} examples scored in {} s", scoreName, epoch, scores.length,
                String.format(Locale.ROOT, "%.3f", seconds));
    }

    private void requireFinite(float[] scores, int epoch, boolean infinityIsAScore) {
        StringBuilder ids = new StringBuilder();
        int bad = 0;
        for (int id = 0; id < scores.length; id++) {
            float s = scores[id];
            if (Float.isNaN(s) || (Float.isInfinite(s) && !(s > 0 && infinityIsAScore))) {
                if (bad < 10) {
                    ids.append(bad == 0 ? "" : ", ").append(id);
                } else if (bad == 10) {
                    ids.append(", ...");
                }
                bad++;
            }
        }
        if (bad > 0) {
            throw new IllegalStateException(scoreName + " at epoch " + epoch + " is not finite for " + bad + " of "
                    + scores.length + " examples (ids " + ids + "): the model's outputs are NaN or infinite there, so"
                    + " nothing was recorded; check those examples' features, and lower the learning rate if the"
                    + " loss diverged");
        }
    }

    /** Forgets the last pass's epoch (a new model is followed), so the same epoch is scored again. */
    void forgetLastEpoch() {
        lastScoredEpoch = -1;
    }

    int lastScoredEpoch() {
        return lastScoredEpoch;
    }

    float[] lastScores() {
        return lastScores;
    }

    double lastPassSeconds() {
        return lastPassSeconds;
    }

    int passes() {
        return passes;
    }

    double totalPassSeconds() {
        return totalPassSeconds;
    }

    void writeState(DataOutput out) throws IOException {
        out.writeInt(lastScoredEpoch);
        StateIo.writeFloats(out, lastScores);
        out.writeDouble(lastPassSeconds);
        out.writeInt(passes);
        out.writeDouble(totalPassSeconds);
    }

    /**
     * Reads what {@link #writeState} wrote; {@code more} reads what the listener wrote after it, before
     * the last pass is installed (a failure there leaves this record as it was).
     */
    void readState(DataInput in, StateReader more) throws IOException {
        int savedEpoch = in.readInt();
        float[] savedScores = StateIo.readFloats(in);
        if (savedScores != null) {
            StateIo.requireLength(scoreName + " scores", examples, savedScores.length);
        }
        double savedSeconds = in.readDouble();
        int savedPasses = in.readInt();
        double savedTotal = in.readDouble();
        more.read(in);
        lastPassSeconds = savedSeconds;
        totalPassSeconds = savedTotal;
        lastScores = savedScores;
        lastScoredEpoch = savedEpoch;
        passes = savedPasses;
    }

    /** Reads a listener's further state. */
    @FunctionalInterface
    interface StateReader {
        void read(DataInput in) throws IOException;
    }
}
