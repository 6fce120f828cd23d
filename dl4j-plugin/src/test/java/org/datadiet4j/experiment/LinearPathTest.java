package org.datadiet4j.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The arithmetic of linear mode connectivity against hand-computed values. */
class LinearPathTest {

    @Test
    void alphasAreEvenlySpacedAndEndExactlyAtZeroAndOne() {
        assertThat(LinearPath.alphas(5)).containsExactly(0.0, 0.25, 0.5, 0.75, 1.0);
        double[] eleven = LinearPath.alphas(11);
        assertThat(eleven).hasSize(11);
        assertThat(eleven[0]).isEqualTo(0.0);
        assertThat(eleven[10]).isEqualTo(1.0);
        assertThat(eleven[3]).isCloseTo(0.3, within(1e-15));
        assertThat(LinearPath.alphas(2)).containsExactly(0.0, 1.0);
        assertThatThrownBy(() -> LinearPath.alphas(1)).hasMessageContaining("at least 2 points");
    }

    @Test
    void interpolatesElementByElement() {
        double[] first = {1, -2, 4};
        double[] second = {3, 2, 0};
        // (1 - 0.25)·θ₁ + 0.25·θ₂ by hand: 0.75 + 0.75, -1.5 + 0.5, 3 + 0
        assertThat(LinearPath.interpolate(first, second, 0.25)).containsExactly(1.5, -1.0, 3.0);
        assertThat(LinearPath.interpolate(first, second, 0.5)).containsExactly(2.0, 0.0, 2.0);
    }

    @Test
    void theEndsAreTheNetworksThemselvesBitForBit() {
        // values where θ₁ + α(θ₂ − θ₁) at α = 1 would not give θ₂ back exactly
        double[] first = {0.1f, 1e-8f, -3.3f, 123.456f};
        double[] second = {0.7f, -2.5e7f, 1e-30f, 0.3f};
        assertThat(LinearPath.interpolate(first, second, 0)).containsExactly(first);
        assertThat(LinearPath.interpolate(first, second, 1)).containsExactly(second);
        assertThat(first[2] + 1.0 * (second[2] - first[2])).isNotEqualTo(second[2]);
    }

    @Test
    void refusesVectorsOfDifferentLengthAndAlphaOutsideTheSegment() {
        assertThatThrownBy(() -> LinearPath.interpolate(new double[2], new double[3], 0.5))
                .hasMessageContaining("same architecture");
        assertThatThrownBy(() -> LinearPath.interpolate(new double[2], new double[2], 1.5))
                .hasMessageContaining("alpha must be in [0, 1], got 1.5");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
        // a bump in the middle: 0.40 - (0.10 + 0.12) / 2
        "0.10 0.25 0.40 0.20 0.12; 0.29",
        // flat: no barrier
        "0.2 0.2 0.2 0.2; 0",
        // a straight rise: the maximum is an end, the barrier is half the difference of the ends
        "0.1 0.2 0.3; 0.1",
        // a dip below both ends: the higher end is the maximum, 0.5 - (0.3 + 0.5) / 2
        "0.3 0.05 0.5; 0.1",
        // two points
        "1.5 0.5; 0.5",
    })
    void barrierIsTheMaximumMinusTheMeanOfTheEnds(String series, double expected) {
        assertThat(LinearPath.barrier(values(series))).isCloseTo(expected, within(1e-12));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
        // chord at α = 0.5 is (0.10 + 0.12) / 2 = 0.11: 0.40 - 0.11; at α = 0.25 only 0.25 - 0.105
        "0.10 0.25 0.40 0.20 0.12; 0.29",
        // a straight rise lies on its chord: no height, though its barrier is 0.1
        "0.1 0.2 0.3; 0",
        // a dip: everything at or below the chord
        "0.3 0.05 0.5; 0",
        // chord at α = 1/3 is 0.2 + (0.8 - 0.2) / 3 = 0.4, at 2/3 it is 0.6: max(0.5 - 0.4, 0.65 - 0.6)
        "0.2 0.5 0.65 0.8; 0.1",
    })
    void heightAboveTheChordIsMeasuredFromTheLineBetweenTheEnds(String series, double expected) {
        assertThat(LinearPath.heightAboveChord(values(series))).isCloseTo(expected, within(1e-12));
    }

    /** A series written as space-separated numbers. */
    private static double[] values(String series) {
        return Arrays.stream(series.split(" ")).mapToDouble(Double::parseDouble).toArray();
    }

    @Test
    void aBarrierNeedsBothEndsAndNumbers() {
        assertThatThrownBy(() -> LinearPath.barrier(new double[] {0.1})).hasMessageContaining("both ends");
        assertThatThrownBy(() -> LinearPath.barrier(new double[] {0.1, Double.NaN, 0.2})).hasMessageContaining("NaN");
        assertThatThrownBy(() -> LinearPath.heightAboveChord(new double[] {0.1})).hasMessageContaining("both ends");
    }

    @Test
    void alphaBelowZeroOrNaNIsRefusedToo() {
        assertThatThrownBy(() -> LinearPath.interpolate(new double[2], new double[2], -0.1))
                .hasMessage("alpha must be in [0, 1], got -0.1");
        assertThatThrownBy(() -> LinearPath.interpolate(new double[2], new double[2], Double.NaN))
                .hasMessage("alpha must be in [0, 1], got NaN");
    }
}
