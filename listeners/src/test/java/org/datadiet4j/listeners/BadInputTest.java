package org.datadiet4j.listeners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.datadiet4j.data.Examples;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Input the listeners cannot use is refused with one sentence naming it, and nothing is recorded. */
class BadInputTest {

    @Test
    void nonFiniteOutputsNameTheExamplesAndRecordNothing() {
        Examples clean = TestNets.blobs(50, 8, 3, 31, DataType.FLOAT);
        INDArray features = clean.range(0, 50).getFeatures().dup();
        features.putScalar(3, 2, Float.NaN);
        features.putScalar(41, 0, Float.POSITIVE_INFINITY);
        Examples poisoned = Examples.of(features, clean.labels(), 3);
        MultiLayerNetwork model = TestNets.mlp(8, 3, 7, 0.0);
        El2nListener el2n = El2nListener.builder(poisoned).atEpochs(0).build();
        GrandListener grand = GrandListener.builder(poisoned).atEpochs(0).store(el2n.store()).build();

        assertThatThrownBy(() -> el2n.scoreNow(model, 0))
                .hasMessageStartingWith("el2n at epoch 0 is not finite for 2 of 50 examples (ids 3, 41)");
        assertThatThrownBy(() -> grand.scoreNow(model, 0)).hasMessageContaining("(ids 3, 41)");
        assertThat(el2n.store().columns()).isEmpty();
        assertThat(el2n.passes()).isZero();
        assertThat(el2n.lastScores()).isNull();
    }

    @Test
    void aModelWithAnotherClassCountOrInputWidthIsRefusedBeforeScoring() {
        Examples threeClasses = TestNets.blobs(40, 8, 3, 32, DataType.FLOAT);
        assertThatThrownBy(() -> El2nListener.builder(threeClasses).atEpochs(0).build()
                .scoreNow(TestNets.mlp(8, 4, 7, 0.0), 0))
                .hasMessageStartingWith("the model has 4 outputs but the examples have 3 classes");
        Examples nineFeatures = TestNets.blobs(40, 9, 3, 33, DataType.FLOAT);
        assertThatThrownBy(() -> GrandListener.builder(nineFeatures).atEpochs(0).build()
                .scoreNow(TestNets.mlp(8, 3, 7, 0.0), 0))
                .hasMessageStartingWith("the model cannot take these examples, whose features have shape [9]");
        var iterator = threeClasses.shuffledIterator(8, 1);
        ForgettingListener forgetting = ForgettingListener.builder(iterator).atEpochs(1).build();
        MultiLayerNetwork fourOutputs = TestNets.mlp(8, 4, 7, 0.0);
        fourOutputs.setListeners(forgetting);
        assertThatThrownBy(() -> fourOutputs.fit(iterator, 1)).hasMessageContaining("4 outputs but the examples have 3");
    }

    @Test
    void labelsThatAreNotOneHotAndEmptyIteratorsAreRefused() {
        INDArray features = Nd4j.rand(DataType.FLOAT, 3, 4);
        INDArray soft = Nd4j.createFromArray(new float[][] {{1, 0}, {0.3f, 0.7f}, {0, 1}});
        assertThatThrownBy(() -> Examples.collect(new ListDataSetIterator<>(new DataSet(features, soft).asList(), 2)))
                .hasMessageStartingWith("the label row of example 1 is not one-hot: [0.3, 0.7]");
        INDArray twoHot = Nd4j.createFromArray(new float[][] {{1, 0}, {0, 1}, {1, 1}});
        assertThatThrownBy(() -> Examples.collect(new ListDataSetIterator<>(new DataSet(features, twoHot).asList(), 2)))
                .hasMessageStartingWith("the label row of example 2 is not one-hot");
        assertThatThrownBy(() -> Examples.collect(new ListDataSetIterator<>(List.<DataSet>of(), 2)))
                .hasMessage("the iterator returned no examples: nothing to score");
        assertThatThrownBy(() -> Examples.of(Nd4j.create(DataType.FLOAT, 0, 4), new int[0], 2))
                .hasMessageContaining("the example set is empty");
        assertThatThrownBy(() -> Examples.of(features, new int[] {0, 2, 1}, 2))
                .hasMessageContaining("label 2 of example 1");
    }

    @Test
    void probeIdsMustBeDistinctAndInRange() {
        Examples examples = TestNets.blobs(20, 8, 3, 34, DataType.FLOAT);
        assertThatThrownBy(() -> NtkVelocityListener.builder(examples).probe(1, 5, 1).build())
                .hasMessage("probe id 1 appears twice: give each example once");
        assertThatThrownBy(() -> NtkVelocityListener.builder(examples).probe(1, 20).build())
                .hasMessage("probe id 20 is outside [0, 20)");
    }
}
