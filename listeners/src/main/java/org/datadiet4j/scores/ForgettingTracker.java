package org.datadiet4j.scores;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import org.datadiet4j.internal.state.StateIo;

/**
 * Forgetting events (Toneva et al., "An Empirical Study of Example Forgetting during Deep Neural
 * Network Learning", ICLR 2019): example i is forgotten when it is classified correctly at one
 * presentation in a training minibatch and incorrectly at its next presentation.
 *
 * <p>Per example it keeps the number of forgetting events, the number of presentations, the
 * correctness of the last presentation and the first epoch (1-based) in which a presentation was
 * correct: 11 bytes per example.
 *
 * <p>As a score, {@link #scores()} gives the event count, and +∞ for an example never classified
 * correctly: never-learned examples rank above every learned one, as in the reference
 * implementation of the data-pruning paper (counting them as 0 events, as one popular library does,
 * would rank them among the easiest).
 */
public final class ForgettingTracker {

    private static final byte NOT_PRESENTED = -1;

    private final byte[] lastCorrect;
    private final int[] events;
    private final int[] presentations;
    private final short[] firstLearnedEpoch;

    public ForgettingTracker(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a forgetting tracker needs at least one example, got " + size);
        }
        lastCorrect = new byte[size];
        Arrays.fill(lastCorrect, NOT_PRESENTED);
        events = new int[size];
        presentations = new int[size];
        firstLearnedEpoch = new short[size];
    }

    /** Records one presentation of example {@code id} in (1-based) {@code epoch}. */
    public synchronized void record(int id, boolean correct, int epoch) {
        presented(id, correct, epoch);
    }

    /**
     * Records one presentation of each example {@code ids[r]}, classified as {@code predicted[r]}
     * against its class index {@code labels[r]}, in (1-based) {@code epoch}: one batch, under one lock.
     */
    public synchronized void record(int[] ids, int[] predicted, int[] labels, int epoch) {
        for (int r = 0; r < ids.length; r++) {
            presented(ids[r], predicted[r] == labels[r], epoch);
        }
    }

    private void presented(int id, boolean correct, int epoch) {
        if (lastCorrect[id] == 1 && !correct) {
            events[id]++;
        }
        if (correct && firstLearnedEpoch[id] == 0) {
            firstLearnedEpoch[id] = (short) Math.min(epoch, Short.MAX_VALUE);
        }
        lastCorrect[id] = (byte) (correct ? 1 : 0);
        presentations[id]++;
    }

    /** Writes the counters (for checkpoints). */
    public synchronized void writeState(DataOutput out) throws IOException {
        StateIo.writeBytes(out, lastCorrect);
        StateIo.writeInts(out, events);
        StateIo.writeInts(out, presentations);
        StateIo.writeInts(out, toInts(firstLearnedEpoch));
    }

    /** Reads what {@link #writeState} wrote, replacing the counters. */
    public synchronized void readState(DataInput in) throws IOException {
        byte[] savedCorrect = StateIo.readBytes(in);
        int[] savedEvents = StateIo.readInts(in);
        int[] savedPresentations = StateIo.readInts(in);
        int[] savedFirst = StateIo.readInts(in);
        for (int length : new int[] {savedCorrect.length, savedEvents.length, savedPresentations.length,
                savedFirst.length}) {
            StateIo.requireLength("forgetting counters", events.length, length);
        }
        System.arraycopy(savedCorrect, 0, lastCorrect, 0, lastCorrect.length);
        System.arraycopy(savedEvents, 0, events, 0, events.length);
        System.arraycopy(savedPresentations, 0, presentations, 0, presentations.length);
        for (int i = 0; i < savedFirst.length; i++) {
            firstLearnedEpoch[i] = (short) savedFirst[i];
        }
    }

    private static int[] toInts(short[] values) {
        int[] ints = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            ints[i] = values[i];
        }
        return ints;
    }

    public int size() {
        return events.length;
    }

    public synchronized int events(int id) {
        return events[id];
    }

    public synchronized int presentations(int id) {
        return presentations[id];
    }

    /** First epoch (1-based) with a correct presentation; 0 if never learned. */
    public synchronized int firstLearnedEpoch(int id) {
        return firstLearnedEpoch[id];
    }

    public synchronized boolean everLearned(int id) {
        return firstLearnedEpoch[id] != 0;
    }

    /** Forgetting events per example, +∞ for examples never learned. */
    public synchronized float[] scores() {
        float[] scores = new float[events.length];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = firstLearnedEpoch[i] == 0 ? Float.POSITIVE_INFINITY : events[i];
        }
        return scores;
    }

    /** 1 for examples learned at some presentation, 0 otherwise. */
    public synchronized float[] everLearned() {
        float[] learned = new float[events.length];
        for (int i = 0; i < learned.length; i++) {
            learned[i] = firstLearnedEpoch[i] == 0 ? 0 : 1;
        }
        return learned;
    }

    /** Forgetting events of all examples together. */
    public synchronized long totalEvents() {
        long total = 0;
        for (int e : events) {
            total += e;
        }
        return total;
    }

    /** Examples presented at least once and never classified correctly. */
    public synchronized int neverLearnedCount() {
        int count = 0;
        for (int i = 0; i < events.length; i++) {
            if (presentations[i] > 0 && firstLearnedEpoch[i] == 0) {
                count++;
            }
        }
        return count;
    }
}
