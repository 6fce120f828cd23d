package org.datadiet4j.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.datadiet4j.data.Examples;
import org.datadiet4j.models.ModelKind;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Paths between real DL4J networks: the ends are the children themselves, identical networks have no
 * barrier, and the loss and error agree with DL4J's own score and evaluation.
 */
class ModeConnectivityTest {

    /** More than one evaluation batch, so the batching is part of what is checked. */
    private static final int N = ModeConnectivity.BATCH + 476;

    private static Examples examples;
    private static ModeConnectivity.Split split;
    private static MultiLayerNetwork first;
    private static MultiLayerNetwork second;

    /** Overlapping blobs in 8 dimensions, 3 classes: a small MLP errs on some of them. */
    @BeforeAll
    static void trainTwoChildren() {
        Random random = new Random(7);
        float[] features = new float[N * 8];
        int[] labels = new int[N];
        for (int i = 0; i < N; i++) {
            labels[i] = random.nextInt(3);
            for (int j = 0; j < 8; j++) {
                features[i * 8 + j] = (float) ((j % 3 == labels[i] ? 1.0 : 0.0) + 1.2 * random.nextGaussian());
            }
        }
        examples = Examples.of(Nd4j.create(features, new long[] {N, 8}, DataType.FLOAT), labels, 3);
        int[] all = new int[N];
        for (int i = 0; i < N; i++) {
            all[i] = i;
        }
        split = ModeConnectivity.Split.of("train", examples, all);
        MultiLayerNetwork parent = ModelKind.MLP.build(8, 0, 3, 11);
        parent.fit(examples.shuffledIterator(64, 11));
        first = parent.clone();
        first.fit(examples.shuffledIterator(64, 12), 2);
        second = parent.clone();
        second.fit(examples.shuffledIterator(64, 13), 2);
    }

    @Test
    void theEndsOfThePathAreEachChildsOwnLossAndErrorExactly() {
        double[] firstParams = first.params().toDoubleVector();
        LossAndError[][] path = ModeConnectivity.alongPath(first, second, LinearPath.alphas(5), split);

        // α = 0 and α = 1 load the children's own parameters bit for bit: the same numbers, not close ones
        assertThat(path[0][0]).isEqualTo(ModeConnectivity.evaluate(first, split));
        assertThat(path[0][4]).isEqualTo(ModeConnectivity.evaluate(second, split));
        assertThat(path[0][0]).isNotEqualTo(path[0][4]);
        // measuring a path leaves the networks alone
        assertThat(first.params().toDoubleVector()).containsExactly(firstParams);
    }

    @Test
    void lossAndErrorAgreeWithDl4jsOwnScoreAndEvaluation() {
        for (MultiLayerNetwork child : new MultiLayerNetwork[] {first, second}) {
            LossAndError measured = ModeConnectivity.evaluate(child, split);
            DataSet all = examples.range(0, N);
            // DL4J's mean softmax cross-entropy, summed in float over the batch: agreement to float rounding
            assertThat(measured.loss()).isCloseTo(child.score(all, false), within(1e-5 * measured.loss()));
            Evaluation evaluation = child.evaluate(examples.iterator(256));
            assertThat(measured.error()).isCloseTo(1 - evaluation.accuracy(), within(1e-12));
            assertThat(measured.error()).isBetween(0.02, 0.9);
            assertThat(measured.examples()).isEqualTo(N);
        }
    }

    @Test
    void aPathBetweenTwoCopiesOfOneNetworkIsFlatWithZeroBarrier() {
        LossAndError[][] path = ModeConnectivity.alongPath(first, first.clone(), LinearPath.alphas(7), split);

        LossAndError own = ModeConnectivity.evaluate(first, split);
        double[] errors = new double[7];
        double[] losses = new double[7];
        for (int k = 0; k < 7; k++) {
            assertThat(path[0][k]).isEqualTo(own);
            errors[k] = path[0][k].error();
            losses[k] = path[0][k].loss();
        }
        assertThat(LinearPath.barrier(errors)).isZero();
        assertThat(LinearPath.barrier(losses)).isZero();
    }

    @Test
    void theMidpointIsANetworkOfTheAveragedParameters() {
        MultiLayerNetwork average = first.clone();
        average.setParams(first.params().add(second.params()).muli(0.5));
        LossAndError[][] path = ModeConnectivity.alongPath(first, second, LinearPath.alphas(3), split);

        LossAndError direct = ModeConnectivity.evaluate(average, split);
        // averaging in double then rounding to float differs from ND4J's float average by at most one ulp
        assertThat(path[0][1].loss()).isCloseTo(direct.loss(), within(1e-5 * direct.loss()));
        assertThat(path[0][1].error()).isCloseTo(direct.error(), within(2.0 / N));
    }
}
