package org.datadiet4j.scores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Quantiles by linear interpolation between order statistics, against hand-worked positions. */
class QuantilesTest {

    private static final float INF = Float.POSITIVE_INFINITY;

    @ParameterizedTest(name = "q = {0} -> {1}")
    @CsvSource({
            // sorted 1, 2, 4, 8 (n = 4): position q·3
            "0,    1",      // position 0: the minimum
            "0.25, 1.75",   // position 0.75: 1 + 0.75·(2 − 1)
            "0.5,  3",      // position 1.5: 2 + 0.5·(4 − 2)
            "0.9,  6.8",    // position 2.7: 4 + 0.7·(8 − 4)
            "1,    8",      // position 3: the maximum
    })
    void interpolatesBetweenTheNeighbouringOrderStatistics(double q, double expected) {
        // the fifth value lies beyond n and must not be looked at
        float[] sorted = {1, 2, 4, 8, 1000};
        assertThat(Quantiles.ofSorted(sorted, 4, q)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void oneValueIsEveryQuantileAndNoValueHasNone() {
        assertThat(Quantiles.ofSorted(new float[] {5, 9}, 1, 0.0)).isEqualTo(5.0);
        assertThat(Quantiles.ofSorted(new float[] {5, 9}, 1, 0.7)).isEqualTo(5.0);
        assertThat(Quantiles.ofSorted(new float[] {5, 9}, 1, 1.0)).isEqualTo(5.0);
        assertThat(Quantiles.ofSorted(new float[] {5, 9}, 0, 0.5)).isNaN();
        assertThat(Quantiles.ofSorted(new float[0], 0, 0.5)).isNaN();
    }

    @Test
    void infiniteValuesAreReturnedAsTheyAreNotInterpolatedIntoNaN() {
        // at an exact order statistic the +∞ above it is not used: 1 + 0·∞ would be NaN
        assertThat(Quantiles.ofSorted(new float[] {1, INF}, 2, 0.0)).isEqualTo(1.0);
        // between a finite value and +∞ the quantile is +∞
        assertThat(Quantiles.ofSorted(new float[] {1, INF}, 2, 0.5)).isEqualTo(Double.POSITIVE_INFINITY);
        // between two +∞: +∞ (∞ − ∞ would be NaN)
        assertThat(Quantiles.ofSorted(new float[] {0, INF, INF}, 3, 0.75)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Quantiles.ofSorted(new float[] {0, INF, INF}, 3, 1.0)).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @ParameterizedTest(name = "q = {0}: ranks {1} and {2}")
    @CsvSource({
            // n = 4: position q·3
            "0,    0, 1",
            "0.25, 0, 1",
            "0.5,  1, 2",
            "0.9,  2, 3",
            "1,    3, 3",   // the maximum: no rank above it
    })
    void ranksAreTheOrderStatisticsAroundThePosition(double q, long below, long above) {
        assertThat(Quantiles.ranks(4, q)).containsExactly(below, above);
    }

    @Test
    void interpolatingFetchedOrderStatisticsAgreesWithTheSortedArray() {
        float[] sorted = {1, 2, 4, 8};
        for (double q : new double[] {0, 0.1, 0.25, 0.5, 0.75, 0.9, 1}) {
            long[] ranks = Quantiles.ranks(4, q);
            assertThat(Quantiles.interpolate(4, q, sorted[(int) ranks[0]], sorted[(int) ranks[1]]))
                    .isEqualTo(Quantiles.ofSorted(sorted, 4, q));
        }
        // 1 + 0.75·(2 − 1), by hand
        assertThat(Quantiles.interpolate(4, 0.25, 1, 2)).isEqualTo(1.75);
    }
}
