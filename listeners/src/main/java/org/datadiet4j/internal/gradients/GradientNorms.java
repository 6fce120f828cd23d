package org.datadiet4j.internal.gradients;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Per-example squared gradient norms of a model's loss, for one batch. */
public interface GradientNorms {

    /**
     * ‖∇ ℓ(x_i, y_i)‖² for every row i of the batch, under the model's current parameters.
     *
     * @param features the batch's features, first dimension = example
     * @param labels   the batch's one-hot labels
     */
    double[] squaredNorms(INDArray features, INDArray labels);
}
