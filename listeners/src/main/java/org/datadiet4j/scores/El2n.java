package org.datadiet4j.scores;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * EL2N, the error L2 norm of Paul, Ganguli and Dziugaite, "Deep Learning on a Data Diet" (NeurIPS
 * 2021), §2: for an example with predicted class probabilities p = softmax(f(x)) and one-hot label
 * y, EL2N = ‖p − y‖₂. It lies in [0, √2]: 0 when the model puts all mass on the true class, √2 when
 * it puts all mass on one wrong class.
 */
public final class El2n {

    private El2n() {
    }

    /** EL2N of one example from its class probabilities and its class index. */
    public static double of(double[] probabilities, int label) {
        if (label < 0 || label >= probabilities.length) {
            throw new IllegalArgumentException("label " + label + " is outside [0, " + probabilities.length + ")");
        }
        double sumOfSquares = 0;
        for (int k = 0; k < probabilities.length; k++) {
            double error = probabilities[k] - (k == label ? 1.0 : 0.0);
            sumOfSquares += error * error;
        }
        return Math.sqrt(sumOfSquares);
    }

    /**
     * EL2N of every row: {@code probabilities} and {@code oneHotLabels} are [batch, classes].
     * Returns one value per row.
     */
    public static float[] perExample(INDArray probabilities, INDArray oneHotLabels) {
        if (!java.util.Arrays.equals(probabilities.shape(), oneHotLabels.shape()) || probabilities.rank() != 2) {
            throw new IllegalArgumentException("probabilities and labels must both be [batch, classes], got "
                    + java.util.Arrays.toString(probabilities.shape()) + " and "
                    + java.util.Arrays.toString(oneHotLabels.shape()));
        }
        INDArray labels = oneHotLabels.castTo(probabilities.dataType());
        return probabilities.sub(labels).norm2(1).toFloatVector();
    }
}
