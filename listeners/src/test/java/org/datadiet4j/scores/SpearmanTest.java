package org.datadiet4j.scores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SpearmanTest {

    @Test
    void tiesShareTheMeanOfTheirRanks() {
        assertThat(Spearman.ranks(new float[] {1, 2, 2, 3})).containsExactly(1, 2.5, 2.5, 4);
        float inf = Float.POSITIVE_INFINITY;
        assertThat(Spearman.ranks(new float[] {inf, 1, inf, 0})).containsExactly(3.5, 2, 3.5, 1);
    }

    @Test
    void matchesAHandComputationWithTies() {
        // ranks x = (1, 2.5, 2.5, 4), y = (1, 3, 2, 4); both have mean 2.5;
        // deviations x (-1.5, 0, 0, 1.5), y (-1.5, 0.5, -0.5, 1.5): covariance 4.5, variances 4.5 and 5
        double expected = 4.5 / Math.sqrt(4.5 * 5);
        assertThat(Spearman.rho(new float[] {1, 2, 2, 3}, new float[] {10, 30, 20, 40}))
                .isCloseTo(expected, within(1e-12));
        assertThat(expected).isCloseTo(0.9486832980505138, within(1e-15));
    }

    @Test
    void withoutTiesEqualsTheClassicSumOfSquaredRankDifferences() {
        Random random = new Random(5);
        int n = 200;
        float[] a = new float[n];
        float[] b = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
            b[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            // partly shuffled copy: distinct values, no ties, correlated with a
            int j = Math.max(0, i - random.nextInt(40));
            float swap = b[i];
            b[i] = b[j];
            b[j] = swap;
        }
        double[] ra = Spearman.ranks(a);
        double[] rb = Spearman.ranks(b);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += (ra[i] - rb[i]) * (ra[i] - rb[i]);
        }
        double classic = 1 - 6 * sum / (n * ((double) n * n - 1));
        assertThat(Spearman.rho(a, b)).isCloseTo(classic, within(1e-12));
        assertThat(Spearman.rho(a, a)).isCloseTo(1, within(1e-12));
    }

    @Test
    void dropsPairsWithNaNAndIsUndefinedForConstants() {
        assertThat(Spearman.rho(new float[] {1, Float.NaN, 2, 3}, new float[] {3, 0, 2, 1})).isCloseTo(-1, within(1e-12));
        assertThat(Spearman.rho(new float[] {1, 1, 1}, new float[] {1, 2, 3})).isNaN();
    }

    @Test
    void aNaNOnEitherSideDropsItsPairOnly() {
        // pairs left: (1, 2), (3, 1), (4, 4), (5, 3); rank differences −1, 1, −1, 1: 1 − 6·4 / (4·15) = 0.6
        assertThat(Spearman.rho(new float[] {1, 2, 3, 4, 5}, new float[] {2, Float.NaN, 1, 4, 3}))
                .isCloseTo(0.6, within(1e-12));
        assertThat(Spearman.rho(new float[] {1, Float.NaN, 3, 4, 5}, new float[] {2, 5, 1, 4, 3}))
                .isCloseTo(0.6, within(1e-12));
    }

    @Test
    void twoPairsAreEnoughAndFewerGiveNoCorrelation() {
        assertThat(Spearman.rho(new float[] {1, 2}, new float[] {5, 3})).isCloseTo(-1, within(1e-12));
        assertThat(Spearman.rho(new float[] {1, 2}, new float[] {3, 5})).isCloseTo(1, within(1e-12));
        assertThat(Spearman.rho(new float[] {1, Float.NaN}, new float[] {3, 5})).isNaN();
        assertThat(Spearman.rho(new float[] {Float.NaN, Float.NaN}, new float[] {3, 5})).isNaN();
        assertThat(Spearman.rho(new float[0], new float[0])).isNaN();
    }

    @Test
    void refusesSamplesOfDifferentLengths() {
        assertThatThrownBy(() -> Spearman.rho(new float[3], new float[4]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("samples differ in length: 3 and 4");
    }
}
