package org.datadiet4j.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Mean cross-entropy and error rate against hand-computed values. */
class LossAndErrorTest {

    @Test
    void meanCrossEntropyAndErrorOfAHandMadeBatch() {
        float[][] probabilities = {
            {0.5f, 0.3f, 0.2f},   // label 0, predicted 0: loss ln 2
            {0.1f, 0.6f, 0.3f},   // label 2, predicted 1: loss ln(1/0.3), wrong
            {0.25f, 0.25f, 0.5f}, // label 2, predicted 2: loss ln 2
            {0.4f, 0.4f, 0.2f},   // label 1, a tie goes to the first index, 0: loss ln(1/0.4), wrong
        };
        LossAndError measured = LossAndError.of(probabilities, new int[] {0, 2, 2, 1});
        // ln 2 = 0.693147..., -ln 0.3 = 1.203972..., -ln 0.4 = 0.916290...
        double expected = (0.6931472 + 1.2039728 + 0.6931472 + 0.9162907) / 4;
        assertThat(measured.loss()).isCloseTo(expected, within(1e-6));
        assertThat(measured.error()).isEqualTo(0.5);
        assertThat(measured.examples()).isEqualTo(4);
    }

    @Test
    void aZeroProbabilityOnTheTrueClassCostsTheClippedLoss() {
        LossAndError measured = LossAndError.of(new float[][] {{1f, 0f}}, new int[] {1});
        // -ln 1e-10 = 10 ln 10
        assertThat(measured.loss()).isCloseTo(23.02585093, within(1e-7));
        assertThat(measured.error()).isEqualTo(1.0);
    }
}
