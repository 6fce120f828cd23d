package org.datadiet4j.cli;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * Measures training epochs, from {@code onEpochStart} to {@code onEpochEnd}. Registered first, it
 * stops its clock before later listeners' end-of-epoch work (a scoring pass) starts.
 */
final class EpochTimer extends BaseTrainingListener {

    private long startNanos;
    private double totalSeconds;
    private int epochs;

    @Override
    public void onEpochStart(Model model) {
        startNanos = System.nanoTime();
    }

    @Override
    public void onEpochEnd(Model model) {
        totalSeconds += (System.nanoTime() - startNanos) / 1e9;
        epochs++;
    }

    double totalSeconds() {
        return totalSeconds;
    }

    int epochs() {
        return epochs;
    }
}
