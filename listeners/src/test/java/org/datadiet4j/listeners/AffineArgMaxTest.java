package org.datadiet4j.listeners;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class AffineArgMaxTest {

    @Test
    void matchesAHandWorkedProduct() {
        // h rows (1, 0), (0, 1), (1, 1); W = [[1, 0, -1], [0, 2, 1]], b = (0, 0, 1.5):
        // z = (1, 0, 0.5), (0, 2, 2.5), (1, 2, 1.5) -> arg max 0, 2, 1
        INDArray h = Nd4j.create(new float[][] {{1, 0}, {0, 1}, {1, 1}});
        INDArray w = Nd4j.create(new float[][] {{1, 0, -1}, {0, 2, 1}});
        INDArray b = Nd4j.create(new float[][] {{0, 0, 1.5f}});
        assertThat(new AffineArgMax().of(h, w, b)).containsExactly(0, 2, 1);
        assertThat(new AffineArgMax().of(h, w, null)).containsExactly(0, 1, 1);
    }

    @Test
    void readsViewsAndColumnMajorArraysLikeNd4jDoes() {
        INDArray big = Nd4j.rand(DataType.FLOAT, 40, 30);
        INDArray h = big.get(NDArrayIndex.interval(5, 37), NDArrayIndex.interval(3, 19));
        INDArray w = Nd4j.rand(DataType.FLOAT, 7, 16).transpose();
        INDArray wF = Nd4j.rand(DataType.DOUBLE, 16, 7).dup('f');
        INDArray b = Nd4j.rand(DataType.FLOAT, 1, 7);
        assertThat(new AffineArgMax().of(h, w, b)).containsExactly(h.mmul(w).addRowVector(b).argMax(1).toIntVector());
        INDArray hDouble = h.castTo(DataType.DOUBLE);
        assertThat(new AffineArgMax().of(hDouble, wF, null)).containsExactly(hDouble.mmul(wF).argMax(1).toIntVector());
    }

    @Test
    void tiedClassesGoToTheFirstForEveryCountOfClasses() {
        // every column of W the same and no bias: all classes tie, and the first wins, as argMax picks it
        INDArray h = Nd4j.rand(DataType.FLOAT, 5, 7).subi(0.5);
        for (int classes = 1; classes <= 9; classes++) {
            INDArray w = Nd4j.rand(DataType.FLOAT, 7, 1).repeat(1, classes);
            assertThat(new AffineArgMax().of(h, w, null)).containsOnly(0);
        }
    }

    @Test
    void logitsAreBitForBitTheOutputLayersOwnPreActivation() {
        // the output layer of a small network, given the same input h, computes its pre-activation with
        // DL4J's own code; the arg max must come from exactly those numbers, for float and double networks
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            org.deeplearning4j.nn.multilayer.MultiLayerNetwork network = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(
                    new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(3).dataType(type).list()
                            .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder().nIn(37).nOut(10)
                                    .lossFunction(org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MSE)
                                    .activation(org.nd4j.linalg.activations.Activation.IDENTITY).build())
                            .build());
            network.init();
            org.deeplearning4j.nn.api.Layer output = network.getLayer(0);
            INDArray h = Nd4j.randn(type, 129, 37);
            AffineArgMax argMax = new AffineArgMax();
            int[] predicted = argMax.of(h, output.getParam("W"), output.getParam("b"));
            // with the identity activation the layer's output is its pre-activation hW + b
            INDArray expected = output.activate(h, false, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
            double[][] logits = new double[129][10];
            for (int r = 0; r < 129; r++) {
                for (int k = 0; k < 10; k++) {
                    logits[r][k] = argMax.logit(r, k);
                }
            }
            assertThat(logits).as("%s logits, bit for bit", type).isEqualTo(expected.toDoubleMatrix());
            assertThat(predicted).containsExactly(expected.argMax(1).toIntVector());
        }
    }

    @Test
    void followsTheBatchShapeFromBatchToBatch() {
        AffineArgMax argMax = new AffineArgMax();
        INDArray w = Nd4j.rand(DataType.FLOAT, 9, 4);
        for (int rows : new int[] {8, 8, 3, 17, 8}) {
            INDArray h = Nd4j.rand(DataType.FLOAT, rows, 9);
            assertThat(argMax.of(h, w, null)).containsExactly(h.mmul(w).argMax(1).toIntVector());
        }
        INDArray wide = Nd4j.rand(DataType.FLOAT, 9, 6);
        INDArray h = Nd4j.rand(DataType.FLOAT, 8, 9);
        assertThat(argMax.of(h, wide, null)).containsExactly(h.mmul(wide).argMax(1).toIntVector());
    }

    @Test
    void followsTheDataTypeFromBatchToBatchWithTheSameShape() {
        // one instance, the same batch shape, W's type changing: float and double read the product
        // through the view kept for the array, half is widened to double, the bias added after
        AffineArgMax argMax = new AffineArgMax();
        INDArray h = Nd4j.rand(DataType.FLOAT, 12, 9).subi(0.5);
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE, DataType.HALF, DataType.FLOAT,
                DataType.HALF, DataType.DOUBLE}) {
            INDArray w = Nd4j.rand(DataType.FLOAT, 9, 5).subi(0.5).castTo(type);
            INDArray b = Nd4j.rand(DataType.FLOAT, 1, 5).castTo(type);
            INDArray product = h.castTo(type).mmul(w).castTo(DataType.DOUBLE);
            INDArray expected = product.addRowVector(b.castTo(DataType.DOUBLE));
            assertThat(argMax.of(h, w, b)).as("%s", type).containsExactly(expected.argMax(1).toIntVector());
            for (int r = 0; r < 12; r++) {
                for (int k = 0; k < 5; k++) {
                    assertThat(argMax.logit(r, k)).as("%s logit (%d, %d)", type, r, k)
                            .isCloseTo(expected.getDouble(r, k), org.assertj.core.api.Assertions.within(
                                    type == DataType.HALF ? 1e-6 : 1e-6 * (1 + Math.abs(expected.getDouble(r, k)))));
                }
            }
        }
    }

    @Test
    void refusesAnInputOfAnotherWidth() {
        INDArray h = Nd4j.rand(DataType.FLOAT, 4, 5);
        INDArray w = Nd4j.rand(DataType.FLOAT, 6, 3);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AffineArgMax().of(h, w, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("h is [4, 5] but W is [6, 3]");
    }
}
