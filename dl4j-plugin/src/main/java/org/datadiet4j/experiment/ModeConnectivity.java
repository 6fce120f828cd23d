package org.datadiet4j.experiment;

import java.util.Arrays;
import java.util.Map;
import org.datadiet4j.data.Examples;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Loss and error along the straight line between two trained networks (linear mode connectivity,
 * Frankle et al., ICML 2020): each point θ(α) = (1 − α)θ₁ + αθ₂ of {@link LinearPath} is loaded into
 * a third network of the same architecture and evaluated in inference mode (no dropout, batch norm on
 * its running statistics).
 *
 * <p>θ is DL4J's whole flattened parameter vector ({@code params()}), so every parameter is
 * interpolated, including batch norm's running mean and its running variance as DL4J stores it
 * (log₁₀ of the standard deviation by default): the statistics are taken along the line as they are,
 * not re-estimated at each point. The two networks are not touched.
 */
public final class ModeConnectivity {

    /** Examples per forward pass. */
    static final int BATCH = 1024;

    /**
     * Examples a path is measured on.
     *
     * @param name     the split's name in the output ({@code train}, {@code test})
     * @param features one row per example (first dimension = example)
     * @param labels   class index per row
     */
    public record Split(String name, INDArray features, int[] labels) {

        /** The examples with the given ids, in the given order. */
        public static Split of(String name, Examples examples, int[] ids) {
            int[] labels = new int[ids.length];
            for (int i = 0; i < ids.length; i++) {
                labels[i] = examples.label(ids[i]);
            }
            return new Split(name, examples.gather(ids).getFeatures(), labels);
        }
    }

    private ModeConnectivity() {
    }

    /** Loss and error of {@code network} on {@code split}, in inference mode. */
    public static LossAndError evaluate(MultiLayerNetwork network, Split split) {
        int n = split.labels().length;
        float[][] probabilities = new float[n][];
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(from + BATCH, n);
            float[][] rows = network.output(split.features().get(NDArrayIndex.interval(from, to)), false)
                    .toFloatMatrix();
            System.arraycopy(rows, 0, probabilities, from, rows.length);
        }
        return LossAndError.of(probabilities, split.labels());
    }

    /**
     * Loss and error at each α of the line from {@code first} (α = 0) to {@code second} (α = 1), on
     * each split: element [s][k] is split s at {@code alphas[k]}.
     */
    public static LossAndError[][] alongPath(MultiLayerNetwork first, MultiLayerNetwork second, double[] alphas,
                                             Split... splits) {
        requireSameParameters(first, second);
        double[] start = first.params().toDoubleVector();
        double[] end = second.params().toDoubleVector();
        MultiLayerNetwork point = first.clone();
        LossAndError[][] measured = new LossAndError[splits.length][alphas.length];
        for (int k = 0; k < alphas.length; k++) {
            double[] theta = LinearPath.interpolate(start, end, alphas[k]);
            point.setParams(Nd4j.createFromArray(theta).castTo(point.params().dataType()).reshape(point.params().shape()));
            for (int s = 0; s < splits.length; s++) {
                measured[s][k] = evaluate(point, splits[s]);
            }
        }
        return measured;
    }

    private static void requireSameParameters(MultiLayerNetwork first, MultiLayerNetwork second) {
        Map<String, INDArray> a = first.paramTable();
        Map<String, INDArray> b = second.paramTable();
        boolean same = a.keySet().equals(b.keySet());
        for (Map.Entry<String, INDArray> entry : a.entrySet()) {
            same = same && Arrays.equals(entry.getValue().shape(), b.get(entry.getKey()).shape());
        }
        if (!same) {
            throw new IllegalArgumentException("the two networks have different parameters (" + a.keySet() + " and "
                    + b.keySet() + "); a linear path needs two networks of the same architecture");
        }
    }
}
