package org.datadiet4j.bench;

import java.util.Arrays;
import org.datadiet4j.data.Examples;
import org.datadiet4j.listeners.El2nListener;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An EL2N scoring pass against a bare DL4J {@code output()} pass over the same examples at the same
 * batch size (the listener's default, 4096): repetitions interleaved, the order alternating, one
 * warm-up pair first; the ratio taken within each pair and the median reported. Each timed side
 * repeats its pass enough times to last about half a second, so short passes are not lost in noise.
 */
final class El2nVersusOutput {

    static final int BATCH = 4096;

    private El2nVersusOutput() {
    }

    /** Per pair, EL2N pass time over bare output() pass time, in the order measured. */
    static double[] ratios(Model model, Examples examples, int pairs) {
        El2nListener el2n = El2nListener.builder(examples).atEpochs(1).build();
        Runnable scoring = () -> el2n.scoreAll(model);
        Runnable bare = () -> {
            for (int from = 0; from < examples.size(); from += BATCH) {
                INDArray features = examples.range(from, Math.min(examples.size(), from + BATCH)).getFeatures();
                output(model, features);
            }
        };
        scoring.run();
        int passes = (int) Math.max(1, Math.ceil(0.5 / time(bare)));
        double[] ratios = new double[pairs];
        for (int p = 0; p < pairs; p++) {
            boolean scoringFirst = p % 2 == 0;
            double first = time(repeat(scoringFirst ? scoring : bare, passes));
            double second = time(repeat(scoringFirst ? bare : scoring, passes));
            ratios[p] = scoringFirst ? first / second : second / first;
        }
        return ratios;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** DL4J's own inference pass of a MultiLayerNetwork or a single-output ComputationGraph. */
    static INDArray output(Model model, INDArray features) {
        if (model instanceof MultiLayerNetwork network) {
            return network.output(features);
        }
        if (model instanceof ComputationGraph graph) {
            return graph.outputSingle(features);
        }
        throw new IllegalArgumentException("expected a MultiLayerNetwork or a ComputationGraph, got "
                + model.getClass().getSimpleName());
    }

    private static Runnable repeat(Runnable pass, int times) {
        return () -> {
            for (int i = 0; i < times; i++) {
                pass.run();
            }
        };
    }

    private static double time(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }
}
