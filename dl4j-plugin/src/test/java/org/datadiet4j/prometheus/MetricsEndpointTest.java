package org.datadiet4j.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {

    @Test
    void servesGetAnswersHeadWithoutABodyAndRefusesOtherMethods() throws Exception {
        AtomicInteger value = new AtomicInteger(7);
        try (MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", 0)) {
            Gauge.builder("datadiet.test.value", value, AtomicInteger::get).register(endpoint.registry());
            HttpClient client = HttpClient.newHttpClient();
            URI uri = URI.create(endpoint.url());

            HttpResponse<String> get = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> head = client.send(HttpRequest.newBuilder(uri).method("HEAD",
                    HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(uri).POST(
                    HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.body()).contains("datadiet_test_value 7.0");
            assertThat(get.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }
}
