package org.datadiet4j.pruning;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.datadiet4j.internal.sampling.RandomIds;
import org.datadiet4j.io.InvalidInputException;

/**
 * Chooses the examples to keep from one score per example. Every policy keeps
 * k = round(f·N) examples (at least one) and returns their ids ascending. Orders are total: equal
 * scores are ordered by id (lower id first), so the same scores give the same keep-set every time;
 * random choices come from a seeded generator of their own.
 *
 * <ul>
 *   <li>{@link Hardest}: the k highest scores (the paper's main result: keep the hard examples).</li>
 *   <li>{@link Easiest}: the k lowest scores.</li>
 *   <li>{@link Window}: ranks ⌊o·N⌋ … ⌊o·N⌋+k−1 of the highest-first order (the paper's sliding
 *       window: skipping the very highest scores helps under label noise).</li>
 *   <li>{@link RandomSubset}: k ids uniformly at random, the baseline.</li>
 *   <li>{@link ClassBalanced}: the highest scores within each class, the budget split as evenly over
 *       the classes as their sizes allow (a class smaller than its share keeps all of its examples
 *       and the rest is shared by the others).</li>
 *   <li>{@link Stratified}: coverage-centric selection (Zheng et al., ICLR 2023): drop the top β
 *       fraction as suspected noise, cut the remaining finite score range into equal-width strata
 *       (+∞ scores join the last), and fill
 *       the budget as evenly over the strata as their sizes allow, at random within each.</li>
 * </ul>
 *
 * <p>A policy of your own is a lambda or a class: {@code select} gets one score per example (higher
 * means harder), the class index of every example and the fraction to keep, and returns the ids to
 * keep. {@link #budget} gives the k the built-in policies keep and {@link Ranking} the total orders
 * they use. Whatever a policy returns is checked before it is used ({@link #selectChecked}): ids in
 * [0, N), none twice, at least one.
 */
@FunctionalInterface
public interface PruningPolicy {

    /** The ids to keep, ascending. */
    int[] select(float[] scores, int[] labels, int numClasses, double keepFraction);

    /** The name used on the command line and in logs; a lambda's default is "custom". */
    default String describe() {
        return "custom";
    }

    /**
     * Runs a policy and checks its answer: ids in [0, N), none twice, at least one; returned ascending.
     *
     * @throws IllegalStateException naming the policy when its answer breaks one of these rules
     */
    static int[] selectChecked(PruningPolicy policy, float[] scores, int[] labels, int numClasses,
            double keepFraction) {
        int[] ids = policy.select(scores, labels, numClasses, keepFraction);
        String name = "pruning policy '" + policy.describe() + "'";
        if (ids == null || ids.length == 0) {
            throw new IllegalStateException(name + " kept no example: it must return at least one id");
        }
        int[] kept = ids.clone();
        Arrays.sort(kept);
        for (int i = 0; i < kept.length; i++) {
            if (kept[i] < 0 || kept[i] >= scores.length) {
                throw new IllegalStateException(name + " returned id " + kept[i] + ", outside [0, "
                        + scores.length + ")");
            }
            if (i > 0 && kept[i] == kept[i - 1]) {
                throw new IllegalStateException(name + " returned id " + kept[i] + " twice");
            }
        }
        return kept;
    }

    record Hardest() implements PruningPolicy {
        @Override
        public int[] select(float[] scores, int[] labels, int numClasses, double keepFraction) {
            int k = budget(scores, keepFraction);
            return sorted(Arrays.copyOf(Ranking.highestFirst(scores), k));
        }

        @Override
        public String describe() {
            return "hardest";
        }
    }

    record Easiest() implements PruningPolicy {
        @Override
        public int[] select(float[] scores, int[] labels, int numClasses, double keepFraction) {
            int k = budget(scores, keepFraction);
            return sorted(Arrays.copyOf(Ranking.lowestFirst(scores), k));
        }

        @Override
        public String describe() {
            return "easiest";
        }
    }

