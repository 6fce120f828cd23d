package org.datadiet4j.pruning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Budgets split over groups, against a unit-by-unit reference; score strata against hand-worked bounds. */
class QuotasTest {

    private static final float INF = Float.POSITIVE_INFINITY;

    /**
     * The reference: hand out the budget one unit at a time, each to a group that still has members
     * and holds the fewest so far (the lowest index among equals).
     */
    private static int[] unitByUnit(int budget, int[] sizes) {
        int[] quotas = new int[sizes.length];
        for (int unit = 0; unit < budget; unit++) {
            int chosen = -1;
            for (int g = 0; g < sizes.length; g++) {
                if (quotas[g] < sizes[g] && (chosen < 0 || quotas[g] < quotas[chosen])) {
                    chosen = g;
                }
            }
            quotas[chosen]++;
        }
        return quotas;
    }

    @Test
    void aSmallGroupKeepsAllItsMembersAndNeverMore() {
        // share 7/3 = 2: the group of 2 is filled, 5 left over 2 groups: 3 and 2
        assertThat(Quotas.evenly(7, new int[] {2, 5, 5})).containsExactly(2, 3, 2);
        assertThat(Quotas.evenly(7, new int[] {5, 5, 2})).containsExactly(3, 2, 2);
        assertThat(Quotas.evenly(12, new int[] {5, 5, 2})).containsExactly(5, 5, 2);
        assertThat(Quotas.evenly(0, new int[] {5, 5, 2})).containsExactly(0, 0, 0);
    }

    @Test
    void everySplitOfSmallGroupsMatchesHandingOutOneUnitAtATime() {
        // all size vectors of 1 to 4 groups of 0..5 members, with every budget up to their total
        List<String> mismatches = new ArrayList<>();
        for (int groups = 1; groups <= 4; groups++) {
            int combinations = (int) Math.pow(6, groups);
            for (int code = 0; code < combinations; code++) {
                int[] sizes = new int[groups];
                for (int g = 0, rest = code; g < groups; g++, rest /= 6) {
                    sizes[g] = rest % 6;
                }
                int total = IntStream.of(sizes).sum();
                for (int budget = 0; budget <= total; budget++) {
                    int[] quotas = Quotas.evenly(budget, sizes);
                    int[] expected = unitByUnit(budget, sizes);
                    if (!Arrays.equals(quotas, expected)) {
                        mismatches.add("budget " + budget + " over " + Arrays.toString(sizes) + ": "
                                + Arrays.toString(quotas) + ", expected " + Arrays.toString(expected));
                    }
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void strataCutTheFiniteRangeIntoEqualWidthsAndPutInfinityInTheLast() {
        // range [10, 20] in 4 strata of width 2.5: [10, 12.5), [12.5, 15), [15, 17.5), [17.5, 20]
        float[] scores = {10, 12.4f, 12.5f, 14.9f, 15, 17.5f, 19.9f, 20, INF};
        int[] pool = {8, 7, 6, 5, 4, 3, 2, 1, 0};
        int[][] members = Quotas.strata(pool, scores, 10, 20, 4);
        // within a stratum in pool order
        assertThat(members[0]).containsExactly(1, 0);
        assertThat(members[1]).containsExactly(3, 2);
        assertThat(members[2]).containsExactly(4);
        assertThat(members[3]).containsExactly(8, 7, 6, 5);
    }

    @Test
    void aRangeOfOneValueIsOneStratumAndInfinityStillGoesLast() {
        float[] scores = {3, INF, 3, 3};
        int[][] members = Quotas.strata(new int[] {0, 1, 2, 3}, scores, 3, 3, 2);
        assertThat(members[0]).containsExactly(0, 2, 3);
        assertThat(members[1]).containsExactly(1);
        // no finite score at all: every member is +∞, in the last stratum
        int[][] infinite = Quotas.strata(new int[] {1, 0}, new float[] {INF, INF}, INF, -INF, 3);
        assertThat(infinite[0]).isEmpty();
        assertThat(infinite[1]).isEmpty();
        assertThat(infinite[2]).containsExactly(1, 0);
    }

    @Test
    void countsIdsPerClass() {
        int[] labels = {1, 0, 1, 1, 2};
        assertThat(Quotas.perClass(new int[] {0, 2, 3, 1}, labels, 3)).containsExactly(1, 3, 0);
        assertThat(Quotas.describe(Quotas.perClass(new int[] {4}, labels, 3))).isEqualTo("[0, 0, 1]");
    }
}
