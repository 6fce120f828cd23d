package org.datadiet4j.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The rule on scripted losses, counted by hand. */
class InfoBatchRuleTest {

    // mean 2.0: ids 0-3 are below it (well learned), 4 and 5 above; id 6 never presented
    private static final float[] LOSSES = {0.1f, 0.2f, 0.3f, 0.4f, 5f, 6f, Float.NaN};

    private static long count(double[] weights, double value) {
        return Arrays.stream(weights).filter(w -> w == value).count();
    }

    @Test
    void halfOfTheWellLearnedAreDroppedAndTheRestDoubled() {
        InfoBatchRule rule = new InfoBatchRule(0.5, 0.5, 8, 11);
        double[] weights = rule.weights(LOSSES, 1);
        assertThat(count(weights, 0.0)).isEqualTo(2);
        assertThat(count(weights, 2.0)).isEqualTo(2);
        assertThat(weights[4]).isEqualTo(1.0);
        assertThat(weights[5]).isEqualTo(1.0);
        assertThat(weights[6]).isEqualTo(1.0);
        for (int id = 0; id < 4; id++) {
            assertThat(weights[id]).isIn(0.0, 2.0);
        }
    }

    @Test
    void aQuarterDroppedKeepsThreeOfFourWithWeightFourThirds() {
        double[] weights = new InfoBatchRule(0.25, 1.0, 8, 3).weights(LOSSES, 5);
        assertThat(count(weights, 0.0)).isEqualTo(1);
        assertThat(count(weights, 4.0 / 3.0)).isEqualTo(3);
    }

    @Test
    void theFirstEpochAndTheAnnealedOnesUseEveryExample() {
        InfoBatchRule rule = new InfoBatchRule(0.5, 0.5, 8, 11);
        // δ·E = 4: epochs 1, 2, 3 pruned; 0 and 4…7 not
        for (int epoch = 0; epoch < 8; epoch++) {
            assertThat(rule.prunes(epoch)).as("epoch %d", epoch).isEqualTo(epoch >= 1 && epoch <= 3);
            double[] weights = rule.weights(LOSSES, epoch);
            assertThat(count(weights, 1.0)).isEqualTo(rule.prunes(epoch) ? 3 : 7);
        }
        // the defaults over 20 epochs: δ·E = 17.5, so epochs 1…17 are pruned and 18, 19 are not
        InfoBatchRule defaults = new InfoBatchRule(0.5, 0.875, 20, 0);
        assertThat(defaults.prunes(17)).isTrue();
        assertThat(defaults.prunes(18)).isFalse();
    }

    @Test
    void zeroRatioKeepsEveryoneWithWeightOne() {
        assertThat(new InfoBatchRule(0, 0.875, 20, 1).weights(LOSSES, 3)).containsOnly(1.0);
    }

    @Test
    void theDrawDependsOnSeedAndEpochOnly() {
        float[] losses = new float[1000];
        for (int i = 0; i < losses.length; i++) {
            losses[i] = i % 10;
        }
        InfoBatchRule rule = new InfoBatchRule(0.5, 1, 10, 42);
        assertThat(new InfoBatchRule(0.5, 1, 10, 42).weights(losses, 2)).containsExactly(rule.weights(losses, 2));
        assertThat(rule.weights(losses, 3)).isNotEqualTo(rule.weights(losses, 2));
        // mean 4.5: the 500 losses 0…4 are well learned, 250 of them dropped
        assertThat(count(rule.weights(losses, 2), 0.0)).isEqualTo(250);
    }

    @Test
    void badOptionsAreRefused() {
        assertThatThrownBy(() -> new InfoBatchRule(1, 0.5, 3, 0)).hasMessageContaining("[0, 1), got 1.0");
        assertThatThrownBy(() -> new InfoBatchRule(0.5, 1.5, 3, 0)).hasMessageContaining("δ must be in [0, 1]");
        assertThatThrownBy(() -> new InfoBatchRule(0.5, 0.5, 0, 0)).hasMessageContaining("at least 1");
    }
}
