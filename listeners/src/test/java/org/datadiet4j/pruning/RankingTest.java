package org.datadiet4j.pruning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The packed-key orders against a plain comparator sort of boxed ids. */
class RankingTest {

    private static int[] reference(float[] scores, boolean descending) {
        Comparator<Integer> byScore = (a, b) -> Float.compare(scores[a], scores[b]);
        Comparator<Integer> order = (descending ? byScore.reversed() : byScore).thenComparing(Comparator.naturalOrder());
        return IntStream.range(0, scores.length).boxed().sorted(order).mapToInt(Integer::intValue).toArray();
    }

    @Test
    void negativeZeroAndInfiniteScoresAreOrderedAsFloatCompareOrdersThem() {
        float[] scores = {0f, -2.5f, Float.POSITIVE_INFINITY, -0f, 1e-30f, -1e-30f, -2.5f, Float.NEGATIVE_INFINITY, 7f};
        // lowest first by hand: −∞ (7), −2.5 (1, 6), −1e-30 (5), −0 (3), 0 (0), 1e-30 (4), 7 (8), +∞ (2)
        assertThat(Ranking.lowestFirst(scores)).containsExactly(7, 1, 6, 5, 3, 0, 4, 8, 2);
        // highest first: ties still by ascending id
        assertThat(Ranking.highestFirst(scores)).containsExactly(2, 8, 4, 0, 3, 5, 1, 6, 7);
    }

    @Test
    void matchesAComparatorSortOnRandomScoresWithManyTies() {
        Random random = new Random(13);
        for (int round = 0; round < 50; round++) {
            float[] scores = new float[1 + random.nextInt(60)];
            for (int i = 0; i < scores.length; i++) {
                // few distinct values of both signs, so ties are common
                scores[i] = (random.nextInt(9) - 4) * (random.nextBoolean() ? 0.5f : 1e6f);
            }
            assertThat(Ranking.lowestFirst(scores)).as(Arrays.toString(scores)).containsExactly(reference(scores, false));
            assertThat(Ranking.highestFirst(scores)).as(Arrays.toString(scores)).containsExactly(reference(scores, true));
        }
    }

    @Test
    void sortingTheKeysOfSingleExamplesGivesTheSameOrders() {
        Random random = new Random(17);
        for (int round = 0; round < 50; round++) {
            float[] scores = new float[1 + random.nextInt(60)];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = random.nextInt(5) == 0 ? Float.POSITIVE_INFINITY : (random.nextInt(9) - 4) * 0.25f;
            }
            // what a distributed sort does: one key per example, computed alone, then sorted anywhere
            long[] highest = new long[scores.length];
            long[] lowest = new long[scores.length];
            for (int id = 0; id < scores.length; id++) {
                highest[id] = Ranking.highestFirstKey(scores[id], id);
                lowest[id] = Ranking.lowestFirstKey(scores[id], id);
            }
            assertThat(Arrays.stream(highest).sorted().mapToInt(key -> (int) key).toArray())
                    .containsExactly(reference(scores, true));
            assertThat(Arrays.stream(lowest).sorted().mapToInt(key -> (int) key).toArray())
                    .containsExactly(reference(scores, false));
        }
    }
}
