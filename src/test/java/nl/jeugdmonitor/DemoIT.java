package nl.jeugdmonitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, run as a newcomer would: {@code java -jar target/jeugdmonitor.jar demo}.
 * Acceptance (issue 2): /health and /metrics answer within 60 s of start on the 2-core machine, and data flows.
 */
class DemoIT {

    @Test
    void theDemoServesHealthAndMetricsWithin60SecondsAndIngestsSimulatedData() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = Files.createTempFile("demo", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process demo = new ProcessBuilder(java, "-jar", "target/jeugdmonitor.jar", "demo", "--http-port", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long start = System.nanoTime();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            String health = null;
            String metrics = null;
            while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60) && (health == null || metrics == null)) {
                assertTrue(demo.isAlive(), "the demo exited early:\n" + Files.readString(log));
                health = health != null ? health : get(http, port, "/health");
                metrics = health == null ? null : get(http, port, "/metrics");
                if (metrics != null && !metrics.contains("jeugdmonitor_ingest_berichten_total{code=\"none\",resultaat=\"ok\"")) {
                    metrics = null; // up, but wait until simulated messages have been ingested
                }
                Thread.sleep(500);
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertEquals("{\"status\":\"UP\"}", health, "no /health within 60 s:\n" + Files.readString(log));
            assertTrue(metrics != null, "no ingested messages in /metrics within 60 s (" + seconds + " s):\n" + Files.readString(log));
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(out.contains("jeugdmonitor demo is up: http://localhost:" + port), "the URL is printed");
            // a quiet console (issue 20): before the banner only the demo's own lines and its own warnings, no Kafka log
            String voorBanner = out.substring(0, out.indexOf("jeugdmonitor demo is up"));
            for (String regel : voorBanner.split("\n")) {
                assertTrue(regel.isBlank() || regel.startsWith("jeugdmonitor demo:") || regel.matches("\\d\\d:\\d\\d:\\d\\d (WARN|ERROR) .*"),
                        "a line before the banner that is not the demo's: " + regel);
                assertTrue(!regel.contains("org.apache.kafka") && !regel.contains("kafka."), "a Kafka log line before the banner: " + regel);
            }
            // then one status line, every ~10 s when not on a terminal, and it advances
            long statusStart = System.nanoTime();
            List<String> status = List.of();
            while (System.nanoTime() - statusStart < TimeUnit.SECONDS.toNanos(40)
                    && (status.size() < 2 || status.get(status.size() - 1).equals(status.get(0)))) {
                Thread.sleep(1000);
                status = Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(r -> r.startsWith("gesimuleerd t/m")).toList();
            }
            assertTrue(status.size() >= 2, "status lines:\n" + Files.readString(log));
            assertTrue(!status.get(status.size() - 1).equals(status.get(0)), "the status line advances: " + status);
            assertTrue(status.get(status.size() - 1).matches("gesimuleerd t/m \\d{4}-\\d\\d-\\d\\d · [\\d.]+ berichten · [\\d.]+ events · peildatum .*"),
                    status.get(status.size() - 1));
            System.out.println("demo served /health and ingested data after " + seconds + " s");
        } finally {
            demo.destroy(); // SIGTERM, as Ctrl-C: the shutdown hook stops streams and broker
            assertTrue(demo.waitFor(60, TimeUnit.SECONDS), "the demo did not stop within 60 s of SIGTERM");
        }
    }

    private static String get(HttpClient http, int port, String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
