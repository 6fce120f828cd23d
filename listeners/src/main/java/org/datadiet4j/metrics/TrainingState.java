package org.datadiet4j.metrics;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * Keeps the training progress for metrics: the epoch under way (1-based), iterations done, and the
 * loss DL4J reports for the last minibatch. Written on the training thread, read on scrape.
 */
public final class TrainingState extends BaseTrainingListener {

    private volatile int epoch;
    private volatile long iterations;
    private volatile double loss = Double.NaN;

    @Override
    public void onEpochStart(Model model) {
        epoch++;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epochCount) {
        iterations++;
        loss = model.score();
    }

    public int epoch() {
        return epoch;
    }

    public long iterations() {
        return iterations;
    }

    public double loss() {
        return loss;
    }
}
