package org.datadiet4j.internal.gradients;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationRReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The deterministic function an activation computes in inference mode, where it differs from the
 * activation object DL4J can backpropagate through.
 *
 * <p>RReLU (Xu et al. 2015) draws a random negative slope in [l, u] per element in training. In
 * inference DL4J 1.0.0-M2.1 computes {@code RectifiedLinear(x, (l + u)/2)}, which is max(x, (l + u)/2)
 * (measured: −1 ↦ 0.2 for l = 0.1, u = 0.3), not the leaky ReLU with slope (l + u)/2 of the paper.
 * Scores are of the model as it predicts, so the gradient paths use that function: {@link ClampedBelow},
 * derivative 1 above the floor and 0 below. (RReLU's own {@code backprop} after an inference pass throws
 * a NullPointerException: that pass leaves no slopes behind.)
 */
public final class InferenceActivations {

    private InferenceActivations() {
    }

    /** {@code activation} itself, or its inference-mode equivalent where backprop needs one. */
    public static IActivation of(IActivation activation) {
        if (activation instanceof ActivationRReLU rrelu) {
            return new ClampedBelow(0.5 * (rrelu.getL() + rrelu.getU()));
        }
        return activation;
    }

    /** f(x) = max(x, floor), f'(x) = 1 for x > floor, else 0: DL4J's RReLU in inference mode. */
    public static final class ClampedBelow extends BaseActivationFunction {

        private static final long serialVersionUID = 1L;

        private double floor;

        /** For deserialisation. */
        public ClampedBelow() {
        }

        public ClampedBelow(double floor) {
            this.floor = floor;
        }

        public double getFloor() {
            return floor;
        }

        public void setFloor(double floor) {
            this.floor = floor;
        }

        @Override
        public INDArray getActivation(INDArray in, boolean training) {
            return Nd4j.getExecutioner().exec(new RectifiedLinear(in, floor));
        }

        @Override
        public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
            assertShape(in, epsilon);
            INDArray above = in.gt(floor).castTo(epsilon.dataType());
            return new Pair<>(above.muli(epsilon), null);
        }

        @Override
        public String toString() {
            return "max(x, " + floor + ")";
        }
    }
}
