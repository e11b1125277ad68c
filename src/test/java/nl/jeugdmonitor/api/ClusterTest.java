package nl.jeugdmonitor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/**
 * Calls between instances (issue 17): they carry the cluster's signature on behalf of the user, never the user's token;
 * a changed path, a changed user, another key or an old signature is refused.
 */
class ClusterTest {

    private static final byte[] SLEUTEL = new byte[32];

    @Test
    void aCallBetweenInstancesCarriesASignatureOnBehalfOfTheUserAndNoToken() throws Exception {
        Clock nu = Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC);
        Cluster cluster = Cluster.van(SLEUTEL, nu);
        AtomicReference<String> authorization = new AtomicReference<>("not called");
        ApiServer server = new ApiServer(null, () -> true, app -> app.get("/api/v1/intern/wie", ctx -> {
            authorization.set(ctx.header("Authorization"));
            Toegang.Gebruiker g = cluster.namens(ctx);
            ctx.result(g == null ? "niemand" : g.rol() + " " + new java.util.TreeSet<>(g.gemeenten()));
        })).start(0);
        try {
            HostInfo host = new HostInfo("localhost", server.port());
            Toegang.Gebruiker kijker = new Toegang.Gebruiker(Toegang.Rol.kijker, Set.of("0153", "0164"));
            HttpResponse<byte[]> r = VerdeeldeBron.vraag(host, "/api/v1/intern/wie?x=1", null, cluster, kijker);
            assertEquals(200, r.statusCode());
            assertEquals("kijker [0153, 0164]", new String(r.body()));
            assertNull(authorization.get(), "no bearer token travels between instances");

            // the same headers on another path, for another user, from another key, or too old: refused
            Map<String, String> koppen = cluster.koppen("GET", "/api/v1/intern/wie?x=1", null, kijker);
            assertEquals(403, get(server, "/api/v1/intern/wie?x=2", koppen));
            Map<String, String> ander = new java.util.HashMap<>(koppen);
            ander.put(Cluster.NAMENS, koppen.get(Cluster.NAMENS).replace("kijker", "analist"));
            assertEquals(403, get(server, "/api/v1/intern/wie?x=1", ander));
            assertEquals(403, get(server, "/api/v1/intern/wie?x=1",
                    Cluster.van(new byte[] {1}, nu).koppen("GET", "/api/v1/intern/wie?x=1", null, kijker)));
            assertEquals(403, get(server, "/api/v1/intern/wie?x=1", Cluster.van(SLEUTEL, Clock.offset(nu,
                    Duration.ofSeconds(-Cluster.GELDIG_SECONDEN - 1))).koppen("GET", "/api/v1/intern/wie?x=1", null, kijker)));
            assertEquals(200, get(server, "/api/v1/intern/wie?x=1", koppen), "the original headers still hold");
            assertEquals(403, get(server, "/api/v1/intern/wie?x=1", Map.of(Cluster.NAMENS, koppen.get(Cluster.NAMENS))));
        } finally {
            server.close();
        }
    }

    private static int get(ApiServer server, String pad, Map<String, String> koppen) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + pad));
        koppen.forEach(b::header);
        HttpResponse<String> r = VerdeeldeBron.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() != 403 || r.body().contains("forbidden"), r.body());
        return r.statusCode();
    }

    @Test
    void listOfRolesIsWhatTheMatrixCovers() {
        assertEquals(List.of(Toegang.Rol.kijker, Toegang.Rol.analist, Toegang.Rol.beheerder), List.of(Toegang.Rol.values()),
                "a new role needs its column in QueryApiEndToEndTest's authorization matrix");
    }
}
