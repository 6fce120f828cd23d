package org.datadiet4j.cli;

import java.util.SplittableRandom;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.internal.network.NetworkView;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * The baseline InfoBatch is compared with: epoch e (0-based) fits a uniform random subset of
 * {@code fitted[e]} examples (a new seeded draw per epoch, unweighted), the counts another run fitted;
 * epochs past the list fit all. Installed at the end of the previous epoch, like every keep-set.
 */
final class RandomDropListener extends BaseTrainingListener {

    private final ExampleIdIterator iterator;
    private final int[] fitted;
    private final long seed;

    RandomDropListener(ExampleIdIterator iterator, int[] fitted, long seed) {
        this.iterator = iterator;
        this.fitted = fitted.clone();
        this.seed = seed;
        int n = iterator.examples().size();
        for (int count : fitted) {
            if (count < 1 || count > n) {
                throw new org.datadiet4j.io.InvalidInputException("--fitted-per-epoch counts must be in [1, " + n
                        + "], got " + count);
            }
        }
        if (fitted.length > 0 && fitted[0] < n) {
            iterator.keepOnly(draw(0));
        }
    }

    @Override
    public void onEpochEnd(Model model) {
        int next = NetworkView.of(model).epochCount() + 1;
        int n = iterator.examples().size();
        iterator.keepOnly(next < fitted.length && fitted[next] < n ? draw(next) : null);
    }

    private int[] draw(int epoch) {
        int n = iterator.examples().size();
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed * 31 + epoch);
        int k = fitted[epoch];
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(n - i);
            int swap = ids[i];
            ids[i] = ids[j];
            ids[j] = swap;
        }
        return java.util.Arrays.copyOf(ids, k);
    }
}
