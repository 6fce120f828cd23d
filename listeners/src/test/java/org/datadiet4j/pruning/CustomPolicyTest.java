package org.datadiet4j.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.Examples;
import org.datadiet4j.listeners.El2nListener;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** A user's own policy, as a lambda, in the pruner; and what the pruner refuses from one. */
class CustomPolicyTest {

    private static final int N = 120;

    /** The README's example: the hardest fraction, but never a score above a cap (suspected noise). */
    private static PruningPolicy hardestBelow(float cap) {
        return (scores, labels, numClasses, keepFraction) -> {
            int k = PruningPolicy.budget(scores, keepFraction);
            return java.util.Arrays.stream(Ranking.highestFirst(scores))
                    .filter(id -> scores[id] <= cap).limit(k).sorted().toArray();
        };
    }

    private static Examples blobs() {
        Random random = new Random(5);
        float[][] x = new float[N][3];
        int[] y = new int[N];
        for (int i = 0; i < N; i++) {
            y[i] = i % 2;
            for (int j = 0; j < 3; j++) {
                x[i][j] = (float) ((y[i] == 0 ? 1 : -1) + 1.5 * random.nextGaussian());
            }
        }
        return Examples.of(Nd4j.create(x), y, 2);
    }

    private static MultiLayerNetwork softmaxRegression() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(2)
                .updater(new Adam(1e-2)).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(3)).build());
        net.init();
        return net;
    }

    @Test
    void aLambdaPolicyDecidesWhatTheSameFitKeepsFromEpochThreeOn() {
        Examples examples = blobs();
        ExampleIdIterator iterator = examples.shuffledIterator(10, 3);
        MultiLayerNetwork net = softmaxRegression();
        El2nListener el2n = El2nListener.builder(examples).atEpochs(2).build();
        float cap = 0.9f;
        EarlyPruningListener pruner = EarlyPruningListener.builder(iterator, el2n).atEpoch(2).keep(0.25)
                .policy(hardestBelow(cap)).build();
        net.setListeners(el2n, pruner);

        net.fit(iterator, 3);

        // the reference: by hand over the recorded scores, the 30 highest of those at most the cap
        float[] scores = el2n.store().column("el2n").means();
        int[] expected = java.util.stream.IntStream.range(0, N).boxed()
                .filter(id -> scores[id] <= cap)
                .sorted((a, b) -> scores[a] != scores[b] ? Float.compare(scores[b], scores[a]) : a - b)
                .limit(30).mapToInt(Integer::intValue).sorted().toArray();
        // the cap matters here: plain hardest would keep other examples
        assertThat(new PruningPolicy.Hardest().select(scores, examples.labels(), 2, 0.25)).isNotEqualTo(expected);
        assertThat(pruner.decision().kept()).containsExactly(expected);
        assertThat(pruner.decision().policy()).isEqualTo("custom");
        assertThat(iterator.visiting()).containsExactly(expected);
    }

    @Test
    void anAnswerOutsideTheExamplesIsRefusedBeforeTraining() {
        Examples examples = blobs();
        ExampleIdIterator iterator = examples.shuffledIterator(10, 3);
        El2nListener el2n = El2nListener.builder(examples).atEpochs(2).build();
        PruningPolicy offByOne = (scores, labels, numClasses, keepFraction) -> new int[] {1, scores.length};

        assertThatThrownBy(() -> EarlyPruningListener.builder(iterator, el2n).atEpoch(2).keep(0.5)
                .policy(offByOne).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("pruning policy 'custom' returned id 120, outside [0, 120)");
    }

    @Test
    void selectCheckedSortsAndRefusesRepeatsAndEmptyAnswers() {
        float[] scores = {0.1f, 0.2f, 0.3f, 0.4f};
        int[] labels = {0, 1, 0, 1};
        assertThat(PruningPolicy.selectChecked((s, l, c, f) -> new int[] {3, 0, 2}, scores, labels, 2, 0.75))
                .containsExactly(0, 2, 3);
        assertThatThrownBy(() -> PruningPolicy.selectChecked((s, l, c, f) -> new int[] {2, 2}, scores, labels, 2, 0.5))
                .hasMessage("pruning policy 'custom' returned id 2 twice");
        assertThatThrownBy(() -> PruningPolicy.selectChecked((s, l, c, f) -> new int[0], scores, labels, 2, 0.5))
                .hasMessage("pruning policy 'custom' kept no example: it must return at least one id");
        assertThatThrownBy(() -> PruningPolicy.selectChecked((s, l, c, f) -> null, scores, labels, 2, 0.5))
                .hasMessage("pruning policy 'custom' kept no example: it must return at least one id");
        assertThatThrownBy(() -> PruningPolicy.selectChecked((s, l, c, f) -> new int[] {1, -1}, scores, labels, 2, 0.5))
                .hasMessage("pruning policy 'custom' returned id -1, outside [0, 4)");
    }
}
