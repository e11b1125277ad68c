package nl.jeugdmonitor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Issue 17: no pseudonym in any log line. A client look-up that answers 503 (stores migrating) or fails inside is
 * logged by its path, and the path holds the pseudonym: the log shows it redacted. Checked on the log events
 * themselves, so a leak would be seen.
 */
class GeenPseudoniemInLogTest {

    @Test
    void requestLogsRedactThePseudonymInThePath() throws Exception {
        String pseudoniem = "ab".repeat(32);
        Logger log = (Logger) LoggerFactory.getLogger(ApiServer.class);
        ListAppender<ILoggingEvent> gezien = new ListAppender<>();
        gezien.start();
        log.addAppender(gezien);
        try (ApiServer api = new ApiServer(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> true, app -> {
            app.get("/api/v1/clients/{pseudonym}/trajecten", ctx -> {
                throw new InvalidStateStoreException("store migrating");
            });
            app.get("/api/v1/clients/{pseudonym}/fout", ctx -> {
                throw new IllegalStateException("a bug");
            });
        }).start(0)) {
            HttpClient http = HttpClient.newHttpClient();
            for (String pad : new String[] {"/trajecten", "/fout"}) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + "/api/v1/clients/"
                        + pseudoniem + pad)).build(), HttpResponse.BodyHandlers.ofString());
                assertTrue(r.statusCode() == 503 || r.statusCode() == 500, r.statusCode() + " " + r.body());
            }
        } finally {
            log.detachAppender(gezien);
        }
        assertEquals(2, gezien.list.size(), "both requests were logged: " + gezien.list);
        for (ILoggingEvent e : gezien.list) {
            assertFalse(e.getFormattedMessage().contains(pseudoniem), "a pseudonym in the log: " + e.getFormattedMessage());
            assertTrue(e.getFormattedMessage().contains("/api/v1/clients/<pseudoniem>/"), e.getFormattedMessage());
        }
    }
}
