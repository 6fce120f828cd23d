package org.datadiet4j.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * A known cost to test a measurement with: after every training iteration it runs a fixed number of
 * steps of an integer recurrence in registers (no allocation, no system call), a number calibrated
 * once to take a given CPU time of the calling thread.
 */
final class BusyWaitListener extends BaseTrainingListener {

    private final long steps;
    private long sink;

    private BusyWaitListener(long steps) {
        this.steps = steps;
    }

    /** A listener whose work per iteration takes about {@code nanos} of CPU time, calibrated now. */
    static BusyWaitListener taking(long nanos) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long probe = 1_000_000;
        double nanosPerStep = Double.MAX_VALUE;
        for (int round = 0; round < 20; round++) {
            long start = threads.getCurrentThreadCpuTime();
            spin(probe);
            nanosPerStep = Math.min(nanosPerStep, (double) (threads.getCurrentThreadCpuTime() - start) / probe);
        }
        return new BusyWaitListener(Math.max(1, Math.round(nanos / nanosPerStep)));
    }

    private static long spin(long steps) {
        long x = 88_172_645_463_325_252L;
        for (long i = 0; i < steps; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        sink += spin(steps);
    }

    /** The result of all steps so far (read, so the work cannot be optimised away). */
    long sink() {
        return sink;
    }
}
