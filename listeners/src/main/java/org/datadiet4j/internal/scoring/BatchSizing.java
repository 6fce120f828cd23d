package org.datadiet4j.internal.scoring;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The largest batch of a scoring pass whose intermediate arrays fit a memory budget. A pass run through
 * {@link ScoringContext#runInScoringWorkspace} allocates everything in the thread's scoring workspace,
 * so the workspace's size after a pass is that pass's extra memory. Measured on a small and a larger
 * probe batch, each on a fresh thread (a workspace belongs to its thread and never shrinks, so a fresh
 * one measures this pass alone), it gives the bytes per example and the fixed part; the batch is
 * whatever the budget leaves room for, rounded down to a multiple of 16, within the given bounds.
 */
public final class BatchSizing {

    private static final int SMALL = 8;
    private static final int LARGE = 40;

    private BatchSizing() {
    }

    /** What one probe found and what it chose. */
    public record Choice(int batchSize, long bytesPerExample, long fixedBytes) {
    }

    /**
     * @param passOfSize runs the pass on a batch of the given size, in the scoring workspace
     * @throws IllegalArgumentException when the bounds are not 1 ≤ min ≤ max or the budget is not positive
     */
    public static Choice fitting(long budgetBytes, int min, int max, IntConsumer passOfSize) {
        if (budgetBytes < 1 || min < 1 || max < min) {
            throw new IllegalArgumentException("batch sizing needs a positive budget and 1 <= min <= max, got "
                    + budgetBytes + " bytes, " + min + ".." + max);
        }
        long small = bytesOnFreshThread(passOfSize, SMALL);
        long large = bytesOnFreshThread(passOfSize, LARGE);
        long perExample = Math.max(1, (large - small) / (LARGE - SMALL));
        long fixed = Math.max(0, small - SMALL * perExample);
        long fits = Math.max(0, budgetBytes - fixed) / perExample;
        long rounded = fits >= 16 ? fits / 16 * 16 : fits;
        return new Choice((int) Math.max(min, Math.min(max, rounded)), perExample, fixed);
    }

    /** The scoring workspace's size after one pass of {@code size} examples on a new thread. */
    private static long bytesOnFreshThread(IntConsumer passOfSize, int size) {
        return workspaceBytesOnFreshThread(() -> passOfSize.accept(size));
    }

    /**
     * The scoring workspace {@code pass} leaves on a thread of its own, which is then released: the extra
     * memory of its largest batch (a workspace never shrinks, so a long-lived thread's would also hold
     * what earlier passes needed). A failure of the pass is thrown here.
     */
    public static long workspaceBytesOnFreshThread(Runnable pass) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] bytes = new long[1];
        Thread probe = new Thread(() -> {
            try {
                pass.run();
                bytes[0] = ScoringContext.workspaceBytes();
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
            }
        }, "datadiet-batch-sizing");
        probe.start();
        try {
            probe.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring the scoring pass's memory", e);
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (t instanceof Error error) {
            throw error;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
        return bytes[0];
    }
}
