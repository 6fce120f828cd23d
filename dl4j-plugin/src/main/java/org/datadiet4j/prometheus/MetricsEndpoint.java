package org.datadiet4j.prometheus;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.datadiet4j.io.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Prometheus scrape endpoint: {@code GET /metrics} (and {@code HEAD}) in the Prometheus text format,
 * bound to 127.0.0.1 unless told otherwise ({@code 0.0.0.0}: every interface, for a Prometheus on
 * another machine). Clients that connect and stall, trickle a request or never read their answer
 * are closed after {@value #REQUEST_TIMEOUT_SECONDS} s and never delay a scrape ({@link ScrapeServer}).
 * Close it to stop serving.
 */
public final class MetricsEndpoint implements AutoCloseable {

    /** Time a connection has to send a complete request head, and then to take the response. */
    static final int REQUEST_TIMEOUT_SECONDS = 10;

    /** Open connections at most; accepting one more closes the one whose time runs out first. */
    static final int MAX_CONNECTIONS = 1024;

    private static final Logger log = LoggerFactory.getLogger(MetricsEndpoint.class);
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final ScrapeServer server;
    private final InetSocketAddress address;

    private MetricsEndpoint(PrometheusMeterRegistry registry, ScrapeServer server, InetSocketAddress address) {
        this.registry = registry;
        this.server = server;
        this.address = address;
    }

    /** Serves a new Prometheus registry on {@code host:port} (port 0: any free port). */
    public static MetricsEndpoint start(String host, int port) {
        return start(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), host, port);
    }

    /**
     * Serves {@code registry} on {@code host:port}: {@code host} an address of this machine (or a name of
     * one), {@code 0.0.0.0} or {@code ::} for every interface; port 0: any free port.
     */
    public static MetricsEndpoint start(PrometheusMeterRegistry registry, String host, int port) {
        return start(registry, host, port, Duration.ofSeconds(REQUEST_TIMEOUT_SECONDS));
    }

    static MetricsEndpoint start(PrometheusMeterRegistry registry, String host, int port, Duration requestTimeout) {
        if (port < 0 || port > 65535) {
            throw new InvalidInputException("metrics port must be in [0, 65535], got " + port);
        }
        InetAddress local = localAddress(host);
        ScrapeServer server;
        try {
            server = ScrapeServer.start(new InetSocketAddress(local, port), request -> answer(registry, request),
                    requestTimeout, MAX_CONNECTIONS);
        } catch (BindException e) {
            if (String.valueOf(e.getMessage()).contains("in use")) {
                throw new InvalidInputException("port " + port + " on " + host + " is in use (" + e.getMessage()
                        + "): choose another metrics port");
            }
            throw new InvalidInputException("cannot serve metrics on " + host + ":" + port + " (" + e.getMessage()
                    + "): choose another metrics port or host", e);
        } catch (IOException e) {
            throw new UncheckedIOException("serving metrics on " + host + ":" + port + " failed", e);
        }
        try {
            // the address asked for: a wildcard IPv4 address is bound as the IPv6 one on a dual-stack machine
            return new MetricsEndpoint(registry, server, new InetSocketAddress(local, server.address().getPort()));
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException("reading the address the metrics endpoint is bound to failed", e);
        }
    }

    /**
     * The address {@code host} names, if this machine can serve on it (one of its addresses, loopback or a
     * wildcard); else an {@link InvalidInputException} that names the host and what to give instead.
     */
    public static InetAddress localAddress(String host) {
        String fix = "give an address of this machine: 127.0.0.1 (this machine only, the default), 0.0.0.0 (every"
                + " interface, for a Prometheus on another machine) or one of its own addresses";
        if (host == null || host.isBlank()) {
            throw new InvalidInputException("the metrics host is empty: " + fix);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host.strip());
        } catch (UnknownHostException e) {
            throw new InvalidInputException("metrics host '" + host + "' is neither an address nor a known name: " + fix);
        }
        boolean local;
        try {
            local = address.isAnyLocalAddress() || address.isLoopbackAddress()
                    || NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            throw new UncheckedIOException("listing this machine's network interfaces failed", e);
        }
        if (!local) {
            throw new InvalidInputException("metrics host '" + host + "' (" + address.getHostAddress()
                    + ") is not an address of this machine: " + fix);
        }
        return address;
    }

    private static Response answer(PrometheusMeterRegistry registry, RequestHead request) {
        if (!request.path().equals("/metrics")) {
            return text(404, "Not Found", "no such page: the metrics are at /metrics\n");
        }
        boolean head = request.method().equals("HEAD");
        if (!head && !request.method().equals("GET")) {
            return text(405, "Method Not Allowed", request.method() + " is not served here: use GET\n");
        }
        byte[] body;
        try {
            body = registry.scrape().getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            log.error("scraping the metrics failed: {}", e.toString(), e);
            return text(500, "Internal Server Error", "scraping the metrics failed: " + e + "\n");
        }
        return new Response(200, "OK", CONTENT_TYPE, body, head);
    }

    private static Response text(int status, String reason, String message) {
        return new Response(status, reason, TEXT, message.getBytes(StandardCharsets.UTF_8), false);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The port actually bound. */
    public int port() {
        return address.getPort();
    }

    /** {@code http://host:port/metrics}, host the address bound ({@code 0.0.0.0}: every interface). */
    public String url() {
        InetAddress bound = address.getAddress();
        String host = bound instanceof Inet6Address ? "[" + bound.getHostAddress() + "]" : bound.getHostAddress();
        return "http://" + host + ":" + port() + "/metrics";
    }

    /** Connections open now. */
    int openConnections() {
        return server.openConnections();
    }

    @Override
    public void close() {
        server.close();
    }
}
