package org.datadiet4j.listeners;

import java.util.ArrayList;
import java.util.List;
import org.datadiet4j.listeners.NtkVelocityListener.Point;
import org.datadiet4j.scores.KernelVelocity;

/**
 * The velocities between two NTK measurements of a probe ({@link KernelVelocity}): overall ("all"),
 * and per group of probe examples on the group's own sub-kernel, the rows and columns i·K + k of its
 * examples i (K classes). A group without examples has no velocity.
 */
final class GroupVelocities {

    private GroupVelocities() {
    }

    /**
     * Points at (iteration, epoch): "all" first, then each group with examples, in group order.
     *
     * @param before       the earlier kernel, row-major (n·K)×(n·K)
     * @param after        the later kernel
     * @param delta        epochs or iterations between them
     * @param probeSize    n, the probe's examples
     * @param groupOfProbe a group index per probe example, or null for "all" only
     * @param names        the groups' names, by index
     */
    static List<Point> between(double[] before, double[] after, double delta, long iteration, int epoch,
                               int probeSize, int[] groupOfProbe, String[] names) {
        int size = (int) Math.round(Math.sqrt(after.length));
        List<Point> points = new ArrayList<>();
        points.add(new Point(iteration, epoch, "all", KernelVelocity.of(before, after, size, delta)));
        if (groupOfProbe != null) {
            for (int g = 0; g < names.length; g++) {
                int[] rows = rowsOf(groupOfProbe, g, size / probeSize);
                if (rows.length > 0) {
                    points.add(new Point(iteration, epoch, names[g], KernelVelocity.of(before, after, size, rows,
                            delta)));
                }
            }
        }
        return points;
    }

    /** The kernel rows of the examples in {@code group}: i·K + k for each such example i and class k. */
    static int[] rowsOf(int[] groups, int group, int classes) {
        int count = 0;
        for (int g : groups) {
            if (g == group) {
                count++;
            }
        }
        int[] rows = new int[count * classes];
        int r = 0;
        for (int i = 0; i < groups.length; i++) {
            if (groups[i] == group) {
                for (int k = 0; k < classes; k++) {
                    rows[r++] = i * classes + k;
                }
            }
        }
        return rows;
    }
}
