package nl.jeugdmonitor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import nl.jeugdmonitor.bench.Bench;
import org.junit.jupiter.api.Test;

/** Every answer says how long the monitor itself took (Server-Timing), errors included; the bench reads it. */
class ServerTimingTest {

    @Test
    void theHandlersOwnTimeIsInTheServerTimingHeader() throws Exception {
        try (ApiServer api = new ApiServer(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> true,
                app -> app.get("/traag", ctx -> {
                    Thread.sleep(40);
                    ctx.result("klaar");
                })).start(0)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> traag = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + "/traag")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("klaar", traag.body());
            double ms = Bench.serverNanos(traag.headers().firstValue("Server-Timing").orElseThrow()) / 1e6;
            assertTrue(ms >= 40 && ms < 10_000, "the 40 ms the handler slept, not " + ms);

            HttpResponse<String> onbekend = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + "/bestaat-niet")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, onbekend.statusCode());
            assertTrue(Bench.serverNanos(onbekend.headers().firstValue("Server-Timing").orElseThrow()) < 40_000_000L,
                    onbekend.headers().map().toString());
        }
    }
}
