package org.datadiet4j.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.datadiet4j.io.InvalidInputException;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final byte[] HALF_A_REQUEST = "GET /metrics HTTP/1.1\r\nHost: stalled\r\nAccept: text/pl"
            .getBytes(StandardCharsets.US_ASCII);

    /** An endpoint serving one gauge, {@code datadiet_test_value 7.0}. */
    private static MetricsEndpoint endpoint(String host, Duration requestTimeout) {
        MetricsEndpoint endpoint = MetricsEndpoint.start(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), host, 0,
                requestTimeout);
        Gauge.builder("datadiet.test.value", new AtomicInteger(7), AtomicInteger::get).strongReference(true)
                .register(endpoint.registry());
        return endpoint;
    }

    private static HttpResponse<String> scrape(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Polls until the condition holds, failing after a generous deadline (waits on the server's thread). */
    private static void awaitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("still waiting for %s", what).isNegative();
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** What a raw client receives until the server closes the connection. */
    private static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void servesGetAnswersHeadWithoutABodyAndRefusesOtherMethodsAndPaths() throws Exception {
        try (MetricsEndpoint endpoint = endpoint("127.0.0.1", Duration.ofSeconds(10))) {
            URI uri = URI.create(endpoint.url());
            HttpResponse<String> get = scrape(endpoint.url());
            HttpResponse<String> head = HTTP.send(HttpRequest.newBuilder(uri).method("HEAD",
                    HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(uri).POST(
                    HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> elsewhere = scrape(endpoint.url().replace("/metrics", "/other"));

            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.body()).contains("datadiet_test_value 7.0");
            assertThat(get.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(head.headers().firstValueAsLong("Content-Length"))
                    .hasValue(get.body().getBytes(StandardCharsets.UTF_8).length);
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
            assertThat(elsewhere.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void answersPipelinedRequestsOnOneConnectionAndRefusesWhatIsNotHttp() throws Exception {
        try (MetricsEndpoint endpoint = endpoint("127.0.0.1", Duration.ofSeconds(10))) {
            String two = exchange(endpoint.port(), "GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "GET /metrics?x=1 HTTP/1.1\nHost: a\nConnection: close\n\n");
            assertThat(two.split("HTTP/1.1 200 OK", -1)).hasSize(3);
            assertThat(two.split("datadiet_test_value 7.0", -1)).hasSize(3);

            assertThat(exchange(endpoint.port(), "HELLO\r\n\r\n")).startsWith("HTTP/1.1 400 ");
            String tooLong = "GET /metrics HTTP/1.1\r\nX-Filler: " + "x".repeat(ScrapeServer.MAX_HEAD_BYTES) + "\r\n\r\n";
            assertThat(exchange(endpoint.port(), tooLong)).startsWith("HTTP/1.1 431 ");
            assertThat(scrape(endpoint.url()).statusCode()).isEqualTo(200);
        }
    }

    /**
     * The JDK server this endpoint replaced let 200 half-sent requests block both its threads: a scrape
     * then timed out. Here the scrape must be answered, with its content, while they are held.
     */
    @Test
    void aScrapeIsAnsweredWhile200ClientsStallHalfwayThroughTheirRequestsAnd100SendNothing() throws Exception {
        List<Socket> clients = new ArrayList<>();
        try (MetricsEndpoint endpoint = endpoint("127.0.0.1", Duration.ofSeconds(120))) {
            for (int i = 0; i < 300; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), endpoint.port());
                clients.add(socket);
                if (i < 200) {
                    socket.getOutputStream().write(HALF_A_REQUEST);
                    socket.getOutputStream().flush();
                }
            }
            awaitUntil("the server to hold all 300 connections", () -> endpoint.openConnections() == 300);

            HttpResponse<String> response = scrape(endpoint.url());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("datadiet_test_value 7.0");
            assertThat(endpoint.openConnections()).as("the stalled clients are still connected")
                    .isGreaterThanOrEqualTo(300);
        } finally {
            for (Socket socket : clients) {
                socket.close();
            }
        }
    }

    @Test
    void theServerClosesClientsThatStallOrTrickleTheirRequestOnceTheirTimeIsUp() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try (MetricsEndpoint endpoint = endpoint("127.0.0.1", Duration.ofSeconds(1));
             Socket trickling = new Socket(InetAddress.getLoopbackAddress(), endpoint.port())) {
            for (int i = 0; i < 200; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), endpoint.port());
                stalled.add(socket);
                socket.getOutputStream().write(HALF_A_REQUEST);
            }
            Thread trickler = new Thread(() -> {
                // one byte of a never-ending header every 50 ms, until the server closes the connection
                try {
                    OutputStream out = trickling.getOutputStream();
                    out.write("GET /metrics HTTP/1.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < 2_000; i++) {
                        out.write('x');
                        out.flush();
                        TimeUnit.MILLISECONDS.sleep(50);
                    }
                } catch (IOException | InterruptedException e) {
                    // the server closed the connection: what this client waits for
                }
            });
            trickler.setDaemon(true);
            trickler.start();

            for (Socket socket : stalled) {
                assertThat(endOfStream(socket)).as("a stalled connection is closed by the server").isTrue();
            }
            assertThat(endOfStream(trickling)).as("the trickling connection is closed by the server").isTrue();
            awaitUntil("the server to drop every closed connection", () -> endpoint.openConnections() == 0);
            HttpResponse<String> response = scrape(endpoint.url());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("datadiet_test_value 7.0");
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    /** True when the server closes the connection before a generous deadline; no bytes are expected. */
    private static boolean endOfStream(Socket socket) throws IOException {
        socket.setSoTimeout(60_000);
        InputStream in = socket.getInputStream();
        try {
            return in.read() == -1;
        } catch (SocketException reset) {
            return true;
        }
    }

    @Test
    void servesEveryInterfaceOnRequestAndRefusesAHostThatIsNotThisMachine() throws Exception {
        try (MetricsEndpoint endpoint = endpoint("0.0.0.0", Duration.ofSeconds(10))) {
            assertThat(endpoint.url()).isEqualTo("http://0.0.0.0:" + endpoint.port() + "/metrics");
            assertThat(scrape("http://127.0.0.1:" + endpoint.port() + "/metrics").body())
                    .contains("datadiet_test_value 7.0");
        }
        try (MetricsEndpoint endpoint = MetricsEndpoint.start("localhost", 0)) {
            assertThat(endpoint.url()).startsWith("http://127.0.0.1:");
        }
        assertThatThrownBy(() -> MetricsEndpoint.start("203.0.113.7", 0)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("metrics host '203.0.113.7' (203.0.113.7) is not an address of this machine")
                .hasMessageContaining("0.0.0.0");
        assertThatThrownBy(() -> MetricsEndpoint.start("no such host", 0)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("metrics host 'no such host' is neither an address nor a known name");
        assertThatThrownBy(() -> MetricsEndpoint.start(" ", 0)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("the metrics host is empty");
    }
}
