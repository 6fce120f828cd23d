package org.datadiet4j.listeners;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.ExampleSource;
import org.datadiet4j.internal.gradients.NeuralTangentKernel;
import org.datadiet4j.internal.network.NetworkView;
import org.datadiet4j.internal.scoring.ScoringContext;
import org.datadiet4j.internal.state.StateIo;
import org.datadiet4j.resume.Resumable;
import org.datadiet4j.scores.KernelVelocity;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks how fast the data-dependent neural tangent kernel of a fixed probe subset changes during
 * training (Paul et al., NeurIPS 2021, §4): Θ_t = J_t J_tᵀ over the probe's n·K logits
 * ({@link NeuralTangentKernel}), measured before the first batch and then every epoch or every k
 * iterations, and its velocity v = (1 − cos(Θ_t, Θ_{t+Δ})) / Δ ({@link KernelVelocity}), per epoch or
 * per iteration as configured.
 *
 * <p>Groups: give each probe example a group (e.g. EL2N quantile bins) and each group's velocity
 * is measured on its own sub-kernel, the rows and columns of its examples. Groups known only after
 * training (scores computed later) work too: with {@link Builder#retainKernels()} the kernels are
 * kept ((n·K)² doubles each) and {@link #velocities(int[], String[])} computes the series afterwards.
 * Measurements only read the model, as every scoring pass does (see {@link EpochScoringListener}).
 * The previous kernel, counters and series save with a model checkpoint ({@link Resumable}), so a
 * resumed run measures its next velocity against the kernel measured before the interruption.
 */
public final class NtkVelocityListener extends BaseTrainingListener implements Resumable {

    private static final Logger log = LoggerFactory.getLogger(NtkVelocityListener.class);

    /** One velocity: between the measurement before and the one at (iteration, epoch). */
    public record Point(long iteration, int epoch, String group, double velocity) {
    }

    private final ExampleSource examples;
    private final int[] probe;
    private INDArray probeFeatures;
    private final int everyIterations;
    private final int[] groupOfProbe;
    private final String[] groupNames;
    private final boolean retain;
    private final Path csv;
    private final VelocitySeries points = new VelocitySeries();
    private final RetainedKernels kernels = new RetainedKernels();
    private NeuralTangentKernel ntk;
    private double[] previous;
    private long previousIteration;
    private int previousEpoch;
    private long iterations;
    private volatile double lastVelocity = Double.NaN;
    private double measurementSeconds;
    private int measurements;

    private NtkVelocityListener(Builder builder) {
        this.examples = builder.examples;
        this.probe = builder.probe;
        this.everyIterations = builder.everyIterations;
        this.groupOfProbe = builder.groupOfProbe;
        this.groupNames = builder.groupNames;
        this.retain = builder.retain;
        this.csv = builder.csv;
    }

    /** Probes examples of the iterator {@code fit} trains on, as training sees them (its preprocessor applied). */
    public static Builder builder(ExampleIdIterator trainingIterator) {
        if (trainingIterator == null) {
            throw new IllegalArgumentException("the iterator fit trains on must not be null");
        }
        return new Builder(trainingIterator.examples());
    }

    /** Probes examples of this source as it gives them. */
    public static Builder builder(ExampleSource examples) {
        return new Builder(examples);
    }

    @Override
    public void onEpochStart(Model model) {
        if (NetworkView.of(model).epochCount() == 0 && previous == null) {
            measure(model, 0);
        }
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        iterations++;
        if (everyIterations > 0 && iterations % everyIterations == 0) {
            measure(model, epoch + 1);
        }
    }

    @Override
    public void onEpochEnd(Model model) {
        if (everyIterations == 0) {
            measure(model, NetworkView.of(model).epochCount() + 1);
        }
    }

    /** Measures Θ now; {@code epoch} = epochs completed (the one under way when measured mid-epoch). */
    private void measure(Model model, int epoch) {
        if (ntk == null) {
            ntk = NeuralTangentKernel.of(model);
        }
        long start = System.nanoTime();
        if (probeFeatures == null) {
            // read once: the probe's inputs do not change, and a streamed source would need a pass
            probeFeatures = ScoringContext.of(model).gather(examples, probe).getFeatures();
        }
        double[] theta = ntk.kernel(probeFeatures);
        measurementSeconds += (System.nanoTime() - start) / 1e9;
        measurements++;
        if (previous != null) {
            double delta = everyIterations > 0 ? iterations - previousIteration : epoch - previousEpoch;
            List<Point> measured = GroupVelocities.between(previous, theta, delta, iterations, epoch, probe.length,
                    groupOfProbe, groupNames);
            lastVelocity = measured.get(0).velocity();
            points.addAll(measured);
            log.info("NTK velocity at epoch {} (iteration {}): {} per {}", epoch, iterations,
                    String.format(Locale.ROOT, "%.5f", lastVelocity), unit());
            writeCsv();
        }
        if (retain) {
            kernels.add(theta, iterations, epoch);
        }
        previous = theta;
        previousIteration = iterations;
        previousEpoch = epoch;
    }

    /**
     * The velocity series for a grouping given after training, from the retained kernels: overall
     * ("all") and per group, in measurement order.
     */
    public List<Point> velocities(int[] groups, String[] names) {
        if (!retain) {
            throw new IllegalStateException("kernels were not retained: build the listener with retainKernels()");
        }
        ProbeIds.requireGroupEach(probe, groups);
        return kernels.velocities(groups, names, everyIterations > 0);
    }

    /** Writes a series as CSV: {@code iteration,epoch,group,velocity_per_<unit>}, atomically. */
    public void writeCsv(Path file, List<Point> series) throws IOException {
        VelocitySeries.writeCsv(file, series, unit());
    }

    private void writeCsv() {
        if (csv != null) {
            try {
                writeCsv(csv, points());
            } catch (IOException e) {
                throw new UncheckedIOException("writing the NTK velocity series to " + csv + " failed", e);
            }
        }
    }

    /** "epoch" or "iteration": the unit Δ is counted in. */
    public String unit() {
        return everyIterations > 0 ? "iteration" : "epoch";
    }

    /** The velocities measured so far (groups given up front); safe to call while training runs. */
    public List<Point> points() {
        return points.points();
    }

    /** The last overall velocity, NaN before the second measurement. */
    public double lastVelocity() {
        return lastVelocity;
    }

    /** The probe's example ids. */
    public int[] probe() {
        return probe.clone();
    }

    /** Mean wall time of one kernel measurement in seconds (NaN before the first). */
    public double secondsPerMeasurement() {
        return measurements == 0 ? Double.NaN : measurementSeconds / measurements;
    }

    @Override
    public String stateKey() {
        return "ntk(probe=" + probe.length + ":" + Integer.toHexString(Arrays.hashCode(probe)) + ",every="
                + everyIterations + (groupOfProbe == null ? "" : ",groups=" + String.join("|", groupNames))
                + (retain ? ",retained" : "") + ")";
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeLong(iterations);
        StateIo.writeDoubles(out, previous);
        out.writeLong(previousIteration);
        out.writeInt(previousEpoch);
        out.writeDouble(lastVelocity);
        out.writeDouble(measurementSeconds);
        out.writeInt(measurements);
        points.writeState(out);
        kernels.writeState(out);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        ntk = null;
        iterations = in.readLong();
        previous = StateIo.readDoubles(in);
        previousIteration = in.readLong();
        previousEpoch = in.readInt();
        lastVelocity = in.readDouble();
        measurementSeconds = in.readDouble();
        measurements = in.readInt();
        points.readState(in);
        kernels.readState(in);
    }

    /** Options of an {@link NtkVelocityListener}. */
    public static final class Builder {
        private final ExampleSource examples;
        private int[] probe;
        private int probeSize = 100;
        private long probeSeed;
        private int everyIterations;
        private int[] groupOfProbe;
        private String[] groupNames;
        private boolean retain;
        private Path csv;

        private Builder(ExampleSource examples) {
            if (examples == null) {
                throw new IllegalArgumentException("examples must not be null");
            }
            this.examples = examples;
        }

        /** The probe: these example ids. */
        public Builder probe(int... ids) {
            this.probe = ids.clone();
            return this;
        }

        /** The probe: n example ids drawn at random (seeded); default 100 with seed 0. */
        public Builder randomProbe(int n, long seed) {
            this.probe = null;
            this.probeSize = n;
            this.probeSeed = seed;
            return this;
        }

        /** Measure every k iterations (velocity per iteration) instead of every epoch. */
        public Builder everyIterations(int k) {
            this.everyIterations = k;
            return this;
        }

        /** A group per probe example (0..names.length-1) and the groups' names. */
        public Builder groups(int[] groupOfProbe, String... names) {
            this.groupOfProbe = groupOfProbe.clone();
            this.groupNames = names.clone();
            return this;
        }

        /** Keep every kernel, for groupings given after training ({@link #velocities}). */
        public Builder retainKernels() {
            this.retain = true;
            return this;
        }

        /** Rewrite this CSV (atomically) after every measurement. */
        public Builder writeTo(Path file) {
            this.csv = file;
            return this;
        }

        public NtkVelocityListener build() {
            probe = ProbeIds.choose(examples.size(), probe, probeSize, probeSeed);
            if (everyIterations < 0) {
                throw new IllegalArgumentException("measure every k >= 1 iterations, got " + everyIterations);
            }
            if (groupOfProbe != null) {
                ProbeIds.requireGroupEach(probe, groupOfProbe);
                ProbeIds.requireNamed(groupOfProbe, groupNames);
            }
            return new NtkVelocityListener(this);
        }
    }
}