    /** @param offset where the window starts, as a fraction of N in [0, 1) of the highest-first order */
    record Window(double offset) implements PruningPolicy {
        @Override
        public int[] select(float[] scores, int[] labels, int numClasses, double keepFraction) {
            int k = budget(scores, keepFraction);
            if (!(offset >= 0 && offset < 1)) {
                throw new InvalidInputException("window offset must be in [0, 1), got " + offset);
            }
            int start = (int) Math.floor(offset * scores.length);
            if (start + k > scores.length) {
                throw new InvalidInputException("the window of " + k + " examples starting at rank " + start
                        + " runs past the end of " + scores.length + " examples: lower the offset or --keep");
            }
            return sorted(Arrays.copyOfRange(Ranking.highestFirst(scores), start, start + k));
        }

        @Override
        public String describe() {
            return "window:" + offset;
        }
    }

    record RandomSubset(long seed) implements PruningPolicy {
        @Override
        public int[] select(float[] scores, int[] labels, int numClasses, double keepFraction) {
            return sorted(RandomIds.sample(scores.length, budget(scores, keepFraction), seed));
        }

        @Override
        public String describe() {
            return "random";
        }
    }

    record ClassBalanced() implements PruningPolicy {
        @Override
        public int[] select(float[] scores, int[] labels, int numClasses, double keepFraction) {
            int k = budget(scores, keepFraction);
            int[] sizes = new int[numClasses];
            for (int label : labels) {
                sizes[label]++;
            }
            int[] quotas = Quotas.evenly(k, sizes);
            int[] taken = new int[numClasses];
            int[] kept = new int[k];
            int count = 0;
            for (int id : Ranking.highestFirst(scores)) {
                int c = labels[id];
                if (taken[c] < quotas[c]) {
                    taken[c]++;
                    kept[count++] = id;
                }
            }
            return sorted(kept);
        }

        @Override
        public String describe() {
            return "balanced";
        }
    }

    /**
     * @param noiseFraction β, the fraction of the highest scores dropped first, in [0, 1)
     * @param strata        number of equal-width score strata
     */
    record Stratified(double noiseFraction, int strata, long seed) implements PruningPolicy {
        @Override
        public int[] select(float[] scores, int[] labels, int numClasses, double keepFraction) {
            int k = budget(scores, keepFraction);
            if (!(noiseFraction >= 0 && noiseFraction < 1) || strata < 1) {
                throw new InvalidInputException("stratified needs β in [0, 1) and at least one stratum, got β = "
                        + noiseFraction + ", " + strata + " strata");
            }
            int[] order = Ranking.highestFirst(scores);
            int dropped = (int) Math.floor(noiseFraction * scores.length);
            int[] pool = Arrays.copyOfRange(order, dropped, order.length);
            if (pool.length < k) {
                throw new InvalidInputException("stratified keeps " + k + " examples but only " + pool.length
                        + " remain after dropping the top " + noiseFraction + ": lower β or --keep");
            }
            float low = Float.POSITIVE_INFINITY;
            float high = Float.NEGATIVE_INFINITY;
            for (int id : pool) {
                if (Float.isFinite(scores[id])) {
                    low = Math.min(low, scores[id]);
                    high = Math.max(high, scores[id]);
                }
            }
            int[][] members = Quotas.strata(pool, scores, low, high, strata);
            int[] sizes = new int[strata];
            for (int s = 0; s < strata; s++) {
                sizes[s] = members[s].length;
            }
            int[][] draws = draws(sizes, Quotas.evenly(k, sizes));
            int[] kept = new int[k];
            int count = 0;
            for (int s = 0; s < strata; s++) {
                for (int position : draws[s]) {
                    kept[count++] = members[s][position];
                }
            }
            return sorted(kept);
        }

