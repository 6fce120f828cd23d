package org.datadiet4j.data;

import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Reads a user's iterator on a thread of its own, a few batches ahead, so that decoding (parsing a CSV,
 * reading records) overlaps training or scoring. Unlike DL4J's {@code AsyncDataSetIterator}, a failure
 * on the reading thread comes out of {@link #next()} on the consumer's thread, so {@code fit} fails
 * with it instead of waiting for a batch that never comes. {@link #close()} stops the thread between two
 * batches (no interrupt, which could close the user's file channel) and waits for it; the batches read
 * ahead are dropped, and the user's iterator is then the caller's again.
 */
final class ReadAhead implements AutoCloseable {

    private static final Object END = new Object();

    private final ArrayBlockingQueue<Object> queue;
    private final Thread thread;
    private volatile boolean stopped;
    private Object head;

    ReadAhead(DataSetIterator source, int depth) {
        this.queue = new ArrayBlockingQueue<>(depth);
        this.thread = new Thread(() -> {
            try {
                while (!stopped && source.hasNext()) {
                    if (!put(source.next())) {
                        return;
                    }
                }
                put(END);
            } catch (Throwable failure) {
                put(failure);
            }
        }, "datadiet read-ahead");
        thread.setDaemon(true);
        thread.start();
    }

    private boolean put(Object item) {
        try {
            while (!stopped) {
                if (queue.offer(item, 20, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    boolean hasNext() {
        return peek() != END;
    }

    DataSet next() {
        Object item = peek();
        if (item == END) {
            throw new NoSuchElementException("the iterator read ahead is exhausted");
        }
        head = null;
        return (DataSet) item;
    }

    private Object peek() {
        if (head == null) {
            try {
                head = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the next batch of the iterator", e);
            }
            if (head instanceof Throwable failure) {
                head = END;
                if (failure instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (failure instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException("reading the iterator failed: " + failure.getMessage(), failure);
            }
        }
        return head;
    }

    @Override
    public void close() {
        stopped = true;
        queue.clear();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the read-ahead thread", e);
        }
        queue.clear();
    }
}
