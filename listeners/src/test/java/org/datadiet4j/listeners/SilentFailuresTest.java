package org.datadiet4j.listeners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.Examples;
import org.datadiet4j.scores.El2n;
import org.datadiet4j.scores.ScoreTable;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.impl.ActivationRReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.ImagePreProcessingScaler;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Settings that used to give wrong or empty results without an error: each now either works exactly
 * or is refused before training.
 */
class SilentFailuresTest {

    @TempDir
    Path dir;

    /** Pixel-like examples in 0..255: what an ImagePreProcessingScaler is for. */
    private static Examples pixels() {
        Examples blobs = TestNets.blobs(300, 8, 3, 41, DataType.FLOAT);
        INDArray x = blobs.gather(java.util.stream.IntStream.range(0, 300).toArray()).getFeatures();
        INDArray pixels = x.sub(x.minNumber()).div(x.maxNumber().doubleValue() - x.minNumber().doubleValue()).mul(255);
        return Examples.of(pixels, blobs.labels(), 3);
    }

    @Test
    void scoresAreOfTheInputsTrainingSeesWhenTheIteratorNormalises() {
        Examples raw = pixels();
        ExampleIdIterator data = raw.shuffledIterator(32, 3);
        data.setPreProcessor(new ImagePreProcessingScaler());
        El2nListener el2n = El2nListener.builder(data).atEpochs(2).build();
        MultiLayerNetwork net = TestNets.mlp(8, 3, 42, 0.0);
        net.setListeners(el2n);
        net.fit(data, 2);

        // reference: the same model on rows scaled by hand, in one batch
        DataSet all = raw.gather(java.util.stream.IntStream.range(0, 300).toArray());
        float[] expected = El2n.perExample(net.output(all.getFeatures().div(255), false), all.getLabels());
        float[] scores = el2n.store().column("el2n").means();
        for (int i = 0; i < expected.length; i++) {
            assertThat(scores[i]).isCloseTo(expected[i], org.assertj.core.api.Assertions.offset(1e-5f));
        }
    }

    @Test
    void aListenerOnTheRawExamplesRefusesWhenTheIteratorNormalises() {
        Examples raw = pixels();
        ExampleIdIterator data = raw.shuffledIterator(32, 3);
        data.setPreProcessor(new ImagePreProcessingScaler());
        MultiLayerNetwork net = TestNets.mlp(8, 3, 43, 0.0);
        net.setListeners(El2nListener.builder(raw).atEpochs(1).build());
        INDArray before = net.params().dup();

        assertThatThrownBy(() -> net.fit(data, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ImagePreProcessingScaler")
                .hasMessageContaining("builder(iterator)");
        assertThat(net.params()).isEqualTo(before);
    }

    @Test
    void aPerBatchLoopIsRefusedAtItsFirstBatchInsteadOfScoringNothing() {
        Examples examples = TestNets.blobs(100, 8, 3, 44, DataType.FLOAT);
        ExampleIdIterator data = examples.iterator(20);
        MultiLayerNetwork net = TestNets.mlp(8, 3, 45, 0.0);
        net.setListeners(El2nListener.builder(data).atEpochs(1).build());

        assertThatThrownBy(() -> {
            while (data.hasNext()) {
                net.fit(data.next());
            }
        }).isInstanceOf(IllegalStateException.class).hasMessageContaining("model.fit(iterator, epochs)");
    }

    @Test
    void aTableOfScoresThatWereNeverRecordedIsRefused() {
        Examples examples = TestNets.blobs(100, 8, 3, 46, DataType.FLOAT);
        ExampleIdIterator data = examples.iterator(20);
        El2nListener el2n = El2nListener.builder(data).atEpochs(2).build();
        MultiLayerNetwork net = TestNets.mlp(8, 3, 47, 0.0);
        net.setListeners(el2n);
        net.fit(data, 1);

        assertThatThrownBy(() -> ScoreTable.write(dir.resolve("scores.csv"), examples.labels(), el2n.store()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no score was recorded");
        assertThat(dir.resolve("scores.csv")).doesNotExist();
    }

    @Test
    void rreluTrainsWithGrandAndIsScoredAsItsInferenceModeFunction() {
        Examples examples = TestNets.blobs(120, 6, 3, 48, DataType.FLOAT);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(49).updater(new Adam(1e-2))
                .weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nOut(10).activation(new ActivationRReLU(0.1, 0.3)).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(6)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        ExampleIdIterator data = examples.shuffledIterator(30, 4);
        GrandListener grand = GrandListener.builder(data).atEpochs(0, 2).build();
        net.setListeners(grand);

        net.fit(data, 2);

        assertThat(grand.usesBruteForce()).isFalse();
        assertThat(grand.store().columns()).hasSize(2);
        assertThat(grand.verify(net, 8, 5).maxRelativeError()).isLessThan(1e-4);
    }

}
