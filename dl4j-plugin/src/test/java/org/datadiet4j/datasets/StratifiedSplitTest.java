package org.datadiet4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.datadiet4j.io.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class StratifiedSplitTest {

    /** 10 rows of class 0, 5 of class 1, 3 of class 2, interleaved. */
    private static final int[] LABELS = {0, 1, 0, 2, 0, 0, 1, 0, 2, 0, 1, 0, 0, 1, 2, 0, 1, 0};

    private static int[] testCountsPerClass(StratifiedSplit split, int[] labels, int numClasses) {
        int[] counts = new int[numClasses];
        for (int row : split.test()) {
            counts[labels[row]]++;
        }
        return counts;
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        // round(0.2 x 10) = 2, round(0.2 x 5) = 1, round(0.2 x 3) = round(0.6) = 1
        "0.2; 2,1,1",
        // round(0.5 x 10) = 5, round(2.5) = 3 (half-way rounds up), round(1.5) = 2
        "0.5; 5,3,2",
        // round(0.1 x 10) = 1, round(0.5) = 1, round(0.3) = 0: the smallest class keeps all its rows
        "0.1; 1,1,0",
        // round(7.5) = 8, round(3.75) = 4, round(2.25) = 2
        "0.75; 8,4,2",
    })
    void eachClassSendsRoundedFractionOfItsRowsToTest(double fraction, String expected) {
        int[] counts = Arrays.stream(expected.split(",")).mapToInt(Integer::parseInt).toArray();

        StratifiedSplit split = StratifiedSplit.of(LABELS, 3, fraction, 7);

        assertThat(testCountsPerClass(split, LABELS, 3)).containsExactly(counts);
        assertThat(split.test()).hasSize(IntStream.of(counts).sum());
        assertThat(split.train()).hasSize(LABELS.length - IntStream.of(counts).sum());
    }

    @Test
    void trainAndTestAreDisjointAscendingAndCoverEveryRow() {
        for (long seed = 0; seed < 20; seed++) {
            StratifiedSplit split = StratifiedSplit.of(LABELS, 3, 0.3, seed);

            assertThat(split.train()).isSorted();
            assertThat(split.test()).isSorted();
            int[] all = IntStream.concat(IntStream.of(split.train()), IntStream.of(split.test())).sorted().toArray();
            assertThat(all).containsExactly(IntStream.range(0, LABELS.length).toArray());
        }
    }

    @Test
    void theSameSeedGivesTheSameSplitAndOtherSeedsOtherOnes() {
        int[] labels = IntStream.range(0, 60).map(i -> i % 3).toArray();
        StratifiedSplit first = StratifiedSplit.of(labels, 3, 0.2, 11);

        StratifiedSplit again = StratifiedSplit.of(labels, 3, 0.2, 11);
        assertThat(again.train()).containsExactly(first.train());
        assertThat(again.test()).containsExactly(first.test());
        // 4 test rows out of 20 per class: C(20, 4)^3 possible test sets, so another seed gives another one
        for (long seed = 12; seed < 16; seed++) {
            assertThat(StratifiedSplit.of(labels, 3, 0.2, seed).test()).isNotEqualTo(first.test());
        }
    }

    @Test
    void everyRowOfAClassIsEquallyLikelyToBeDrawn() {
        // class 0: 4 rows, 1 to test; over 4000 seeds each row is drawn about 1000 times (sd ~27)
        int[] labels = {0, 1, 0, 1, 0, 1, 0, 1};
        int[] drawn = new int[labels.length];
        for (long seed = 0; seed < 4000; seed++) {
            for (int row : StratifiedSplit.of(labels, 2, 0.25, seed).test()) {
                drawn[row]++;
            }
        }
        for (int row = 0; row < labels.length; row++) {
            assertThat(drawn[row] / 4000.0).as("row " + row).isCloseTo(0.25, within(0.035));
        }
    }

    @Test
    void oneClassesDrawDoesNotDependOnWhereTheOtherClassesRowsAre() {
        int[] grouped = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1};
        int[] interleaved = {1, 0, 1, 0, 0, 1, 0, 1, 1, 0};
        int[] groupedClass0 = {0, 1, 2, 3, 4};
        int[] interleavedClass0 = {1, 3, 4, 6, 9};

        for (long seed = 0; seed < 10; seed++) {
            int[] a = StratifiedSplit.of(grouped, 2, 0.4, seed).test();
            int[] b = StratifiedSplit.of(interleaved, 2, 0.4, seed).test();
            // the k-th row of class 0 goes to test in one layout exactly when it does in the other
            for (int k = 0; k < 5; k++) {
                assertThat(Arrays.binarySearch(a, groupedClass0[k]) >= 0)
                        .isEqualTo(Arrays.binarySearch(b, interleavedClass0[k]) >= 0);
            }
        }
    }

    @Test
    void refusesToLeaveAClassWithoutTrainingRows() {
        // class 2 has one row: round(0.5 x 1) = 1 would move it to test
        int[] labels = {0, 0, 1, 1, 2};
        assertThatThrownBy(() -> StratifiedSplit.of(labels, 3, 0.5, 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("--test-fraction 0.5 moves all 1 examples of class 2 to the test split, leaving none to"
                        + " train on: lower --test-fraction or add examples of class 2");
        // a class with no rows at all is no reason to refuse
        assertThat(StratifiedSplit.of(new int[] {0, 0, 2, 2}, 3, 0.5, 1).test()).hasSize(2);
    }

    @Test
    void refusesASplitWithNoTestRowsAndFractionsOutsideTheOpenInterval() {
        assertThatThrownBy(() -> StratifiedSplit.of(new int[] {0, 0, 1, 1}, 2, 0.1, 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("--test-fraction 0.1 of 4 examples rounds to no test example in any class: raise"
                        + " --test-fraction");
        for (double fraction : new double[] {0, 1, -0.2, Double.NaN}) {
            assertThatThrownBy(() -> StratifiedSplit.of(LABELS, 3, fraction, 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be in (0, 1)");
        }
    }

    @Test
    void refusesLabelsOutsideTheClasses() {
        assertThatThrownBy(() -> StratifiedSplit.of(new int[] {0, 2, 3, 1}, 3, 0.5, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("row 2: label 3 is not in [0, 3)");
        assertThatThrownBy(() -> StratifiedSplit.of(new int[] {0, -1, 1, 1}, 3, 0.5, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("row 1: label -1 is not in [0, 3)");
    }
}
