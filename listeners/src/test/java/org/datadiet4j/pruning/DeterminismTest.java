package org.datadiet4j.pruning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.Examples;
import org.datadiet4j.listeners.El2nListener;
import org.datadiet4j.listeners.ForgettingListener;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Same seed, same everything: scores, keep-set, forgetting counts and the pruned model, run to run. */
class DeterminismTest {

    private record Outcome(float[] el2n, int[] kept, float[] forgetting, float[] params) {
    }

    private static Outcome run() {
        Random random = new Random(5);
        float[][] x = new float[300][6];
        int[] y = new int[300];
        for (int i = 0; i < 300; i++) {
            y[i] = random.nextInt(3);
            for (int j = 0; j < 6; j++) {
                x[i][j] = (float) (y[i] * (j % 3 - 1) + random.nextGaussian());
            }
        }
        Examples examples = Examples.of(Nd4j.create(x), y, 3);
        ExampleIdIterator iterator = examples.shuffledIterator(32, 7);
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(11)
                .updater(new Adam(1e-2)).list()
                .layer(new DenseLayer.Builder().nOut(16).activation(Activation.RELU).dropOut(0.8).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(6)).build());
        net.init();
        El2nListener el2n = El2nListener.builder(examples).atEpochs(2).build();
        ForgettingListener forgetting = ForgettingListener.builder(iterator).atEpochs(5).build();
        EarlyPruningListener pruner = EarlyPruningListener.builder(iterator, el2n).atEpoch(2).keep(0.5)
                .policy(new PruningPolicy.Stratified(0.1, 5, 3)).build();
        net.setListeners(forgetting, pruner);
        net.fit(iterator, 5);
        return new Outcome(el2n.store().column("el2n").means(), pruner.decision().kept(),
                forgetting.store().column("forgetting").means(), net.params().toFloatVector());
    }

    @Test
    void twoRunsWithTheSameSeedsAreBitIdentical() {
        Outcome first = run();
        Outcome second = run();
        assertThat(second.el2n()).containsExactly(first.el2n());
        assertThat(second.kept()).containsExactly(first.kept());
        assertThat(second.forgetting()).containsExactly(first.forgetting());
        assertThat(second.params()).containsExactly(first.params());
    }
}
