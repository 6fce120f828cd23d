package org.datadiet4j.pruning;

import java.util.SplittableRandom;

/**
 * The InfoBatch rule (Qin et al., "InfoBatch: Lossless Training Speed Up by Unbiased Dynamic Data
 * Pruning", ICLR 2024), as a pure function of the examples' losses: before epoch e (0-based) of E, the
 * examples whose last loss is below the mean loss ("well learned") are pruned at random, a fraction r
 * of them, and the ones kept get weight 1/(1 − r) in the loss, so the expected gradient of the epoch
 * is that of the full data; the other examples keep weight 1. Epoch 0 (no losses yet) and the epochs
 * e ≥ δ·E (annealing: the last (1 − δ) of training) use every example with weight 1.
 *
 * <p>As the authors' code does, the number kept among the W well-learned examples is ⌊(1 − r)·W⌋ and
 * they are a uniform random subset, so each is dropped with probability ≈ r. The draw for epoch e
 * depends only on the seed and e (a generator of its own per epoch), so a resumed run draws the same.
 * The mean is over the finite losses; a loss that is NaN (an example not presented yet) or +∞ is never
 * "well learned".
 */
public final class InfoBatchRule {

    private final double pruneRatio;
    private final double anneal;
    private final int epochs;
    private final long seed;

    /**
     * @param pruneRatio r in [0, 1)
     * @param anneal     δ in [0, 1]: epochs e ≥ δ·E are not pruned
     * @param epochs     E, the epochs of training, at least 1
     */
    public InfoBatchRule(double pruneRatio, double anneal, int epochs, long seed) {
        if (!(pruneRatio >= 0 && pruneRatio < 1)) {
            throw new IllegalArgumentException("the prune ratio r must be in [0, 1), got " + pruneRatio);
        }
        if (!(anneal >= 0 && anneal <= 1)) {
            throw new IllegalArgumentException("the anneal fraction δ must be in [0, 1], got " + anneal);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("InfoBatch needs the number of training epochs (at least 1), got " + epochs);
        }
        this.pruneRatio = pruneRatio;
        this.anneal = anneal;
        this.epochs = epochs;
        this.seed = seed;
    }

    /** Whether epoch e (0-based) is pruned: 1 ≤ e &lt; δ·E. */
    public boolean prunes(int epoch) {
        return epoch >= 1 && epoch < anneal * epochs;
    }

    /** 1/(1 − r), the weight of a kept well-learned example. */
    public double keptWeight() {
        return 1.0 / (1.0 - pruneRatio);
    }

    /**
     * The weight of every example (index = id) in epoch e (0-based): 0 for a dropped example, 1/(1 − r)
     * for a kept well-learned one, 1 otherwise; all ones when e is not pruned.
     *
     * @param losses each example's loss at its last presentation
     */
    public double[] weights(float[] losses, int epoch) {
        double[] weights = new double[losses.length];
        java.util.Arrays.fill(weights, 1.0);
        if (!prunes(epoch)) {
            return weights;
        }
        double sum = 0;
        int finite = 0;
        for (float loss : losses) {
            if (Float.isFinite(loss)) {
                sum += loss;
                finite++;
            }
        }
        double mean = sum / finite;
        int[] wellLearned = new int[losses.length];
        int count = 0;
        for (int id = 0; id < losses.length; id++) {
            if (losses[id] < mean) {
                wellLearned[count++] = id;
            }
        }
        int kept = (int) Math.floor((1.0 - pruneRatio) * count);
        // a partial Fisher-Yates shuffle: the first `kept` of the well-learned ids after it are a uniform subset
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        for (int i = 0; i < kept; i++) {
            int j = i + random.nextInt(count - i);
            int swap = wellLearned[i];
            wellLearned[i] = wellLearned[j];
            wellLearned[j] = swap;
        }
        for (int i = 0; i < count; i++) {
            weights[wellLearned[i]] = i < kept ? keptWeight() : 0.0;
        }
        return weights;
    }

    public double pruneRatio() {
        return pruneRatio;
    }

    public double anneal() {
        return anneal;
    }

    public int epochs() {
        return epochs;
    }

    @Override
    public String toString() {
        return "infobatch(r=" + pruneRatio + ",anneal=" + anneal + ",epochs=" + epochs + ",seed=" + seed + ")";
    }
}
