package org.datadiet4j.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Threshold samples drawn, cut and flagged, counted by hand. */
class AumThresholdTest {

    @Test
    void drawsNOverCPlusOneExamplesIntoTheExtraClass() {
        int[] labels = new int[1000];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 4;
        }
        AumThreshold draw = AumThreshold.draw(labels, 4, 9);
        int count = 0;
        for (int i = 0; i < labels.length; i++) {
            if (draw.threshold()[i]) {
                count++;
                assertThat(draw.labels()[i]).isEqualTo(4);
            } else {
                assertThat(draw.labels()[i]).isEqualTo(labels[i]);
            }
        }
        assertThat(count).isEqualTo(200);
    }

    @Test
    void cutIsTheNinetyNinthPercentileOfTheThresholdSamplesAndFlagsAtOrBelowIt() {
        // 101 threshold samples with AUM -100 … 0: position 0.99 · 100 = 99 -> -1
        int n = 101 + 6;
        boolean[] threshold = new boolean[n];
        float[] aum = new float[n];
        for (int i = 0; i < 101; i++) {
            threshold[i] = true;
            aum[i] = i - 100;
        }
        // the others: AUM -3 (corrupted), -1 (clean, at the cut), -0.5 (corrupted), 2, 5, 7 (clean)
        float[] others = {-3, -1, -0.5f, 2, 5, 7};
        boolean[] corrupted = new boolean[n];
        for (int i = 0; i < 6; i++) {
            aum[101 + i] = others[i];
        }
        corrupted[101] = true;
        corrupted[103] = true;
        corrupted[5] = true; // a threshold sample: counted nowhere
        AumThreshold t = new AumThreshold(new int[n], threshold);
        assertThat(t.cut(aum)).isEqualTo(-1.0);
        double[] flagged = t.flag(aum, corrupted);
        // flagged: -3 and -1; one of them corrupted; one of the two corrupted found
        assertThat(flagged[0]).isEqualTo(2.0);
        assertThat(flagged[1]).isCloseTo(0.5, within(1e-12));
        assertThat(flagged[2]).isCloseTo(0.5, within(1e-12));
    }
}
