package org.datadiet4j.prometheus;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP/1.1 server for scrapes: one thread and a selector, every socket non-blocking. A
 * connection must deliver a complete request head within the request timeout of being accepted (or of
 * its previous response), and take its response within the same time, else it is closed. So clients
 * that stall halfway through a request, send it a byte at a time, or never read, hold no thread and
 * delay no one: a scrape arriving among them is answered as soon as its own head is in.
 *
 * <p>Why not the JDK's {@code HttpServer}: it reads request heads with blocking reads on its executor's
 * threads, so as many stalled clients as threads block every other request. Its
 * {@code sun.net.httpserver.maxReqTime} (whole seconds, JVM-wide, read once when the class loads) closes
 * such connections only after that time, and requests queued behind them wait for it too.
 *
 * <p>At {@code maxConnections} open connections, accepting another closes the one whose time runs out
 * first, so a flood of connections cannot lock a scraper out. Request bodies are never read: a
 * request with one gets its response and the connection is closed.
 */
final class ScrapeServer implements Closeable {

    /** Response to one request; {@code headOnly}: the headers of a body that is not sent (HEAD). */
    static final int MAX_HEAD_BYTES = 8192;

    private static final Logger log = LoggerFactory.getLogger(ScrapeServer.class);

    private final ServerSocketChannel server;
    private final Selector selector;
    private final Function<RequestHead, Response> handler;
    private final long timeoutNanos;
    private final int maxConnections;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean running = true;
    private final SelectionKey acceptKey;
    /** While accepting fails with nothing of ours to close, new connections wait until then (nanoTime). */
    private long acceptPausedUntil;

    private ScrapeServer(ServerSocketChannel server, Selector selector, Function<RequestHead, Response> handler,
                         Duration timeout, int maxConnections) {
        this.server = server;
        this.selector = selector;
        this.handler = handler;
        this.timeoutNanos = timeout.toNanos();
        this.maxConnections = maxConnections;
        this.acceptKey = server.keyFor(selector);
        this.thread = new Thread(this::run, "datadiet-metrics");
        this.thread.setDaemon(true);
    }

