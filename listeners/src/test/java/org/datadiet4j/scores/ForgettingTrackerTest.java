package org.datadiet4j.scores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ForgettingTrackerTest {

    /**
     * Each row: a scripted sequence of presentations of one example (C = classified correctly,
     * I = incorrectly; one presentation per epoch, epochs 1, 2, ...), and the expected counts worked
     * out by hand: a forgetting event is a C followed (at the next presentation) by an I.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // sequence, events, first learned epoch (0 = never), score
            "C,            0, 1, 0",
            "I,            0, 0, Infinity",
            "CI,           1, 1, 1",
            "IC,           0, 2, 0",
            "CICCIIC,      2, 1, 2",
            "IIICICICII,   3, 4, 3",
            "CCCCC,        0, 1, 0",
            "IIIII,        0, 0, Infinity",
            "ICICICIC,     3, 2, 3",
    })
    void countsEventsOfAScriptedSequence(String sequence, int events, int firstLearned, float score) {
        ForgettingTracker tracker = new ForgettingTracker(3);
        for (int epoch = 1; epoch <= sequence.length(); epoch++) {
            boolean correct = sequence.charAt(epoch - 1) == 'C';
            tracker.record(1, correct, epoch);
            tracker.record(0, true, epoch);
        }
        assertThat(tracker.events(1)).isEqualTo(events);
        assertThat(tracker.presentations(1)).isEqualTo(sequence.length());
        assertThat(tracker.firstLearnedEpoch(1)).isEqualTo(firstLearned);
        assertThat(tracker.everLearned(1)).isEqualTo(firstLearned > 0);
        assertThat(tracker.scores()[1]).isEqualTo(score);
        assertThat(tracker.everLearned()[1]).isEqualTo(firstLearned > 0 ? 1f : 0f);
        assertThat(tracker.events(0)).isZero();
        assertThat(tracker.totalEvents()).isEqualTo(events);
        assertThat(tracker.neverLearnedCount()).isEqualTo(firstLearned == 0 ? 1 : 0);
    }

    @ParameterizedTest
    @CsvSource({"1", "3"})
    void neverLearnedStaysAboveEveryLearnedExampleWhenRunsAreAveraged(int learnedRuns) {
        ScoreStore store = new ScoreStore(2);
        for (int run = 0; run < 4; run++) {
            ForgettingTracker tracker = new ForgettingTracker(2);
            tracker.record(0, true, 1);
            tracker.record(0, false, 2);
            tracker.record(0, true, 3);
            tracker.record(0, false, 4);
            tracker.record(1, run < learnedRuns, 1);
            store.record("forgetting", tracker.scores());
        }
        assertThat(store.column("forgetting").mean(0)).isEqualTo(2f);
        assertThat(store.column("forgetting").mean(1)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(store.column("forgetting").std(1)).isNaN();
    }

    @Test
    void aBatchRecordsAsItsExamplesOneByOne() {
        // the scripted sequences of the test above, played batch by batch: per epoch one batch of the
        // presented ids (in a scrambled order), predicted class 1 for 'C' and 2 for 'I', every label 1
        String[] sequences = {"CCIC", "CICI", "IIII", "--CI", "I-C-"};
        ForgettingTracker oneByOne = new ForgettingTracker(sequences.length);
        play(oneByOne, sequences, 1);
        ForgettingTracker batched = new ForgettingTracker(sequences.length);
        for (int epoch = 1; epoch <= 4; epoch++) {
            java.util.List<Integer> ids = new java.util.ArrayList<>();
            for (int id = sequences.length - 1; id >= 0; id--) {
                if (sequences[id].charAt(epoch - 1) != '-') {
                    ids.add(id);
                }
            }
            int[] batch = ids.stream().mapToInt(Integer::intValue).toArray();
            int[] predicted = new int[batch.length];
            int[] labels = new int[batch.length];
            for (int r = 0; r < batch.length; r++) {
                predicted[r] = sequences[batch[r]].charAt(epoch - 1) == 'C' ? 1 : 2;
                labels[r] = 1;
            }
            batched.record(batch, predicted, labels, epoch);
        }
        for (int id = 0; id < sequences.length; id++) {
            assertThat(batched.events(id)).as("events of %d", id).isEqualTo(oneByOne.events(id));
            assertThat(batched.presentations(id)).as("presentations of %d", id).isEqualTo(oneByOne.presentations(id));
            assertThat(batched.firstLearnedEpoch(id)).as("first learned %d", id).isEqualTo(oneByOne.firstLearnedEpoch(id));
        }
        // by hand: CCIC 1 event, CICI 2, IIII 0, --CI 1, I-C- 0
        assertThat(new int[] {batched.events(0), batched.events(1), batched.events(2), batched.events(3), batched.events(4)})
                .containsExactly(1, 2, 0, 1, 0);
    }

    /** Plays one scripted presentation per epoch from {@code firstEpoch} on; '-' is no presentation. */
    private static void play(ForgettingTracker tracker, String[] sequences, int firstEpoch) {
        for (int id = 0; id < sequences.length; id++) {
            for (int k = 0; k < sequences[id].length(); k++) {
                char outcome = sequences[id].charAt(k);
                if (outcome != '-') {
                    tracker.record(id, outcome == 'C', firstEpoch + k);
                }
            }
        }
    }

    @Test
    void aTrackerRestoredFromItsStateCountsOnAsIfNeverInterrupted() throws IOException {
        String[] before = {"CC", "CI", "II", "--"};
        String[] after = {"IC", "CI", "II", "CI"};
        ForgettingTracker saved = new ForgettingTracker(4);
        play(saved, before, 1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        saved.writeState(new DataOutputStream(bytes));
        ForgettingTracker restored = new ForgettingTracker(4);
        restored.record(2, true, 1); // counts of its own, which restoring replaces
        restored.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

        play(restored, after, 3);

        // whole sequences CCIC, CICI, IIII, --CI worked out by hand: the C at epoch 2 of example 0,
        // saved before the checkpoint, makes its I at epoch 3 a forgetting event; example 1 keeps the
        // event it had before the checkpoint
        assertThat(new int[] {restored.events(0), restored.events(1), restored.events(2), restored.events(3)})
                .containsExactly(1, 2, 0, 1);
        assertThat(new int[] {restored.presentations(0), restored.presentations(1), restored.presentations(2),
                restored.presentations(3)}).containsExactly(4, 4, 4, 2);
        assertThat(new int[] {restored.firstLearnedEpoch(0), restored.firstLearnedEpoch(1),
                restored.firstLearnedEpoch(2), restored.firstLearnedEpoch(3)}).containsExactly(1, 1, 0, 3);
        assertThat(restored.scores()).containsExactly(1, 2, Float.POSITIVE_INFINITY, 1);
        assertThat(restored.neverLearnedCount()).isEqualTo(1);
        assertThat(restored.totalEvents()).isEqualTo(4);
    }

    @Test
    void refusesStateOfAnotherSizeAndTrackersOfNoExample() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new ForgettingTracker(4).writeState(new DataOutputStream(bytes));
        assertThatThrownBy(() -> new ForgettingTracker(5).readState(
                new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))))
                .isInstanceOf(IOException.class)
                .hasMessage("the saved forgetting counters holds 4 values, this one needs 5: restore into a twin"
                        + " built on the same examples");
        assertThatThrownBy(() -> new ForgettingTracker(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a forgetting tracker needs at least one example, got 0");
        ForgettingTracker one = new ForgettingTracker(1);
        assertThat(one.size()).isEqualTo(1);
        assertThat(one.neverLearnedCount()).isZero();
        assertThat(one.scores()).containsExactly(Float.POSITIVE_INFINITY);
    }
}