        /**
         * The random part of {@link #select}: for each stratum of {@code sizes[s]} members (in highest-first
         * order), the positions of the {@code quotas[s]} members drawn, in draw order: the first quota steps of
         * a Fisher–Yates shuffle, one seeded generator running through the strata in order. Depends on the
         * sizes, quotas and seed alone, so a distributed job that knows each member's position in its stratum
         * keeps the same examples.
         */
        public int[][] draws(int[] sizes, int[] quotas) {
            SplittableRandom random = new SplittableRandom(seed);
            int[][] drawn = new int[sizes.length][];
            for (int s = 0; s < sizes.length; s++) {
                int[] positions = new int[sizes[s]];
                for (int i = 0; i < positions.length; i++) {
                    positions[i] = i;
                }
                drawn[s] = new int[quotas[s]];
                for (int i = 0; i < quotas[s]; i++) {
                    int j = i + random.nextInt(positions.length - i);
                    int swap = positions[i];
                    positions[i] = positions[j];
                    positions[j] = swap;
                    drawn[s][i] = positions[i];
                }
            }
            return drawn;
        }

        @Override
        public String describe() {
            return "stratified:" + noiseFraction;
        }
    }

    /**
     * Parses a command-line policy: {@code hardest}, {@code easiest}, {@code window:O}, {@code random},
     * {@code balanced}, {@code stratified} or {@code stratified:β} (default β 0.1, 50 strata).
     */
    static PruningPolicy parse(String spec, long seed) {
        String[] parts = spec.split(":", 2);
        String name = parts[0];
        String argument = parts.length > 1 ? parts[1] : null;
        PruningPolicy policy = switch (name) {
            case "hardest" -> new Hardest();
            case "easiest" -> new Easiest();
            case "random" -> new RandomSubset(seed);
            case "balanced" -> new ClassBalanced();
            case "window" -> new Window(number(spec, argument, Double.NaN));
            case "stratified" -> new Stratified(number(spec, argument, 0.1), 50, seed);
            default -> throw new InvalidInputException("unknown policy '" + spec
                    + "': use hardest, easiest, window:O, random, balanced or stratified[:β]");
        };
        if (argument != null && !name.equals("window") && !name.equals("stratified")) {
            throw new InvalidInputException("policy '" + name + "' takes no argument, got '" + spec + "'");
        }
        return policy;
    }

    private static double number(String spec, String argument, double fallback) {
        if (argument == null) {
            if (Double.isNaN(fallback)) {
                throw new InvalidInputException("policy '" + spec + "' needs an offset: window:O with O in [0, 1)");
            }
            return fallback;
        }
        try {
            return Double.parseDouble(argument);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("policy '" + spec + "': '" + argument + "' is not a number");
        }
    }

    /**
     * The number of examples a policy keeps, k = round(f·N), checked: f in (0, 1], k ≥ 1, no NaN score.
     *
     * @throws InvalidInputException naming the value that is wrong
     */
    static int budget(float[] scores, double keepFraction) {
        requireFraction(keepFraction);
        for (int i = 0; i < scores.length; i++) {
            if (Float.isNaN(scores[i])) {
                throw new InvalidInputException("the score of example " + i + " is NaN: prune on a column without"
                        + " missing scores");
            }
        }
        return budget(scores.length, keepFraction);
    }

    /**
     * The number of examples a policy keeps of {@code n}, k = round(f·n), checked: f in (0, 1], k ≥ 1 (the
     * scores' own check, no NaN, is the caller's).
     *
     * @throws InvalidInputException naming the value that is wrong
     */
    static int budget(int n, double keepFraction) {
        requireFraction(keepFraction);
        long k = Math.round(keepFraction * n);
        if (k < 1) {
            throw new InvalidInputException("keep fraction " + keepFraction + " of " + n
                    + " examples keeps none: the keep-set would be empty");
        }
        return (int) k;
    }

    private static void requireFraction(double keepFraction) {
        if (!(keepFraction > 0 && keepFraction <= 1)) {
            throw new InvalidInputException("keep fraction must be in (0, 1], got " + keepFraction);
        }
    }

    private static int[] sorted(int[] ids) {
        Arrays.sort(ids);
        return ids;
    }
}
