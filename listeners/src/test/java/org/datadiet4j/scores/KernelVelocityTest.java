package org.datadiet4j.scores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class KernelVelocityTest {

    @Test
    void matchesAHandComputation() {
        // A = [[1, 0], [0, 1]], B = [[1, 1], [1, 1]]: <A, B> = 2, |A| = √2, |B| = 2 -> cos = 1/√2
        double[] a = {1, 0, 0, 1};
        double[] b = {1, 1, 1, 1};
        assertThat(KernelVelocity.cosine(a, b, 2, null)).isCloseTo(1 / Math.sqrt(2), within(1e-15));
        assertThat(KernelVelocity.of(a, b, 2, 2.0)).isCloseTo((1 - 1 / Math.sqrt(2)) / 2, within(1e-15));
        // a pure rescaling does not move the kernel
        assertThat(KernelVelocity.of(a, new double[] {3, 0, 0, 3}, 2, 1.0)).isCloseTo(0, within(1e-15));
    }

    @Test
    void aGroupSeesOnlyItsOwnSubKernel() {
        // 3x3 kernels that differ only in the entries of row/column 2
        double[] a = {2, 1, 0, 1, 2, 0, 0, 0, 1};
        double[] b = {2, 1, 5, 1, 2, 5, 5, 5, 1};
        assertThat(KernelVelocity.of(a, b, 3, new int[] {0, 1}, 1.0)).isCloseTo(0, within(1e-15));
        assertThat(KernelVelocity.of(a, b, 3, new int[] {1, 2}, 1.0)).isPositive();
    }
}
