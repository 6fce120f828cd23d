package org.datadiet4j.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Many short paired measurements of two training configurations in one JVM: blocks of one epoch
 * each, interleaved A B B A A B B A …, after a warm-up of both. Each block is timed three ways:
 * wall time; CPU time of the training thread (ThreadMXBean: time the scheduler gave to other
 * processes is not counted, but neither is work of ND4J's native threads nor of DL4J's prefetch
 * thread); CPU time of the whole process (all threads, native ones included; the kernel counts it
 * in clock ticks of 10 ms, so it needs blocks of a few hundred milliseconds to say anything).
 */
final class PairedEpochs {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** One configuration: a network, the iterator it trains on and the listeners attached for its blocks. */
    record Arm(String name, MultiLayerNetwork network, DataSetIterator data, List<TrainingListener> listeners) {
    }

    /** Block costs of the two arms, pair by pair, in seconds. */
    record Result(String label, double[] wallA, double[] wallB, double[] threadA, double[] threadB,
                  double[] processA, double[] processB) {

        PairedRatio wall() {
            return new PairedRatio(wallA, wallB);
        }

        PairedRatio thread() {
            return new PairedRatio(threadA, threadB);
        }

        PairedRatio process() {
            return new PairedRatio(processA, processB);
        }

        double meanWallA() {
            return java.util.Arrays.stream(wallA).average().orElseThrow();
        }

        double meanThreadA() {
            return java.util.Arrays.stream(threadA).average().orElseThrow();
        }
    }

    private PairedEpochs() {
    }

    /** {@code warmup} epochs of each arm, alternating, then {@code pairs} timed pairs, ABBA order. */
    static Result compare(String label, Arm a, Arm b, int warmup, int pairs) {
        for (int w = 0; w < warmup; w++) {
            block(a);
            block(b);
        }
        double[][] cost = new double[6][pairs];
        for (int p = 0; p < pairs; p++) {
            boolean aFirst = p % 2 == 0;
            Arm first = aFirst ? a : b;
            Arm second = aFirst ? b : a;
            double[] firstCost = block(first);
            double[] secondCost = block(second);
            double[] costA = aFirst ? firstCost : secondCost;
            double[] costB = aFirst ? secondCost : firstCost;
            for (int k = 0; k < 3; k++) {
                cost[2 * k][p] = costA[k];
                cost[2 * k + 1][p] = costB[k];
            }
        }
        a.network().setListeners(List.<TrainingListener>of());
        b.network().setListeners(List.<TrainingListener>of());
        return new Result(label, cost[0], cost[1], cost[2], cost[3], cost[4], cost[5]);
    }

    /** Wall, training-thread CPU and process CPU seconds of one epoch of {@code arm}. */
    static double[] block(Arm arm) {
        arm.network().setListeners(arm.listeners());
        long process = PROCESS.getProcessCpuTime();
        long thread = THREADS.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        arm.network().fit(arm.data());
        long wallEnd = System.nanoTime();
        long threadEnd = THREADS.getCurrentThreadCpuTime();
        long processEnd = PROCESS.getProcessCpuTime();
        return new double[] {(wallEnd - wall) / 1e9, (threadEnd - thread) / 1e9, (processEnd - process) / 1e9};
    }
}
