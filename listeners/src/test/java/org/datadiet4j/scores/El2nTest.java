package org.datadiet4j.scores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class El2nTest {

    @Test
    void matchesHandComputedNormOfTheErrorVector() {
        // p = (0.6, 0.3, 0.1), y = class 1: error (0.6, -0.7, 0.1), norm sqrt(0.36 + 0.49 + 0.01)
        assertThat(El2n.of(new double[] {0.6, 0.3, 0.1}, 1)).isCloseTo(Math.sqrt(0.86), within(1e-12));
        // p = (0.1, 0.3, 0.6)... true class 2: error (0.1, 0.3, -0.4), sqrt(0.26) = 0.5099019513592785
        assertThat(El2n.of(new double[] {0.1, 0.3, 0.6}, 2)).isCloseTo(0.5099019513592785, within(1e-12));
    }

    @Test
    void spansZeroToSquareRootOfTwo() {
        assertThat(El2n.of(new double[] {0, 1, 0}, 1)).isZero();
        assertThat(El2n.of(new double[] {1, 0, 0}, 2)).isCloseTo(Math.sqrt(2), within(1e-15));
    }

    @Test
    void batchedFormEqualsPerExampleForm() {
        double[][] p = {{0.6, 0.3, 0.1}, {0.1, 0.3, 0.6}, {0.2, 0.2, 0.6}};
        int[] labels = {1, 2, 0};
        double[][] y = new double[3][3];
        for (int i = 0; i < 3; i++) {
            y[i][labels[i]] = 1;
        }
        float[] batched = El2n.perExample(Nd4j.create(p), Nd4j.create(y));
        for (int i = 0; i < 3; i++) {
            assertThat((double) batched[i]).isCloseTo(El2n.of(p[i], labels[i]), within(1e-6));
        }
        assertThat((double) batched[2]).isCloseTo(Math.sqrt(0.64 + 0.04 + 0.36), within(1e-6));
    }

    @Test
    void rejectsMismatchedShapes() {
        assertThatThrownBy(() -> El2n.perExample(Nd4j.zeros(2, 3), Nd4j.zeros(2, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[2, 3]").hasMessageContaining("[2, 4]");
    }

    @Test
    void theFirstClassIsALabelAndLabelsOutsideTheClassesAreRefused() {
        // p = (0.2, 0.8), class 0: error (−0.8, 0.8), norm 0.8·√2
        assertThat(El2n.of(new double[] {0.2, 0.8}, 0)).isCloseTo(0.8 * Math.sqrt(2), within(1e-12));
        assertThatThrownBy(() -> El2n.of(new double[] {0.2, 0.8}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("label 2 is outside [0, 2)");
        assertThatThrownBy(() -> El2n.of(new double[] {0.2, 0.8}, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("label -1 is outside [0, 2)");
    }

    @Test
    void batchedFormRefusesArraysThatAreNotMatrices() {
        assertThatThrownBy(() -> El2n.perExample(Nd4j.zeros(2, 3, 1), Nd4j.zeros(2, 3, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 3, 1]");
    }
}
