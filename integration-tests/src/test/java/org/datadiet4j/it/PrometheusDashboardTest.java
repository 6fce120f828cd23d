package org.datadiet4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.Examples;
import org.datadiet4j.datasets.DataSource;
import org.datadiet4j.listeners.El2nListener;
import org.datadiet4j.listeners.ForgettingListener;
import org.datadiet4j.listeners.NtkVelocityListener;
import org.datadiet4j.metrics.DatadietMetrics;
import org.datadiet4j.prometheus.GrafanaDashboard;
import org.datadiet4j.prometheus.MetricsEndpoint;
import org.datadiet4j.metrics.TrainingState;
import org.datadiet4j.models.ModelKind;
import org.datadiet4j.pruning.EarlyPruningListener;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The shipped dashboard against a real Prometheus server (Debian package {@code prometheus}, on
 * loopback, generated config, 1 s scrapes): a short real training serves its metrics while 8
 * clients scrape the endpoint 1 000 times; then every query of every panel must return data, the
 * dashboard's {@code training_job} variable must offer the run, and {@code promtool check metrics} must
 * accept the endpoint's output.
 */
class PrometheusDashboardTest {

    private static final String JOB = "prom-it";
    private static final int EPOCHS = 8;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Polls {@code condition} until it holds or the deadline passes (waiting on an external server). */
    private static void awaitUntil(String what, long seconds, Check condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }

