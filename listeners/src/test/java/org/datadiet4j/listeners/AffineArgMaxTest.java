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
        assertThat(AffineArgMax.of(h, w, b)).containsExactly(0, 2, 1);
        assertThat(AffineArgMax.of(h, w, null)).containsExactly(0, 1, 1);
    }

    @Test
    void readsViewsAndColumnMajorArraysLikeNd4jDoes() {
        INDArray big = Nd4j.rand(DataType.FLOAT, 40, 30);
        INDArray h = big.get(NDArrayIndex.interval(5, 37), NDArrayIndex.interval(3, 19));
        INDArray w = Nd4j.rand(DataType.FLOAT, 7, 16).transpose();
        INDArray wF = Nd4j.rand(DataType.DOUBLE, 16, 7).dup('f');
        INDArray b = Nd4j.rand(DataType.FLOAT, 1, 7);
        assertThat(AffineArgMax.of(h, w, b)).containsExactly(h.mmul(w).addRowVector(b).argMax(1).toIntVector());
        INDArray hDouble = h.castTo(DataType.DOUBLE);
        assertThat(AffineArgMax.of(hDouble, wF, null)).containsExactly(hDouble.mmul(wF).argMax(1).toIntVector());
    }
}
