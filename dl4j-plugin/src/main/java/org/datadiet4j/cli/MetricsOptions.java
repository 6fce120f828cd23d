package org.datadiet4j.cli;

import org.datadiet4j.io.InvalidInputException;
import org.datadiet4j.prometheus.MetricsEndpoint;
import picocli.CommandLine.Option;

/** {@code --metrics-port PORT [--metrics-host HOST]}: where a command serves its Prometheus metrics while it trains. */
final class MetricsOptions {

    static final String DEFAULT_HOST = "127.0.0.1";

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus metrics on HOST:PORT/metrics while training (0: any free port).")
    Integer port;

    @Option(names = "--metrics-host", paramLabel = "HOST",
            description = "With --metrics-port, the address to serve on: " + DEFAULT_HOST + " (this machine only,"
                    + " the default), 0.0.0.0 (every interface, for a Prometheus on another machine) or one of this"
                    + " machine's addresses.")
    String host;

    /** Refuses a host this machine cannot serve on, or one given without a port, before any work is done. */
    void check() {
        if (port == null && host != null) {
            throw new InvalidInputException("--metrics-host only applies with --metrics-port PORT: add the port");
        }
        if (host != null) {
            MetricsEndpoint.localAddress(host);
        }
    }

    /** Starts the endpoint, or returns null without {@code --metrics-port}. */
    MetricsEndpoint start() {
        check();
        return port == null ? null : MetricsEndpoint.start(host == null ? DEFAULT_HOST : host, port);
    }
}