    private static JsonNode query(int prometheusPort, String promql) throws Exception {
        HttpResponse<String> response = get("http://127.0.0.1:" + prometheusPort + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as("%s -> %s", promql, response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("status").asText()).isEqualTo("success");
        return body.get("data").get("result");
    }

    /**
     * The values Grafana offers for the dashboard's {@code training_job} variable: its
     * {@code label_values(selector, label)} is Prometheus's label values API with {@code match[]=selector}.
     */
    private static List<String> trainingJobsOfTheDashboardVariable(int prometheusPort) throws Exception {
        JsonNode variable = null;
        for (JsonNode candidate : JSON.readTree(GrafanaDashboard.json()).get("templating").get("list")) {
            if (candidate.get("name").asText().equals("training_job")) {
                variable = candidate;
            }
        }
        assertThat(variable).as("the dashboard's training_job variable").isNotNull();
        Matcher m = Pattern.compile("label_values\\((.+), *(\\w+)\\)")
                .matcher(variable.get("definition").asText());
        assertThat(m.matches()).as(variable.get("definition").asText()).isTrue();
        HttpResponse<String> response = get("http://127.0.0.1:" + prometheusPort + "/api/v1/label/" + m.group(2)
                + "/values?match[]=" + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> values = new ArrayList<>();
        JSON.readTree(response.body()).get("data").forEach(value -> values.add(value.asText()));
        return values;
    }

    @Test
    void everyPanelQueryReturnsDataFromARealPrometheus() throws Exception {
        DataSource.Loaded loaded = DataSource.of("fashion-mnist", 0, 0).loadTrain(8000);
        Examples examples = loaded.examples();
        MultiLayerNetwork network = ModelKind.MLP.build(784, 28, 10, 1);
        ExampleIdIterator iterator = examples.shuffledIterator(128, 1);
        El2nListener el2n = El2nListener.builder(examples).atEpochs(1, 2, 3, 4, 5, 6, 7, 8).build();
        ForgettingListener forgetting = ForgettingListener.builder(iterator).atEpochs(EPOCHS).build();
        EarlyPruningListener pruner = EarlyPruningListener.builder(iterator, el2n).atEpoch(2).keep(0.5).build();
        TrainingState state = new TrainingState();
        NtkVelocityListener ntk = NtkVelocityListener.builder(examples).randomProbe(20, 1).build();
        network.setListeners(state, el2n, forgetting, pruner, ntk);

        int prometheusPort = freePort();
        try (MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", 0);
             DatadietMetrics metrics = DatadietMetrics.builder(JOB, "mlp").scores(el2n, forgetting)
                     .pruning(iterator, pruner).training(state).ntk(ntk).build()) {
            metrics.bindTo(endpoint.registry());
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    scrape_configs:
                      - job_name: datadiet-it
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    """.formatted(endpoint.port()));
            Process prometheus = new ProcessBuilder("prometheus", "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + prometheusPort,
                    "--log.level=warn")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            long pid = prometheus.pid();
            try {
                awaitUntil("Prometheus to be ready", 60, () -> {
                    try {
                        return get("http://127.0.0.1:" + prometheusPort + "/-/ready").statusCode() == 200;
                    } catch (IOException e) {
                        return false;
                    }
                });

                // the run must be seen from its start: wait for Prometheus's first scrape of the endpoint
                awaitUntil("Prometheus to scrape the endpoint", 60, () -> {
                    JsonNode up = query(prometheusPort, "up{job=\"datadiet-it\"}");
                    return up.size() == 1 && up.get(0).get("value").get(1).asDouble() == 1;
                });
                ScrapeLoad load = ScrapeLoad.start(endpoint.url(), 8, 1_000);
                network.fit(iterator, EPOCHS);
                ScrapeLoad.Outcome outcome = load.finish();
                assertThat(outcome.ok()).as("scrapes answered 200 (failures: %s)", outcome.failures()).isEqualTo(1_000);

                awaitUntil("Prometheus to scrape the finished run", 60, () -> {
                    // a default scrape config keeps both: the target's job and the run's training_job
                    JsonNode result = query(prometheusPort, "datadiet_training_epochs_total{job=\"datadiet-it\","
                            + "training_job=\"" + JOB + "\"}");
                    return result.size() == 1 && result.get(0).get("value").get(1).asDouble() == EPOCHS;
                });
                // rate() over [1m] needs two samples of each counter: a fast run may have given one
                awaitUntil("two samples of each counter", 60, () -> {
                    for (String counter : List.of("datadiet_forgetting_events_total", "datadiet_training_iterations_total",
                            "datadiet_pruning_events_total")) {
                        JsonNode samples = query(prometheusPort, "count_over_time(" + counter + "{training_job=\"" + JOB
                                + "\"}[1m])");
                        if (samples.isEmpty() || samples.get(0).get("value").get(1).asDouble() < 2) {
                            return false;
                        }
                    }
                    return true;
                });
                List<String> empty = new ArrayList<>();
                int queries = 0;
                for (JsonNode panel : JSON.readTree(GrafanaDashboard.json()).get("panels")) {
                    for (JsonNode target : panel.get("targets")) {
                        String promql = target.get("expr").asText().replace("$training_job", JOB);
                        queries++;
                        if (query(prometheusPort, promql).isEmpty()) {
                            empty.add(panel.get("title").asText() + ": " + promql);
                        }
                    }
                }
                assertThat(queries).isGreaterThanOrEqualTo(13);
                assertThat(empty).as("panel queries without data").isEmpty();
                JsonNode kept = query(prometheusPort, "sum(datadiet_kept_examples{training_job=\"" + JOB + "\"})");
                assertThat(kept.get(0).get("value").get(1).asDouble()).isEqualTo(4000);
                assertThat(trainingJobsOfTheDashboardVariable(prometheusPort)).containsExactly(JOB);

                String scrape = get(endpoint.url()).body();
                Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
                promtool.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
                promtool.getOutputStream().close();
                String verdict = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(promtool.exitValue()).as("promtool check metrics: %s", verdict).isZero();
            } finally {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
                if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
    }

    /** Concurrent scrapers that stop after a total number of scrapes. */
    private static final class ScrapeLoad {
        record Outcome(int ok, List<String> failures) {
        }

        private final ExecutorService pool;
        private final List<Future<?>> workers = new ArrayList<>();
        private final AtomicInteger ok = new AtomicInteger();
        private final AtomicInteger issued = new AtomicInteger();
        private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean stop = new AtomicBoolean();

        private ScrapeLoad(int clients) {
            pool = Executors.newFixedThreadPool(clients);
        }

        static ScrapeLoad start(String url, int clients, int total) {
            ScrapeLoad load = new ScrapeLoad(clients);
            for (int c = 0; c < clients; c++) {
                load.workers.add(load.pool.submit(() -> {
                    while (!load.stop.get() && load.issued.incrementAndGet() <= total) {
                        try {
                            HttpResponse<String> response = get(url);
                            if (response.statusCode() == 200 && response.body().contains("datadiet_training_epochs_total")) {
                                load.ok.incrementAndGet();
                            } else {
                                load.failures.add("status " + response.statusCode());
                            }
                        } catch (Exception e) {
                            load.failures.add(e.toString());
                        }
                    }
                    return null;
                }));
            }
            return load;
        }

        Outcome finish() throws Exception {
            for (Future<?> worker : workers) {
                worker.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();
            return new Outcome(ok.get(), failures);
        }
    }
}
