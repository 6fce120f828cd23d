package org.datadiet4j.spark;

import java.util.Locale;
import java.util.function.LongSupplier;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress in the driver's log: each finished stage with its task count and time, and, while scoring, the
 * examples scored so far (counted by the executors, reported as their tasks finish) at most every
 * {@code intervalNanos}, with the rate since scoring started.
 */
final class JobProgress extends SparkListener {

    private static final Logger log = LoggerFactory.getLogger(JobProgress.class);

    private final LongAccumulator scored;
    private final long total;
    private final LongSupplier clock;
    private final long intervalNanos;
    private final long start;
    private long lastReport;
    private long lastCount;

    JobProgress(LongAccumulator scored, long total, LongSupplier clock, long intervalNanos) {
        this.scored = scored;
        this.total = total;
        this.clock = clock;
        this.intervalNanos = intervalNanos;
        this.start = clock.getAsLong();
        this.lastReport = start;
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        long count = scored.value();
        long now = clock.getAsLong();
        if (count > lastCount && (now - lastReport >= intervalNanos || count == total)) {
            lastReport = now;
            lastCount = count;
            log.info(line(count, now));
        }
    }

    String line(long count, long now) {
        double seconds = (now - start) / 1e9;
        return String.format(Locale.ROOT, "scored %d of %d examples (%.0f %%), %.0f examples/s", count, total,
                100.0 * count / total, seconds > 0 ? count / seconds : 0.0);
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted completed) {
        StageInfo stage = completed.stageInfo();
        long millis = stage.completionTime().isDefined() && stage.submissionTime().isDefined()
                ? (Long) stage.completionTime().get() - (Long) stage.submissionTime().get() : -1;
        String failure = stage.failureReason().isDefined() ? ", failed: " + stage.failureReason().get() : "";
        log.info("stage {} ({}) done: {} tasks in {} ms{}", stage.stageId(), stage.name(), stage.numTasks(), millis,
                failure);
    }
}
