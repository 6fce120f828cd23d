package org.datadiet4j.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.datadiet4j.io.InvalidInputException;
import org.junit.jupiter.api.Test;

/** Each policy against a hand-worked example. */
class PruningPolicyTest {

    // ids:                     0    1    2    3    4    5    6    7    8    9
    private static final float[] SCORES = {0.5f, 0.9f, 0.1f, 0.9f, 0.3f, 0.7f, 0.5f, 0.2f, 0.8f, 0.5f};
    private static final int[] LABELS = {0, 1, 1, 0, 2, 1, 0, 2, 1, 2};
    // highest first, ties by id: 1 (.9), 3 (.9), 8 (.8), 5 (.7), 0 (.5), 6 (.5), 9 (.5), 4 (.3), 7 (.2), 2 (.1)

    @Test
    void hardestKeepsTheHighestScoresWithTiesToTheLowerId() {
        assertThat(new PruningPolicy.Hardest().select(SCORES, LABELS, 3, 0.3)).containsExactly(1, 3, 8);
        // 5 kept: 1, 3, 8, 5 and, of the tied 0.5s (ids 0, 6, 9), id 0
        assertThat(new PruningPolicy.Hardest().select(SCORES, LABELS, 3, 0.5)).containsExactly(0, 1, 3, 5, 8);
        assertThat(new PruningPolicy.Hardest().select(SCORES, LABELS, 3, 1.0)).hasSize(10);
    }

    @Test
    void easiestKeepsTheLowestScoresWithTiesToTheLowerId() {
        // lowest first: 2 (.1), 7 (.2), 4 (.3), 0 (.5), 6 (.5), 9 (.5), ...
        assertThat(new PruningPolicy.Easiest().select(SCORES, LABELS, 3, 0.4)).containsExactly(0, 2, 4, 7);
        assertThat(new PruningPolicy.Easiest().select(SCORES, LABELS, 3, 0.5)).containsExactly(0, 2, 4, 6, 7);
    }

    @Test
    void windowTakesRanksFromTheOffsetAndStopsAtTheEdges() {
        // ranks 2..4 of the highest-first order: 8, 5, 0
        assertThat(new PruningPolicy.Window(0.2).select(SCORES, LABELS, 3, 0.3)).containsExactly(0, 5, 8);
        // at the top edge it is hardest, at the bottom edge easiest
        assertThat(new PruningPolicy.Window(0.0).select(SCORES, LABELS, 3, 0.3)).containsExactly(1, 3, 8);
        assertThat(new PruningPolicy.Window(0.7).select(SCORES, LABELS, 3, 0.3)).containsExactly(2, 4, 7);
        assertThatThrownBy(() -> new PruningPolicy.Window(0.8).select(SCORES, LABELS, 3, 0.3))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("window of 3 examples starting at rank 8 runs past the end of 10 examples");
    }

    @Test
    void classBalancedSplitsTheBudgetEvenlyAndHandsASmallClassSurplusToTheOthers() {
        // class sizes: 0 -> {0, 3, 6} (3), 1 -> {1, 2, 5, 8} (4), 2 -> {4, 7, 9} (3); keep 6: 2 per class
        assertThat(new PruningPolicy.ClassBalanced().select(SCORES, LABELS, 3, 0.6))
                .containsExactly(0, 1, 3, 4, 8, 9);
        // a class smaller than its share: class 3 has one example, budget 6 over 4 classes
        float[] scores = {0.9f, 0.8f, 0.7f, 0.6f, 0.5f, 0.4f, 0.3f, 0.2f, 0.1f, 0.05f};
        int[] labels = {3, 0, 0, 0, 1, 1, 1, 2, 2, 2};
        // share 6/4 = 1 -> class 3 (1 example) keeps it; 5 left over 3 classes: 2, 2, 1 (remainder to the lowest classes)
        // class 0 keeps 1, 2; class 1 keeps 4, 5; class 2 keeps 7
        assertThat(new PruningPolicy.ClassBalanced().select(scores, labels, 4, 0.6)).containsExactly(0, 1, 2, 4, 5, 7);
    }

