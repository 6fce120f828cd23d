package org.datadiet4j.data;

import java.util.ArrayDeque;
import org.datadiet4j.internal.network.NetworkView;
import org.deeplearning4j.nn.api.Model;

/**
 * Tells a listener which example ids are in the batch that {@code fit} is fitting right now.
 *
 * <p>DL4J wraps an iterator that supports it in an {@code AsyncDataSetIterator}, whose background
 * thread calls {@code next()} up to a few batches ahead of training: "the batch the iterator last
 * returned" is not the batch being fitted. Batches are still fitted in the order they were
 * returned, one per training iteration, so the id-stamping iterator numbers the batches of each pass
 * (0, 1, 2, … in {@code next()}, on whichever thread calls it) and the batch fitted in iteration i
 * is number i − s, s being the model's iteration counter when the pass started. Any listener may
 * ask at any iteration, every iteration or every k-th: the answer depends only on the model's
 * iteration counter.
 *
 * <p>s is read from the model when the iterator is reset for the pass (once a model is known) or
 * when a datadiet listener starts the epoch ({@link #passStarting(Model)}, called by every datadiet
 * listener that has the iterator); a listener of your own that asks during the first epoch while no
 * datadiet listener is registered must call {@code passStarting(model)} from its
 * {@code onEpochStart}. Ask from {@code onForwardPass}, {@code onBackwardPass},
 * {@code onGradientCalculation} or {@code iterationDone} of a {@code fit} call on this iterator; calls
 * outside {@code fit} (for example {@code calculateGradients}) have no batch ids.
 */
public final class FittedBatchIds {

    /** Batches of the pass not yet known to be fitted, the first being number {@code firstQueued}. */
    private final ArrayDeque<int[]> queued = new ArrayDeque<>();
    private int firstQueued;
    private int enqueued;
    private int[] current;
    private int currentNumber = -1;
    private Model model;
    private long passStart = -1;
    private int fittedInPass;

    /** Called by the iterator for each batch it returns. */
    synchronized void enqueue(int[] ids) {
        queued.addLast(ids);
        enqueued++;
    }

    /** Called by the iterator when it starts a pass: batches returned before belong to no fit. */
    synchronized void clear() {
        restart(0);
    }

    /** Called by the iterator when it is restored into the middle of a pass, {@code fitted} examples in. */
    synchronized void restart(int fitted) {
        queued.clear();
        firstQueued = 0;
        enqueued = 0;
        current = null;
        currentNumber = -1;
        fittedInPass = fitted;
        passStart = model == null ? -1 : NetworkView.of(model).iterationCount();
    }

    /**
     * Marks the start of an epoch of {@code model} on this iterator, before its first batch is fitted:
     * the model's iteration counter now is that of the pass's first batch. Datadiet listeners call it
     * from {@code onEpochStart}; repeated calls within a pass have no further effect.
     */
    public synchronized void passStarting(Model model) {
        if (currentNumber < 0) {
            this.model = model;
            passStart = NetworkView.of(model).iterationCount();
        }
    }

    /** Examples of the current pass fitted up to the batch last asked for (the restored part included). */
    public synchronized int fittedInPass() {
        return fittedInPass;
    }

    /**
     * Ids of the examples in the batch {@code model} is fitting in its current iteration, in row
     * order of the batch. The returned array must not be modified.
     *
     * @throws IllegalStateException when no batch of this iterator is being fitted, or when the start
     *                               of the pass is unknown (see the class comment)
     */
    public synchronized int[] idsOfCurrentBatch(Model model) {
        if (passStart < 0 || model != this.model) {
            throw new IllegalStateException("the start of this epoch is unknown, so the batch being fitted is too:"
                    + " register a datadiet listener built on this iterator, or call"
                    + " fittedBatchIds().passStarting(model) from your listener's onEpochStart");
        }
        long number = NetworkView.of(model).iterationCount() - passStart;
        if (number == currentNumber) {
            return current;
        }
        if (number < currentNumber || number >= firstQueued + (long) queued.size()) {
            throw new IllegalStateException("no batch of the id-stamping iterator is being fitted in iteration "
                    + NetworkView.of(model).iterationCount() + ": train with model.fit(iterator, epochs) on that"
                    + " iterator, and ask only from a training callback");
        }
        while (firstQueued < number) {
            fittedInPass += queued.removeFirst().length;
            firstQueued++;
        }
        current = queued.removeFirst();
        firstQueued++;
        currentNumber = (int) number;
        fittedInPass += current.length;
        return current;
    }

    /** Batches returned by the iterator in this pass and not yet asked for (for tests and diagnostics). */
    public synchronized int pending() {
        return queued.size();
    }

    /** Batches returned by the iterator in this pass. */
    synchronized int returnedInPass() {
        return enqueued;
    }
}
