package org.datadiet4j.pruning;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PruningDecisionTest {

    @Test
    void theLogLineGivesTheKeptShareAndTheCountsPerClass() {
        PruningDecision decision = new PruningDecision(3, "el2n", "hardest", 0.4, new int[] {0, 4, 6}, 8,
                new int[] {1, 2});
        // 3 of 8 = 37.5 %; the decimal mark follows the default locale
        // a decimal point in every locale: log lines read the same on every machine
        java.util.Locale before = java.util.Locale.getDefault();
        java.util.Locale.setDefault(java.util.Locale.GERMANY);
        try {
            assertThat(decision.describe()).isEqualTo("pruned after epoch 3 by el2n, policy hardest: kept 3 of 8"
                    + " (37.5%); per class [1, 2]");
        } finally {
            java.util.Locale.setDefault(before);
        }
    }
}
