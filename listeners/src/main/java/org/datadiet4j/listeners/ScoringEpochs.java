package org.datadiet4j.listeners;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The epochs a scoring listener scores at (sorted, distinct; "epoch e" = after e complete epochs) and
 * the store column each pass goes to.
 */
final class ScoringEpochs {

    private final int[] epochs;

    private ScoringEpochs(int[] epochs) {
        this.epochs = epochs;
    }

    /**
     * The epochs chosen, checked: at least one, distinct, none before {@code firstEpoch}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static ScoringEpochs of(int[] chosen, int firstEpoch) {
        if (chosen == null || chosen.length == 0) {
            throw new IllegalArgumentException("choose the epochs to score at with atEpochs(...), e.g. atEpochs(2)");
        }
        int[] sorted = Arrays.stream(chosen).sorted().distinct().toArray();
        if (sorted.length != chosen.length || sorted[0] < firstEpoch) {
            throw new IllegalArgumentException("epochs to score at must be distinct and >= " + firstEpoch + ", got "
                    + Arrays.stream(chosen).mapToObj(Integer::toString).collect(Collectors.joining(", ")));
        }
        return new ScoringEpochs(sorted);
    }

    boolean contains(int epoch) {
        return Arrays.stream(epochs).anyMatch(e -> e == epoch);
    }

    /**
     * {@code base} when one epoch is chosen and it is {@code epoch}; {@code base_e<epoch>} otherwise
     * (several epochs, or a pass at an epoch that was not chosen, such as one a pruning controller
     * asked for), so scores of different epochs never share a column.
     */
    String columnName(String base, int epoch) {
        return epochs.length == 1 && epochs[0] == epoch ? base : base + "_e" + epoch;
    }

    /** The epochs as {@code [1, 3]}: part of a listener's state key. */
    @Override
    public String toString() {
        return Arrays.toString(epochs);
    }
}
