package org.datadiet4j.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import org.datadiet4j.data.Examples;
import org.datadiet4j.pruning.Ranking;
import org.datadiet4j.scores.Quantiles;

/** The short report printed after scoring: score quantiles, the highest-scored examples, a scoring pass's cost. */
final class Summary {

    static final double[] QUANTILES = {0, 0.1, 0.25, 0.5, 0.75, 0.9, 1};

    private Summary() {
    }

    /** The q-quantile of ascending {@code sorted} values ({@link Quantiles#ofSorted}). */
    static double quantile(float[] sorted, double q) {
        return Quantiles.ofSorted(sorted, sorted.length, q);
    }

    /** Ids of the {@code k} highest scores, highest first; ties go to the lower id. */
    static int[] highest(float[] scores, int k) {
        return Arrays.stream(Ranking.highestFirst(scores)).filter(i -> !Float.isNaN(scores[i])).limit(k).toArray();
    }

    static void print(PrintWriter out, String column, float[] scores, Examples examples, int top) {
        float[] finite = new float[scores.length];
        int count = 0;
        for (float v : scores) {
            if (!Float.isNaN(v)) {
                finite[count++] = v;
            }
        }
        finite = Arrays.copyOf(finite, count);
        Arrays.sort(finite);
        StringBuilder line = new StringBuilder(column).append(" quantiles:");
        for (double q : QUANTILES) {
            String name = q == 0 ? "min" : q == 1 ? "max" : Math.round(q * 100) + "%";
            line.append(String.format("  %s %.4f", name, quantile(finite, q)));
        }
        out.println(line);
        out.println("highest " + column + ":");
        List<String> names = examples.classNames();
        for (int id : highest(scores, top)) {
            int label = examples.label(id);
            out.printf("  id %6d  label %d%s  %s %.4f%n", id, label, names == null ? "" : " (" + names.get(label) + ")",
                    column, scores[id]);
        }
    }

    /**
     * The cost of a scoring pass in training epochs, one line: {@code "el2n scoring pass: 0.800 s = 0.100 x one
     * training epoch (8.00 s; <basis>)"}; without an epoch to compare with ({@code epochSeconds} NaN), the
     * pass's time alone.
     */
    static void printScoringCost(PrintWriter out, String score, double passSeconds, double epochSeconds,
                                 String basis) {
        if (Double.isNaN(epochSeconds)) {
            out.printf("%s scoring pass: %.3f s (no training epochs to compare with)%n", score, passSeconds);
        } else {
            out.printf("%s scoring pass: %.3f s = %.3f x one training epoch (%.2f s; %s)%n", score, passSeconds,
                    passSeconds / epochSeconds, epochSeconds, basis);
        }
    }

    /** Never-learned and never-forgotten counts; with several runs, "never learned" means in some run. */
    static void printForgetting(PrintWriter out, float[] forgetting, float[] everLearned) {
        int neverLearned = 0;
        int neverForgotten = 0;
        int learnedEverywhere = 0;
        for (int i = 0; i < forgetting.length; i++) {
            if (Float.isInfinite(forgetting[i])) {
                neverLearned++;
            } else if (forgetting[i] == 0) {
                neverForgotten++;
            }
            if (everLearned[i] == 1f) {
                learnedEverywhere++;
            }
        }
        int n = forgetting.length;
        out.printf("forgetting: %d of %d examples (%.1f%%) never forgotten, %d (%.1f%%) never learned in some run"
                        + " (score +inf), %d learned in every run%n", neverForgotten, n, 100.0 * neverForgotten / n,
                neverLearned, 100.0 * neverLearned / n, learnedEverywhere);
    }
}
