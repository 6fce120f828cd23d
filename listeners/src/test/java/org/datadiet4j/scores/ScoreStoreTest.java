package org.datadiet4j.scores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The store's columns, and their saving and restoring with a checkpoint. */
class ScoreStoreTest {

    private static byte[] saved(ScoreStore store) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        store.writeState(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    private static void restore(ScoreStore store, byte[] state) throws IOException {
        store.readState(new DataInputStream(new ByteArrayInputStream(state)));
    }

    @Test
    void aRestoredStoreAveragesFurtherRunsAsIfNeverInterrupted() throws IOException {
        ScoreStore store = new ScoreStore(2);
        store.record("el2n", new float[] {1f, 0.5f});
        store.record("el2n", new float[] {2f, 0.5f});
        store.record("forgetting", new float[] {Float.POSITIVE_INFINITY, 3f});
        ScoreStore restored = new ScoreStore(2);
        restored.record("grand", new float[] {9f, 9f}); // a column of its own, which restoring drops
        restore(restored, saved(store));

        restored.record("el2n", new float[] {4f, 0.5f});

        assertThat(restored.columns()).extracting(ScoreColumn::name).containsExactly("el2n", "forgetting");
        assertThat(restored.has("grand")).isFalse();
        ScoreColumn el2n = restored.column("el2n");
        // example 0 over runs 1, 2, 4: mean 7/3, sample variance 7/3 (as in ScoreColumnTest)
        assertThat(el2n.runs()).isEqualTo(3);
        assertThat((double) el2n.mean(0)).isCloseTo(7.0 / 3, within(1e-6));
        assertThat((double) el2n.std(0)).isCloseTo(Math.sqrt(7.0 / 3), within(1e-6));
        assertThat(el2n.mean(1)).isEqualTo(0.5f);
        assertThat(el2n.std(1)).isZero();
        assertThat(restored.column("forgetting").runs()).isEqualTo(1);
        assertThat(restored.column("forgetting").means()).containsExactly(Float.POSITIVE_INFINITY, 3f);
    }

    @Test
    void refusesStateOfAnotherSize() throws IOException {
        ScoreStore three = new ScoreStore(3);
        three.record("el2n", new float[3]);
        assertThatThrownBy(() -> restore(new ScoreStore(2), saved(three))).isInstanceOf(IOException.class)
                .hasMessage("the saved column el2n holds 3 values, this one needs 2: restore into a twin built on the"
                        + " same examples");
    }

    @Test
    void columnsKeepTheOrderOfTheirFirstRecordAndTheStoreItsSize() {
        ScoreStore store = new ScoreStore(1);
        assertThat(store.has("el2n")).isFalse();
        store.record("el2n", new float[] {1f});
        store.record("forgetting", new float[] {2f});
        store.record("el2n", new float[] {3f});
        assertThat(store.has("el2n")).isTrue();
        assertThat(store.columns()).extracting(ScoreColumn::name).containsExactly("el2n", "forgetting");
        assertThat(store.size()).isEqualTo(1);
        // the checkpoint key tells stores of different sizes apart
        assertThat(store.stateKey()).isEqualTo(new ScoreStore(1).stateKey()).isNotEqualTo(new ScoreStore(2).stateKey());
        assertThatThrownBy(() -> new ScoreStore(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a score store needs at least one example, got 0");
    }
}