    /** Binds {@code address} and starts serving; an {@code IOException} when the address cannot be bound. */
    static ScrapeServer start(InetSocketAddress address, Function<RequestHead, Response> handler, Duration timeout,
                              int maxConnections) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        Selector selector = null;
        try {
            server.bind(address, maxConnections);
            server.configureBlocking(false);
            selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            server.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
        ScrapeServer scrapeServer = new ScrapeServer(server, selector, handler, timeout, maxConnections);
        scrapeServer.thread.start();
        return scrapeServer;
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) server.getLocalAddress();
    }

    /** Connections open now. */
    int openConnections() {
        return connections.size();
    }

    private void run() {
        long tickMillis = Math.max(10, Math.min(250, TimeUnit.NANOSECONDS.toMillis(timeoutNanos) / 10));
        try {
            while (running) {
                selector.select(tickMillis);
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isValid() && key.isAcceptable()) {
                        accept();
                    } else if (key.isValid()) {
                        serve((Connection) key.attachment(), key);
                    }
                }
                selector.selectedKeys().clear();
                long now = System.nanoTime();
                closeExpired(now);
                if (acceptKey.interestOps() == 0 && now - acceptPausedUntil >= 0) {
                    acceptKey.interestOps(SelectionKey.OP_ACCEPT);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.error("the metrics endpoint stopped serving: {}", e.toString(), e);
        } finally {
            new ArrayList<>(connections).forEach(Connection::close);
            closeQuietly(server);
            closeQuietly(selector);
        }
    }

    private void accept() throws IOException {
        while (true) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                if (connections.isEmpty()) {
                    // out of file descriptors, none of them ours: wait a second instead of spinning on it
                    log.warn("accepting a metrics connection failed ({}): trying again in 1 s", e.toString());
                    acceptKey.interestOps(0);
                    acceptPausedUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                } else {
                    // out of file descriptors: make room, the pending connection is accepted on the next round
                    log.warn("accepting a metrics connection failed ({}): closing the oldest", e.toString());
                    closeOldest();
                }
                return;
            }
            if (channel == null) {
                return;
            }
            if (connections.size() >= maxConnections) {
                closeOldest();
            }
            Connection connection = new Connection(channel);
            try {
                channel.configureBlocking(false);
                connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
            } catch (IOException e) {
                // the client is gone already
                closeQuietly(channel);
                continue;
            }
            connection.deadline = System.nanoTime() + timeoutNanos;
            connections.add(connection);
        }
    }

    private void serve(Connection connection, SelectionKey key) {
        try {
            if (key.isReadable()) {
                connection.read();
            }
            if (key.isValid() && key.isWritable()) {
                connection.write();
            }
        } catch (IOException e) {
            // the client reset or left: nothing to answer
            connection.close();
        } catch (RuntimeException e) {
            log.error("answering a metrics request failed: {}", e.toString(), e);
            connection.close();
        }
    }

    private void closeExpired(long now) {
        for (Connection connection : new ArrayList<>(connections)) {
            if (now - connection.deadline > 0) {
                connection.close();
            }
        }
    }

    private void closeOldest() {
        connections.stream().min((a, b) -> Long.compare(a.deadline - b.deadline, 0)).ifPresent(Connection::close);
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            log.debug("closing {} failed: {}", closeable, e.toString());
        }
    }

    /** Stops serving and closes every connection; waits for the server's thread. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One client connection: the request head read so far, or the response being written. */
    private final class Connection {
        private final SocketChannel channel;
        private SelectionKey key;
        private byte[] head;
        private int received;
        private ByteBuffer response;
        private boolean closeAfterResponse;
        private boolean draining;
        private long deadline;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        void read() throws IOException {
            if (draining) {
                // after the last response: discard what the client still sends until it closes its side
                if (channel.read(ByteBuffer.allocate(1024)) < 0) {
                    close();
                }
                return;
            }
            if (head == null) {
                head = new byte[MAX_HEAD_BYTES];
            }
            int n = channel.read(ByteBuffer.wrap(head, received, head.length - received));
            if (n < 0) {
                close();
                return;
            }
            received += n;
            answerBufferedRequest();
        }

        /** Answers the request whose head is complete in the buffer, if any. */
        private void answerBufferedRequest() throws IOException {
            int length = RequestHead.headLength(head, received);
            if (length < 0) {
                if (received == head.length) {
                    respond(Response.text(431, "Request Header Fields Too Large",
                            "the request head is over " + MAX_HEAD_BYTES + " bytes"), true);
                }
                return;
            }
            RequestHead request = RequestHead.parse(head, length);
            // a pipelined next request stays in the buffer
            System.arraycopy(head, length, head, 0, received - length);
            received -= length;
            if (request == null) {
                respond(Response.text(400, "Bad Request", "not an HTTP/1.x request"), true);
            } else {
                respond(handler.apply(request), !request.keepAlive() || request.hasBody());
            }
        }

        private void respond(Response answer, boolean close) throws IOException {
            response = ByteBuffer.wrap(answer.encode(close));
            closeAfterResponse = close;
            deadline = System.nanoTime() + timeoutNanos;
            key.interestOps(SelectionKey.OP_WRITE);
            write();
        }

        void write() throws IOException {
            channel.write(response);
            if (response.hasRemaining()) {
                return;
            }
            response = null;
            deadline = System.nanoTime() + timeoutNanos;
            key.interestOps(SelectionKey.OP_READ);
            if (closeAfterResponse) {
                // closing with unread bytes would reset the connection and could lose the response: close our
                // side, read until the client closes its side (or the time runs out)
                channel.shutdownOutput();
                draining = true;
                return;
            }
            answerBufferedRequest();
        }

        void close() {
            connections.remove(this);
            if (key != null) {
                key.cancel();
            }
            closeQuietly(channel);
        }
    }
}
