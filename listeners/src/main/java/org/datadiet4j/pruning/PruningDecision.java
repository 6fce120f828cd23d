package org.datadiet4j.pruning;

import java.util.Locale;

/**
 * What one pruning did: after {@code epoch}, by {@code score} and {@code policy}, kept
 * {@code kept.length} of {@code total} examples; {@code keptPerClass} counts them by class.
 */
public record PruningDecision(int epoch, String score, String policy, double keepFraction, int[] kept, int total,
                              int[] keptPerClass) {

    /** The one log line of a pruning. */
    public String describe() {
        return String.format(Locale.ROOT, "pruned after epoch %d by %s, policy %s: kept %d of %d (%.1f%%); per class %s", epoch,
                score, policy, kept.length, total, 100.0 * kept.length / total, Quotas.describe(keptPerClass));
    }
}
