package org.datadiet4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The statistics of the overhead benchmark, against hand computation and published tables (no timing). */
class PairedRatioTest {

    @Test
    void studentQuantileMatchesTheTables() {
        // 97.5 % quantiles of Student's t (e.g. Abramowitz and Stegun, table 26.10)
        assertThat(PairedRatio.studentT975(5)).isCloseTo(2.5706, within(0.005));
        assertThat(PairedRatio.studentT975(10)).isCloseTo(2.2281, within(0.0005));
        assertThat(PairedRatio.studentT975(30)).isCloseTo(2.0423, within(0.0005));
        assertThat(PairedRatio.studentT975(120)).isCloseTo(1.9799, within(0.0005));
    }

    @Test
    void trimmedMeanDropsATenthAtEachEnd() {
        // 11 values: floor(1.1) = 1 dropped at each end, leaving 2..10, mean 6
        assertThat(PairedRatio.trimmedMean(new double[] {100, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10})).isEqualTo(6.0);
    }

    @Test
    void aConstantRatioIsFoundExactlyWithAnIntervalOfNoWidth() {
        double[] a = {0.31, 0.12, 0.57, 0.2, 0.44, 0.39};
        double[] b = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = 1.02 * a[i];
        }
        PairedRatio ratio = new PairedRatio(a, b);
        assertThat(ratio.ratio().estimate()).isCloseTo(1.02, within(1e-12));
        assertThat(ratio.ratio().halfWidth()).isLessThan(1e-12);
        assertThat(ratio.meanRatio().low()).isCloseTo(1.02, within(1e-12));
    }

    @Test
    void tIntervalOfTheMeanLogRatioByHand() {
        // log-ratios 0, 0.02, 0, 0.02, ... (10 pairs): mean 0.01, sd = sqrt(10 * 0.0001 / 9) = 0.0105409,
        // standard error 0.0033333, t(9) = 2.2622 (tables): exp(0.01 ± 0.0075407)
        double[] a = new double[10];
        double[] b = new double[10];
        for (int i = 0; i < 10; i++) {
            a[i] = 1;
            b[i] = Math.exp(i % 2 == 0 ? 0 : 0.02);
        }
        PairedRatio.Interval mean = new PairedRatio(a, b).meanRatio();
        assertThat(mean.estimate()).isCloseTo(Math.exp(0.01), within(1e-12));
        assertThat(mean.low()).isCloseTo(Math.exp(0.01 - 0.0075407), within(2e-5));
        assertThat(mean.high()).isCloseTo(Math.exp(0.01 + 0.0075407), within(2e-5));
        assertThat(new PairedRatio(a, b).ratio().contains(Math.exp(0.01))).isTrue();
    }

    @Test
    void refusesACostThatIsNotPositive() {
        assertThatThrownBy(() -> new PairedRatio(new double[] {1, 1, 0, 1}, new double[] {1, 1, 1, 1}))
                .hasMessageContaining("pair 2");
    }
}
