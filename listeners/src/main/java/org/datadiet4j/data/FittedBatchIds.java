package org.datadiet4j.data;

import java.util.concurrent.ConcurrentLinkedQueue;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;

/**
 * Tells a listener which example ids are in the batch that {@code fit} is fitting right now.
 *
 * <p>DL4J wraps an iterator that supports it in an {@code AsyncDataSetIterator}, whose background
 * thread calls {@code next()} up to a few batches ahead of training: "the batch the iterator last
 * returned" is not the batch being fitted. Batches are still fitted in the order they were
 * returned, so the id-stamping iterator appends each batch's ids to a FIFO queue in
 * {@code next()} (on whichever thread calls it) and clears it in {@code reset()}, and the
 * training thread takes one entry per training iteration.
 *
 * <p>Several listeners may ask within one iteration: the entry is taken on the first request of
 * an iteration (keyed by the model's iteration counter, which DL4J advances after
 * {@code iterationDone}) and returned again to every later request of the same iteration. Ask from
 * {@code onForwardPass}, {@code onBackwardPass}, {@code onGradientCalculation} or
 * {@code iterationDone} of a {@code fit} call on this iterator; calls outside {@code fit} (for
 * example {@code calculateGradients}) have no batch ids.
 *
 * <p>A {@code fit} call that ends in an exception leaves the batches prefetched after the failing
 * one in the queue: call the iterator's {@code reset()} before fitting on it again.
 */
public final class FittedBatchIds {

    private final ConcurrentLinkedQueue<int[]> queued = new ConcurrentLinkedQueue<>();
    private int[] current;
    private Model currentModel;
    private int currentIteration = -1;
    private int fittedInPass;

    /** Called by the iterator for each batch it returns. */
    void enqueue(int[] ids) {
        queued.add(ids);
    }

    /** Called by the iterator when it is reset: batches returned before belong to no fit. */
    synchronized void clear() {
        queued.clear();
        current = null;
        currentModel = null;
        currentIteration = -1;
        fittedInPass = 0;
    }

    /** Called by the iterator when it is restored into the middle of a pass. */
    synchronized void restart(int fitted) {
        clear();
        fittedInPass = fitted;
    }

    /** Examples of the current pass handed to training so far (as far as listeners have asked). */
    public synchronized int fittedInPass() {
        return fittedInPass;
    }

    /**
     * Ids of the examples in the batch {@code model} is fitting in its current iteration, in row
     * order of the batch. The returned array must not be modified.
     *
     * @throws IllegalStateException when no batch of this iterator is being fitted
     */
    public synchronized int[] idsOfCurrentBatch(Model model) {
        int iteration = BaseOptimizer.getIterationCount(model);
        if (current == null || model != currentModel || iteration != currentIteration) {
            int[] next = queued.poll();
            if (next == null) {
                throw new IllegalStateException("no batch of the id-stamping iterator is being fitted: train with "
                        + "model.fit(iterator, epochs) on that iterator, and ask only from a training callback");
            }
            current = next;
            fittedInPass += next.length;
            currentModel = model;
            currentIteration = iteration;
        }
        return current;
    }

    /** Batches returned by the iterator and not yet fitted (for tests and diagnostics). */
    public int pending() {
        return queued.size();
    }
}