    @Test
    void quotasFillSmallGroupsFirst() {
        assertThat(Quotas.evenly(10, new int[] {1, 10, 2, 10})).containsExactly(1, 4, 2, 3);
        assertThat(Quotas.evenly(7, new int[] {5, 0, 5})).containsExactly(4, 0, 3);
        assertThat(Quotas.evenly(3, new int[] {1, 1, 1})).containsExactly(1, 1, 1);
    }

    @Test
    void stratifiedDropsTheTopAndCoversTheScoreRange() {
        // 20 examples, scores 0.00, 0.05, ..., 0.95 (id i has score i/20); β = 0.1 drops ids 19 and 18;
        // the remaining range [0, 0.85] in 2 strata of width 0.425: ids 0..8 and 9..17 (9 each)
        float[] scores = new float[20];
        int[] labels = new int[20];
        for (int i = 0; i < 20; i++) {
            scores[i] = i / 20f;
        }
        int[] kept = new PruningPolicy.Stratified(0.1, 2, 7).select(scores, labels, 1, 0.3);
        assertThat(kept).hasSize(6).doesNotContain(18, 19);
        assertThat(java.util.Arrays.stream(kept).filter(id -> id <= 8).count()).isEqualTo(3);
        assertThat(java.util.Arrays.stream(kept).filter(id -> id >= 9).count()).isEqualTo(3);
        assertThat(new PruningPolicy.Stratified(0.1, 2, 7).select(scores, labels, 1, 0.3)).containsExactly(kept);
        assertThatThrownBy(() -> new PruningPolicy.Stratified(0.5, 2, 7).select(scores, labels, 1, 0.6))
                .hasMessageContaining("only 10 remain after dropping the top 0.5");
    }

    @Test
    void stratifiedKeepsCoveringTheFiniteRangeWhenManyScoresAreInfinite() {
        // 100 examples: 30 never learned (+inf), 70 with scores 0..69; β = 0.1 drops 10 of the +inf;
        // the finite range [0, 69] in 2 strata: 0..34 and 35..69 (+inf joins the last)
        float[] scores = new float[100];
        for (int i = 0; i < 100; i++) {
            scores[i] = i < 70 ? i : Float.POSITIVE_INFINITY;
        }
        int[] kept = new PruningPolicy.Stratified(0.1, 2, 3).select(scores, new int[100], 1, 0.4);
        long low = java.util.Arrays.stream(kept).filter(id -> id < 35).count();
        assertThat(kept).hasSize(40);
        assertThat(low).isEqualTo(20);
    }

    @Test
    void randomIsSeededAndUniformInSize() {
        int[] first = new PruningPolicy.RandomSubset(3).select(SCORES, LABELS, 3, 0.5);
        assertThat(first).hasSize(5).isSorted();
        assertThat(new PruningPolicy.RandomSubset(3).select(SCORES, LABELS, 3, 0.5)).containsExactly(first);
        assertThat(new PruningPolicy.RandomSubset(4).select(SCORES, LABELS, 3, 0.5)).isNotEqualTo(first);
    }

    @Test
    void infiniteScoresRankHighest() {
        float inf = Float.POSITIVE_INFINITY;
        assertThat(new PruningPolicy.Hardest().select(new float[] {3, inf, 0, inf}, new int[4], 1, 0.5))
                .containsExactly(1, 3);
    }

