package org.datadiet4j.datasets;

import java.util.SplittableRandom;
import org.datadiet4j.internal.sampling.RandomIds;
import org.datadiet4j.io.InvalidInputException;

/**
 * A seeded, stratified split of N labelled rows into training and test rows: of the n_c rows of
 * class c, {@code Math.round(F · n_c)} go to test (half-way cases round up), chosen uniformly by a
 * Fisher–Yates shuffle of the class's rows ({@link RandomIds#sample}) whose seed is the c-th
 * {@code nextLong()} of a {@code SplittableRandom(seed)}; the rest are training rows. Both arrays hold
 * row indices in ascending order, so training id i (as a score table numbers it) is row
 * {@code train[i]} of the input.
 *
 * @param train training rows, ascending
 * @param test  test rows, ascending
 */
public record StratifiedSplit(int[] train, int[] test) {

    /**
     * Splits rows by their class index {@code labels[row]} in [0, numClasses). Refuses a fraction
     * that would move every row of a class to test, or no row at all.
     */
    public static StratifiedSplit of(int[] labels, int numClasses, double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be in (0, 1), got " + testFraction);
        }
        int[][] rowsOf = rowsByClass(labels, numClasses);
        SplittableRandom random = new SplittableRandom(seed);
        boolean[] isTest = new boolean[labels.length];
        int testCount = 0;
        for (int c = 0; c < numClasses; c++) {
            int size = rowsOf[c].length;
            int count = (int) Math.round(testFraction * size);
            if (size > 0 && count == size) {
                throw new InvalidInputException("--test-fraction " + testFraction + " moves all " + size
                        + " examples of class " + c + " to the test split, leaving none to train on: lower"
                        + " --test-fraction or add examples of class " + c);
            }
            // drawn for every class, so one class's rows never change another's draw
            long classSeed = random.nextLong();
            for (int position : RandomIds.sample(size, count, classSeed)) {
                isTest[rowsOf[c][position]] = true;
            }
            testCount += count;
        }
        if (testCount == 0) {
            throw new InvalidInputException("--test-fraction " + testFraction + " of " + labels.length
                    + " examples rounds to no test example in any class: raise --test-fraction");
        }
        int[] train = new int[labels.length - testCount];
        int[] test = new int[testCount];
        for (int row = 0, t = 0, s = 0; row < labels.length; row++) {
            if (isTest[row]) {
                test[s++] = row;
            } else {
                train[t++] = row;
            }
        }
        return new StratifiedSplit(train, test);
    }

    private static int[][] rowsByClass(int[] labels, int numClasses) {
        int[] sizes = new int[numClasses];
        for (int row = 0; row < labels.length; row++) {
            if (labels[row] < 0 || labels[row] >= numClasses) {
                throw new IllegalArgumentException("row " + row + ": label " + labels[row] + " is not in [0, "
                        + numClasses + ")");
            }
            sizes[labels[row]]++;
        }
        int[][] rowsOf = new int[numClasses][];
        for (int c = 0; c < numClasses; c++) {
            rowsOf[c] = new int[sizes[c]];
        }
        int[] filled = new int[numClasses];
        for (int row = 0; row < labels.length; row++) {
            rowsOf[labels[row]][filled[labels[row]]++] = row;
        }
        return rowsOf;
    }
}
