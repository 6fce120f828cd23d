package org.datadiet4j.scores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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

    @Test
    void aGroupsSubKernelIsTakenAtItsOwnRowsAndColumnsInAnyOrder() {
        // A = [[1, 2, 3], [4, 5, 6], [7, 8, 9]], B = [[2, 0, 1], [0, 1, 0], [1, 0, 2]]; rows {2, 0} pick
        // A's entries 9, 7, 3, 1 and B's 2, 1, 1, 2: ⟨A, B⟩ = 18 + 7 + 3 + 2 = 30, ‖A‖² = 140, ‖B‖² = 10
        double[] a = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        double[] b = {2, 0, 1, 0, 1, 0, 1, 0, 2};
        double cosine = 30 / Math.sqrt(140 * 10);
        assertThat(KernelVelocity.cosine(a, b, 3, new int[] {2, 0})).isCloseTo(cosine, within(1e-15));
        // per unit of Δ: over Δ = 0.5 the kernel moves twice as fast as over Δ = 1
        assertThat(KernelVelocity.of(a, b, 3, new int[] {2, 0}, 0.5)).isCloseTo(2 * (1 - cosine), within(1e-15));
        // the whole kernels: ⟨A, B⟩ = 2 + 3 + 5 + 7 + 18 = 35, ‖A‖² = 285, ‖B‖² = 11
        assertThat(KernelVelocity.of(a, b, 3, 4.0)).isCloseTo((1 - 35 / Math.sqrt(285 * 11)) / 4, within(1e-15));
    }

    @Test
    void refusesKernelsOfTheWrongSize() {
        assertThatThrownBy(() -> KernelVelocity.cosine(new double[8], new double[9], 3, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("kernels must be 3x3");
        assertThatThrownBy(() -> KernelVelocity.cosine(new double[9], new double[4], 3, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("kernels must be 3x3");
    }
}