    @Test
    void badFractionsAndPoliciesAreRefusedWithOneClearMessage() {
        assertThatThrownBy(() -> new PruningPolicy.Hardest().select(SCORES, LABELS, 3, 0))
                .hasMessage("keep fraction must be in (0, 1], got 0.0");
        assertThatThrownBy(() -> new PruningPolicy.Hardest().select(SCORES, LABELS, 3, 1.5))
                .hasMessage("keep fraction must be in (0, 1], got 1.5");
        assertThatThrownBy(() -> new PruningPolicy.Hardest().select(SCORES, LABELS, 3, 0.01))
                .hasMessageContaining("keeps none: the keep-set would be empty");
        assertThatThrownBy(() -> new PruningPolicy.Hardest().select(new float[] {1, Float.NaN}, new int[2], 1, 0.5))
                .hasMessageContaining("the score of example 1 is NaN");
        assertThatThrownBy(() -> PruningPolicy.parse("hardest-ish", 1)).hasMessageContaining("unknown policy 'hardest-ish'");
        assertThatThrownBy(() -> PruningPolicy.parse("window", 1)).hasMessageContaining("needs an offset");
        assertThatThrownBy(() -> PruningPolicy.parse("window:x", 1)).hasMessageContaining("'x' is not a number");
        assertThat(PruningPolicy.parse("window:0.25", 1)).isEqualTo(new PruningPolicy.Window(0.25));
        assertThat(PruningPolicy.parse("stratified", 9)).isEqualTo(new PruningPolicy.Stratified(0.1, 50, 9));
    }

    @Test
    void everyPolicyParsesBackFromTheNameItDescribesItselfBy() {
        for (PruningPolicy policy : new PruningPolicy[] {new PruningPolicy.Hardest(), new PruningPolicy.Easiest(),
                new PruningPolicy.RandomSubset(9), new PruningPolicy.ClassBalanced(), new PruningPolicy.Window(0.25),
                new PruningPolicy.Stratified(0.2, 50, 9)}) {
            assertThat(PruningPolicy.parse(policy.describe(), 9)).as(policy.describe()).isEqualTo(policy);
        }
        assertThat(PruningPolicy.parse("stratified:0.2", 4)).isEqualTo(new PruningPolicy.Stratified(0.2, 50, 4));
        for (String spec : new String[] {"hardest:1", "easiest:1", "random:0.5", "balanced:2"}) {
            assertThatThrownBy(() -> PruningPolicy.parse(spec, 1)).isInstanceOf(InvalidInputException.class)
                    .hasMessage("policy '" + spec.split(":")[0] + "' takes no argument, got '" + spec + "'");
        }
    }

    @Test
    void aBudgetOfOneExampleIsEnough() {
        // round(0.05 · 10) = round(0.5) = 1: the single highest score, id 1 (0.9, before id 3)
        assertThat(new PruningPolicy.Hardest().select(SCORES, LABELS, 3, 0.05)).containsExactly(1);
        assertThat(new PruningPolicy.Easiest().select(SCORES, LABELS, 3, 0.1)).containsExactly(2);
    }

    @Test
    void windowOffsetsOutsideTheOrderAreRefused() {
        for (double offset : new double[] {-0.1, 1.0, Double.NaN}) {
            assertThatThrownBy(() -> new PruningPolicy.Window(offset).select(SCORES, LABELS, 3, 0.3))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("window offset must be in [0, 1), got " + offset);
        }
    }

    @Test
    void stratifiedAcceptsTheEdgesOfItsSettingsAndRefusesWhatLiesBeyond() {
        float[] scores = new float[10];
        for (int i = 0; i < 10; i++) {
            scores[i] = i;
        }
        // β = 0.5 drops ids 9..5; the 5 that remain are exactly the budget, so all of them are kept
        assertThat(new PruningPolicy.Stratified(0.5, 3, 1).select(scores, new int[10], 1, 0.5))
                .containsExactly(0, 1, 2, 3, 4);
        // β = 0 and a single stratum: a uniform sample of everything
        assertThat(new PruningPolicy.Stratified(0, 1, 1).select(scores, new int[10], 1, 1.0))
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        for (PruningPolicy bad : new PruningPolicy[] {new PruningPolicy.Stratified(-0.1, 2, 1),
                new PruningPolicy.Stratified(1, 2, 1), new PruningPolicy.Stratified(0.1, 0, 1)}) {
            assertThatThrownBy(() -> bad.select(scores, new int[10], 1, 0.5)).isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("stratified needs β in [0, 1) and at least one stratum");
        }
    }
}
