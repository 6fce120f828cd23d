package org.datadiet4j.experiment;

/**
 * Mean cross-entropy loss and error rate of a classifier over a set of examples, from its class
 * probabilities: loss = mean over i of −ln p_{i,y_i}, error = fraction of examples whose arg max
 * (first index on ties) is not y_i. A probability below 10⁻¹⁰ counts as 10⁻¹⁰, the clipping of
 * DL4J's own softmax cross-entropy ({@code LossMCXENT}), so one confident mistake gives a finite loss.
 *
 * @param loss     mean cross-entropy, in nats
 * @param error    fraction of misclassified examples, in [0, 1]
 * @param examples number of examples measured
 */
public record LossAndError(double loss, double error, int examples) {

    /** Smallest probability the loss takes the logarithm of. */
    static final double PROBABILITY_FLOOR = 1e-10;

    /** Loss and error of probability rows (one per example) against class indices. */
    public static LossAndError of(float[][] probabilities, int[] labels) {
        if (probabilities.length != labels.length || labels.length == 0) {
            throw new IllegalArgumentException("need one probability row per label and at least one example, got "
                    + probabilities.length + " rows and " + labels.length + " labels");
        }
        double lossSum = 0;
        int wrong = 0;
        for (int i = 0; i < labels.length; i++) {
            float[] row = probabilities[i];
            int predicted = 0;
            for (int k = 1; k < row.length; k++) {
                if (row[k] > row[predicted]) {
                    predicted = k;
                }
            }
            if (predicted != labels[i]) {
                wrong++;
            }
            lossSum -= Math.log(Math.max(row[labels[i]], PROBABILITY_FLOOR));
        }
        return new LossAndError(lossSum / labels.length, (double) wrong / labels.length, labels.length);
    }
}
