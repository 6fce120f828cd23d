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

    @Test
    void tiedClassesGoToTheFirstForEveryCountOfClasses() {
        // every column of W the same and no bias: all classes tie, and the first wins, as argMax picks it
        INDArray h = Nd4j.rand(DataType.FLOAT, 5, 7).subi(0.5);
        for (int classes = 1; classes <= 9; classes++) {
            INDArray w = Nd4j.rand(DataType.FLOAT, 7, 1).repeat(1, classes);
            assertThat(AffineArgMax.of(h, w, null)).containsOnly(0);
        }
    }

    @Test
    void sameClassesAsOneFourWaySplitDotProductPerClass() {
        // the summation documented in the class, one class at a time, for class counts that are and are
        // not multiples of 4
        // and lengths that are and are not multiples of 4
        java.util.Random random = new java.util.Random(17);
        for (int in = 1; in <= 9; in++) {
            for (int classes = 1; classes <= 9; classes++) {
                float[][] h = new float[6][in];
                float[][] w = new float[in][classes];
                float[] b = new float[classes];
                for (float[] row : h) {
                    for (int j = 0; j < in; j++) {
                        row[j] = (float) random.nextGaussian();
                    }
                }
                for (float[] row : w) {
                    for (int k = 0; k < classes; k++) {
                        row[k] = (float) random.nextGaussian();
                    }
                }
                for (int k = 0; k < classes; k++) {
                    b[k] = (float) random.nextGaussian();
                }
                int[] expected = new int[h.length];
                for (int r = 0; r < h.length; r++) {
                    float bestValue = Float.NEGATIVE_INFINITY;
                    for (int k = 0; k < classes; k++) {
                        float[] partial = new float[4];
                        int j = 0;
                        for (; j + 3 < in; j += 4) {
                            for (int p = 0; p < 4; p++) {
                                partial[p] += h[r][j + p] * w[j + p][k];
                            }
                        }
                        for (; j < in; j++) {
                            partial[0] += h[r][j] * w[j][k];
                        }
                        float value = b[k] + ((partial[0] + partial[1]) + (partial[2] + partial[3]));
                        if (value > bestValue) {
                            bestValue = value;
                            expected[r] = k;
                        }
                    }
                }
                assertThat(AffineArgMax.of(Nd4j.create(h), Nd4j.create(w), Nd4j.create(new float[][] {b})))
                        .as("%d inputs, %d classes", in, classes).containsExactly(expected);
            }
        }
    }
}
