package org.datadiet4j.internal.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Seeded samples of distinct ids: their size, their range, their draw order and their uniformity. */
class RandomIdsTest {

    @Test
    void drawsKDistinctIdsInRangeAndAllOfThemWhenKReachesN() {
        for (long seed = 0; seed < 50; seed++) {
            int[] some = RandomIds.sample(10, 4, seed);
            assertThat(some).hasSize(4).doesNotHaveDuplicates();
            assertThat(IntStream.of(some).allMatch(id -> id >= 0 && id < 10)).isTrue();
            int[] all = RandomIds.sample(6, 6, seed);
            assertThat(IntStream.of(all).sorted().toArray()).containsExactly(0, 1, 2, 3, 4, 5);
            int[] more = RandomIds.sample(6, 9, seed);
            assertThat(IntStream.of(more).sorted().toArray()).containsExactly(0, 1, 2, 3, 4, 5);
        }
        assertThat(RandomIds.sample(5, 0, 1)).isEmpty();
        assertThat(RandomIds.sample(0, 3, 1)).isEmpty();
    }

    @Test
    void aLargerSampleWithTheSameSeedStartsWithTheSmallerOne() {
        for (long seed = 0; seed < 20; seed++) {
            int[] all = RandomIds.sample(30, 30, seed);
            for (int k = 0; k <= 30; k++) {
                assertThat(RandomIds.sample(30, k, seed)).containsExactly(Arrays.copyOf(all, k));
            }
        }
        assertThat(RandomIds.sample(30, 30, 1)).isNotEqualTo(RandomIds.sample(30, 30, 2));
    }

    @Test
    void everyOrderedPairIsEquallyLikely() {
        // 2 of 5 ids in draw order: 20 ordered pairs, each with probability 1/20; 8000 seeds give
        // 400 expected draws per pair (binomial sd ≈ 19.5), so a tolerance of ±0.01 is over 4 sd
        int seeds = 8000;
        int[][] drawn = new int[5][5];
        for (long seed = 0; seed < seeds; seed++) {
            int[] pair = RandomIds.sample(5, 2, seed);
            drawn[pair[0]][pair[1]]++;
        }
        for (int first = 0; first < 5; first++) {
            assertThat(drawn[first][first]).isZero();
            for (int second = 0; second < 5; second++) {
                if (first != second) {
                    assertThat(drawn[first][second] / (double) seeds).as(first + "," + second)
                            .isCloseTo(1 / 20.0, within(0.01));
                }
            }
        }
    }
}
