package org.datadiet4j.listeners;

import java.util.Arrays;
import org.datadiet4j.internal.sampling.RandomIds;

/** The probe of an NTK measurement: distinct example ids, given or drawn at random (seeded), and its groups. */
final class ProbeIds {

    private ProbeIds() {
    }

    /**
     * {@code given} checked, or when null {@code size} ids drawn with {@code seed} (sorted).
     *
     * @throws IllegalArgumentException naming the id or size that is out of range, or a repeated id
     */
    static int[] choose(int examples, int[] given, int size, long seed) {
        int[] probe = given;
        if (probe == null) {
            if (size < 1 || size > examples) {
                throw new IllegalArgumentException("the probe must hold between 1 and " + examples
                        + " examples, got " + size);
            }
            probe = RandomIds.sample(examples, size, seed);
            Arrays.sort(probe);
        }
        boolean[] seen = new boolean[examples];
        for (int id : probe) {
            if (id < 0 || id >= examples) {
                throw new IllegalArgumentException("probe id " + id + " is outside [0, " + examples + ")");
            }
            if (seen[id]) {
                throw new IllegalArgumentException("probe id " + id + " appears twice: give each example once");
            }
            seen[id] = true;
        }
        return probe;
    }

    /** Fails unless {@code groups} gives a group to each probe example. */
    static void requireGroupEach(int[] probe, int[] groups) {
        if (groups.length != probe.length) {
            throw new IllegalArgumentException("need a group for each of the " + probe.length
                    + " probe examples, got " + groups.length);
        }
    }

    /** Fails unless every group index has a name. */
    static void requireNamed(int[] groups, String[] names) {
        for (int g : groups) {
            if (g < 0 || g >= names.length) {
                throw new IllegalArgumentException("group " + g + " has no name; names: " + Arrays.toString(names));
            }
        }
    }
}
