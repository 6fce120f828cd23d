package org.datadiet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void quantilesInterpolateBetweenOrderStatistics() {
        float[] sorted = {1, 2, 4, 8, 16};
        assertThat(Summary.quantile(sorted, 0)).isEqualTo(1);
        assertThat(Summary.quantile(sorted, 0.5)).isEqualTo(4);
        // position 0.9 * 4 = 3.6: 8 + 0.6 * (16 - 8)
        assertThat(Summary.quantile(sorted, 0.9)).isCloseTo(12.8, within(1e-9));
        assertThat(Summary.quantile(sorted, 1)).isEqualTo(16);
        float inf = Float.POSITIVE_INFINITY;
        assertThat(Summary.quantile(new float[] {0, 1, inf, inf}, 1)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Summary.quantile(new float[] {0, 1, inf, inf}, 0.5)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Summary.quantile(new float[] {0, 0, 0, inf}, 0.5)).isZero();
    }

    @Test
    void highestPutsTiesInIdOrderAndSkipsNaN() {
        float[] scores = {0.5f, Float.NaN, 0.9f, 0.5f, 0.9f, 0.1f};
        assertThat(Summary.highest(scores, 4)).containsExactly(2, 4, 0, 3);
    }

    @Test
    void aScoringPassCostIsItsTimeOverAnEpochs() {
        java.io.StringWriter text = new java.io.StringWriter();
        java.io.PrintWriter out = new java.io.PrintWriter(text);
        // 0.75 s against 6 s: an eighth of an epoch
        Summary.printScoringCost(out, "el2n", 0.75, 6.0, "the full-data run's mean epoch, 60000 images");
        Summary.printScoringCost(out, "grand", 1.5, Double.NaN, "unused");
        out.flush();

        assertThat(text.toString().lines()).containsExactly(
                String.format("el2n scoring pass: %.3f s = %.3f x one training epoch (%.2f s; the full-data run's mean"
                        + " epoch, 60000 images)", 0.75, 0.125, 6.0),
                String.format("grand scoring pass: %.3f s (no training epochs to compare with)", 1.5));
    }
}
