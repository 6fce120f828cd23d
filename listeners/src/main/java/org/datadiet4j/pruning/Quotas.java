package org.datadiet4j.pruning;

import java.util.Arrays;

/** Splitting a budget over groups (classes, score strata), and counting members per group. */
public final class Quotas {

    private Quotas() {
    }

    /**
     * A budget split as evenly as the group sizes allow: groups smaller than their share keep all of
     * their members and the rest is shared by the others, again evenly; an indivisible remainder goes
     * to the groups with the lowest index. Requires budget ≤ total size.
     */
    public static int[] evenly(int budget, int[] sizes) {
        int[] quotas = new int[sizes.length];
        boolean[] settled = new boolean[sizes.length];
        int open = 0;
        for (int g = 0; g < sizes.length; g++) {
            if (sizes[g] == 0) {
                settled[g] = true;
            } else {
                open++;
            }
        }
        int remaining = budget;
        boolean changed = true;
        while (changed && open > 0) {
            changed = false;
            int share = remaining / open;
            for (int g = 0; g < sizes.length; g++) {
                if (!settled[g] && sizes[g] <= share) {
                    quotas[g] = sizes[g];
                    remaining -= sizes[g];
                    settled[g] = true;
                    open--;
                    changed = true;
                }
            }
        }
        if (open > 0) {
            int share = remaining / open;
            int extra = remaining % open;
            for (int g = 0; g < sizes.length; g++) {
                if (!settled[g]) {
                    quotas[g] = share + (extra-- > 0 ? 1 : 0);
                }
            }
        }
        return quotas;
    }

    /**
     * Members of {@code pool} per equal-width stratum of the finite range [low, high] by score (the
     * highest finite score falls in the last stratum, and so does +∞); within a stratum in pool order.
     */
    static int[][] strata(int[] pool, float[] scores, float low, float high, int count) {
        int[] stratumOf = new int[pool.length];
        int[] sizes = new int[count];
        for (int i = 0; i < pool.length; i++) {
            int s = stratum(scores[pool[i]], low, high, count);
            stratumOf[i] = s;
            sizes[s]++;
        }
        int[][] members = new int[count][];
        for (int s = 0; s < count; s++) {
            members[s] = new int[sizes[s]];
        }
        int[] filled = new int[count];
        for (int i = 0; i < pool.length; i++) {
            members[stratumOf[i]][filled[stratumOf[i]]++] = pool[i];
        }
        return members;
    }

    /**
     * The equal-width stratum, of {@code count} over the finite range [low, high], that {@code score} falls
     * in: the highest finite score and +∞ in the last; every score in the first when the range is empty
     * or not finite.
     */
    public static int stratum(float score, float low, float high, int count) {
        if (Float.isInfinite(score)) {
            return count - 1;
        }
        double width = !Float.isFinite(high) || !Float.isFinite(low) || high == low ? 0 : (high - (double) low) / count;
        return width == 0 ? 0 : (int) Math.min(count - 1, Math.floor((score - (double) low) / width));
    }

    /** Per-class counts of the given ids. */
    public static int[] perClass(int[] ids, int[] labels, int numClasses) {
        int[] counts = new int[numClasses];
        for (int id : ids) {
            counts[labels[id]]++;
        }
        return counts;
    }

    static String describe(int[] counts) {
        return Arrays.toString(counts);
    }
}
