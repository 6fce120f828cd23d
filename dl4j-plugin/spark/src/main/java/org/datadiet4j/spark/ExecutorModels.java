package org.datadiet4j.spark;

import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models of each job on this executor (JVM), loaded once and kept: a task borrows a set of loaded
 * models, scores its partition and gives them back for the next task. An executor running c tasks at a
 * time loads at most c copies, once each, however many partitions it scores; the bytes come from the
 * broadcast, which Spark ships to each executor once.
 */
final class ExecutorModels {

    private static final Logger log = LoggerFactory.getLogger(ExecutorModels.class);
    private static final Map<Long, Deque<LoadedModels>> IDLE = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private ExecutorModels() {
    }

    /** A set of loaded models of {@code models}: an idle one, or a new one when all are in use. */
    static LoadedModels borrow(Broadcast<ModelBytes> models, boolean grand, boolean lastLayer) {
        LoadedModels idle = IDLE.computeIfAbsent(models.id(), id -> new ConcurrentLinkedDeque<>()).pollFirst();
        if (idle != null) {
            return idle;
        }
        long start = System.nanoTime();
        LoadedModels loaded = LoadedModels.load(models.value(), grand, lastLayer);
        log.info("loaded {} model(s) on this executor in {} ms (copy {} here: one per task running at once)",
                loaded.runs(), (System.nanoTime() - start) / 1_000_000, LOADS.incrementAndGet());
        return loaded;
    }

    /** Returns a borrowed set for the next task. */
    static void giveBack(Broadcast<ModelBytes> models, LoadedModels loaded) {
        IDLE.computeIfAbsent(models.id(), id -> new ConcurrentLinkedDeque<>()).addFirst(loaded);
    }

    /** Drops the models of a finished job (on the driver's JVM, which is also the executor in local mode). */
    static void forget(Broadcast<ModelBytes> models) {
        IDLE.remove(models.id());
    }
}
