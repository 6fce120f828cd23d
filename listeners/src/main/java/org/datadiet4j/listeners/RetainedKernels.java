package org.datadiet4j.listeners;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.datadiet4j.internal.state.StateIo;
import org.datadiet4j.listeners.NtkVelocityListener.Point;

/**
 * Every NTK measurement of a probe, kept ((n·K)² doubles each) with the iteration and epoch it was
 * taken at, so that velocities can be computed for a grouping of the probe known only after training.
 */
final class RetainedKernels {

    private final List<double[]> kernels = new ArrayList<>();
    private final List<long[]> measuredAt = new ArrayList<>();

    void add(double[] kernel, long iteration, int epoch) {
        kernels.add(kernel);
        measuredAt.add(new long[] {iteration, epoch});
    }

    /**
     * The velocity series between consecutive kernels, overall and per group, in measurement order.
     *
     * @param perIteration Δ counted in iterations (else in epochs)
     */
    List<Point> velocities(int[] groups, String[] names, boolean perIteration) {
        List<Point> series = new ArrayList<>();
        for (int t = 1; t < kernels.size(); t++) {
            long[] at = measuredAt.get(t);
            long[] was = measuredAt.get(t - 1);
            double delta = perIteration ? at[0] - was[0] : at[1] - was[1];
            series.addAll(GroupVelocities.between(kernels.get(t - 1), kernels.get(t), delta, at[0], (int) at[1],
                    groups.length, groups, names));
        }
        return series;
    }

    void writeState(DataOutput out) throws IOException {
        out.writeInt(kernels.size());
        for (int t = 0; t < kernels.size(); t++) {
            StateIo.writeDoubles(out, kernels.get(t));
            out.writeLong(measuredAt.get(t)[0]);
            out.writeLong(measuredAt.get(t)[1]);
        }
    }

    void readState(DataInput in) throws IOException {
        kernels.clear();
        measuredAt.clear();
        for (int t = in.readInt(); t > 0; t--) {
            kernels.add(StateIo.readDoubles(in));
            measuredAt.add(new long[] {in.readLong(), in.readLong()});
        }
    }
}
