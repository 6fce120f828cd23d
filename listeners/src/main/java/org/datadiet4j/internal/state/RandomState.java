package org.datadiet4j.internal.state;

import java.util.function.Supplier;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's random generator of the calling thread, saved and put back: what dropout, weight noise
 * and RReLU draw from during training. Building a network ({@code init()} reseeds the generator with
 * the configuration's seed) or running any pass that draws from it while training is under way would
 * change every later draw, so each scoring pass runs inside {@link #preserved}: training continues
 * with the very random numbers it would have drawn without the pass.
 */
public final class RandomState {

    private RandomState() {
    }

    /** Runs {@code work} and then restores the generator's state to what it was before, even if it failed. */
    public static <T> T preserved(Supplier<T> work) {
        Random random = Nd4j.getRandom();
        long root = random.rootState();
        long node = random.nodeState();
        try {
            return work.get();
        } finally {
            Nd4j.getRandom().setStates(root, node);
        }
    }
}
