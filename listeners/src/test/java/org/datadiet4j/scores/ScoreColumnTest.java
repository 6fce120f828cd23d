package org.datadiet4j.scores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScoreColumnTest {

    @Test
    void meanAndSampleStandardDeviationOverRunsMatchHandComputation() {
        ScoreStore store = new ScoreStore(2);
        store.record("el2n", new float[] {1f, 0.5f});
        store.record("el2n", new float[] {2f, 0.5f});
        store.record("el2n", new float[] {4f, 0.5f});
        ScoreColumn column = store.column("el2n");
        assertThat(column.runs()).isEqualTo(3);
        // example 0: values 1, 2, 4 -> mean 7/3; deviations -4/3, -1/3, 5/3 -> squares sum 42/9; / (3-1) = 7/3
        assertThat((double) column.mean(0)).isCloseTo(7.0 / 3, within(1e-6));
        assertThat((double) column.std(0)).isCloseTo(Math.sqrt(7.0 / 3), within(1e-6));
        assertThat(column.mean(1)).isEqualTo(0.5f);
        assertThat(column.std(1)).isZero();
    }

    @Test
    void standardDeviationIsUndefinedForOneRun() {
        ScoreStore store = new ScoreStore(1);
        store.record("el2n", new float[] {0.25f});
        assertThat(store.column("el2n").mean(0)).isEqualTo(0.25f);
        assertThat(store.column("el2n").std(0)).isNaN();
    }

    @Test
    void rejectsARunOfTheWrongLengthAndUnknownColumns() {
        ScoreStore store = new ScoreStore(3);
        assertThatThrownBy(() -> store.record("el2n", new float[2]))
                .hasMessage("column el2n holds 3 examples, got 2 scores");
        assertThatThrownBy(() -> store.column("grand")).hasMessageContaining("no score column 'grand'");
    }

    @Test
    void aMeanThatReachedInfinityStaysThereWhateverFollows() {
        ScoreStore store = new ScoreStore(2);
        store.record("forgetting", new float[] {Float.POSITIVE_INFINITY, 1f});
        store.record("forgetting", new float[] {3f, Float.POSITIVE_INFINITY});
        store.record("forgetting", new float[] {5f, 2f});
        ScoreColumn column = store.column("forgetting");
        assertThat(column.means()).containsExactly(Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY);
        assertThat(column.std(0)).isNaN();
        assertThat(column.std(1)).isNaN();
    }

    @Test
    void aColumnWithoutRunsHasNoSpread() {
        ScoreColumn column = new ScoreColumn("el2n", 2);
        assertThat(column.runs()).isZero();
        assertThat(column.size()).isEqualTo(2);
        assertThat(column.std(0)).isNaN();
        assertThat(column.means()).containsExactly(0f, 0f);
    }
}
