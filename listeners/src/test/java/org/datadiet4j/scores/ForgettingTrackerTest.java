package org.datadiet4j.scores;

import static org.assertj.core.api.Assertions.assertThat;

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
}
