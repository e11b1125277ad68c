package nl.jeugdmonitor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import nl.jeugdmonitor.Jeugdmonitor;
import nl.jeugdmonitor.KafkaTestSupport;
import nl.jeugdmonitor.TestConfig;
import nl.jeugdmonitor.config.AppConfig;
import nl.jeugdmonitor.config.Gemeenten;
import nl.jeugdmonitor.indicator.Metingen;
import nl.jeugdmonitor.kafka.EmbeddedKafka;
import nl.jeugdmonitor.kafka.JsonSerde;
import nl.jeugdmonitor.simulator.Kalibratie;
import nl.jeugdmonitor.simulator.Simulator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The query API with two instances on one broker (4 partitions): routing, access, suppression, errors, failover. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QueryApiEndToEndTest {

    static final String ALLES = "analist-alles-token";
    static final String ANALIST_ENSCHEDE = "analist-enschede-token";
    static final String KIJKER_ENSCHEDE = "kijker-enschede-token";
    static final String KIJKER_ALLES = "kijker-alles-token";
    static final String BEHEERDER = "beheerder-token";

    static EmbeddedKafka kafka;
    static AppConfig config;
    static Jeugdmonitor a;
    static Jeugdmonitor b;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Map<String, String> voorStop = new java.util.TreeMap<>();
    @TempDir
    static Path tmp;

    static String sha(String token) {
        return HexFormat.of().formatHex(Toegang.sha256(token));
    }

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        config = TestConfig.geisoleerd("api", 4);
        Path tokens = tmp.resolve("tokens.yaml");
        Files.writeString(tokens, String.join("\n",
                "- {sha256: " + sha(ALLES) + ", role: analist, gemeenten: ['*']}",
                "- {sha256: " + sha(ANALIST_ENSCHEDE) + ", role: analist, gemeenten: ['0153']}",
                "- {sha256: " + sha(KIJKER_ENSCHEDE) + ", role: kijker, gemeenten: ['0153']}",
                "- {sha256: " + sha(KIJKER_ALLES) + ", role: kijker, gemeenten: ['*']}",
                "- {sha256: " + sha(BEHEERDER) + ", role: beheerder, gemeenten: ['*']}", ""));
        Toegang toegang = Toegang.lees(tokens);
        byte[] key = "api-sleutel-van-minstens-16-bytes".getBytes(StandardCharsets.UTF_8);
        a = new Jeugdmonitor(new Jeugdmonitor.Instelling(config, kafka.bootstrapServers(), 0, tmp.resolve("a"), key).met(toegang, "localhost")).start();
        b = new Jeugdmonitor(new Jeugdmonitor.Instelling(config, kafka.bootstrapServers(), 0, tmp.resolve("b"), key).met(toegang, "localhost")).start();
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            new Simulator(Kalibratie.twente(), new Simulator.Instellingen(13, 2025, 2025, 0.02, 0))
                    .genereer(m -> p.send(new ProducerRecord<>(config.topics().ijw(), null, m.xml().getBytes(StandardCharsets.UTF_8))));
        }
        TestConfig.wachtTotBijgewerkt(kafka.bootstrapServers(), config, Duration.ofMinutes(5));
        KafkaTestSupport.wachtOp("both instances ready", Duration.ofSeconds(60), () -> a.isReady() && b.isReady());
    }

    @AfterAll
    static void stop() {
        for (Jeugdmonitor m : new Jeugdmonitor[] {a, b}) {
            if (m != null) {
                m.close();
            }
        }
        kafka.close();
    }

    /**
     * A GET as a well-behaved client makes it: Kafka may rebalance a group at any time, and the API then answers 503
     * with Retry-After; the client waits and asks again, for at most {@code deadline}. Every 503 must carry Retry-After.
     */
    static HttpResponse<String> get(Jeugdmonitor m, String pad, String token, long deadline) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + m.httpPort() + pad));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        while (r.statusCode() == 503 && System.nanoTime() < deadline) {
            assertNotNull(r.headers().firstValue("Retry-After").orElse(null), "503 carries Retry-After");
            Thread.sleep(500);
            r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
        return r;
    }

    static HttpResponse<String> get(Jeugdmonitor m, String pad, String token) throws Exception {
        return get(m, pad, token, System.nanoTime() + Duration.ofSeconds(60).toNanos());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JsonSerde.MAPPER.readTree(r.body());
    }

    /** One request per indicator (with the granularity it needs) for the region and every municipality in the data. */
    static List<String> alleVragen() {
        List<String> scopes = new ArrayList<>();
        scopes.add("");
        Gemeenten.vanRegio("Twente").forEach(g -> scopes.add("&gemeente=" + g.code()));
        List<String> out = new ArrayList<>();
        for (Metingen.Maat d : Metingen.MATEN) {
            String g = !d.granulariteiten().contains("maand") ? "jaar&from=2024&to=2025" : "maand&from=2025-01&to=2025-12";
            for (String scope : scopes) {
                out.add("/api/v1/indicators/" + d.id() + "?granularity=" + g + scope);
            }
        }
        scopes.forEach(s -> out.add("/api/v1/wachtlijst?zorgvorm=begeleiding" + s));
        return out;
    }

    @Test
    @Order(1)
    void eitherInstanceAnswersIdenticallyForEveryIndicatorAndMunicipality() throws Exception {
        List<String> vragen = alleVragen();
        assertTrue(vragen.size() > 300, "indicators × 15 scopes: " + vragen.size());
        boolean ietsGemeten = false;
        for (String v : vragen) {
            HttpResponse<String> va = get(a, v, ALLES);
            HttpResponse<String> vb = get(b, v, ALLES);
            assertEquals(200, va.statusCode(), v + " → " + va.body());
            assertEquals(va.body(), vb.body(), v);
            voorStop.put(v, va.body());
            ietsGemeten |= va.body().matches("(?s).*\"value\":[1-9].*");
        }
        assertTrue(ietsGemeten, "the answers hold measured values");
        // and the aggregates of the two instances together are what a request sees: nothing is only on one side
        long lokaalA = a.indicatorBron().alleAggregaten().size();
        long lokaalB = b.indicatorBron().alleAggregaten().size();
        assertTrue(lokaalA > 0 && lokaalB > 0, "both instances own partitions: " + lokaalA + " / " + lokaalB);

        // the waiting list is counted on each instance that owns part of it: the answer is the sum of their parts (an
        // instance may hold only a warm-up copy until the probing rebalance; see JoiningInstanceEndToEndTest)
        JsonNode lijst = json(get(b, "/api/v1/wachtlijst", ALLES));
        java.time.LocalDate p = java.time.LocalDate.parse(lijst.get("peildatum").asText());
        List<Long> wachtendPerInstantie = new ArrayList<>();
        for (Jeugdmonitor m : List.of(a, b)) {
            try {
                wachtendPerInstantie.add(m.indicatorBron().wachtlijst().stream().flatMap(w -> w.items().stream()).filter(i -> i.wachtOp(p)).count());
            } catch (org.apache.kafka.streams.errors.InvalidStateStoreException e) {
                // no active copy here: this instance adds nothing
            }
        }
        assertFalse(wachtendPerInstantie.isEmpty(), "an instance owns the waiting list");
        long beantwoord = 0;
        for (JsonNode zv : lijst.get("perZorgvorm")) {
            beantwoord += zv.get("wachtend").get("value").asLong();
        }
        assertTrue(beantwoord > 0, lijst.toString());
        assertEquals(wachtendPerInstantie.stream().mapToLong(Long::longValue).sum(), beantwoord, lijst + " " + wachtendPerInstantie);
    }

    @Test
    @Order(2)
    void aKijkerSeesSmallCountsSuppressedAndOnlyItsOwnMunicipalities() throws Exception {
        String v = "/api/v1/indicators/jeugdigen?zorgvorm=crisis&granularity=maand&from=2025-01&to=2025-12&gemeente=0153";
        JsonNode analist = json(get(a, v, ANALIST_ENSCHEDE)).get("values");
        JsonNode kijker = json(get(b, v, KIJKER_ENSCHEDE)).get("values");
        int onderdrukt = 0;
        for (int i = 0; i < analist.size(); i++) {
            long n = analist.get(i).get("n").asLong();
            assertFalse(analist.get(i).get("onderdrukt").asBoolean(), "an analist sees everything");
            if (n < 10) {
                assertTrue(kijker.get(i).get("value").isNull() && kijker.get(i).get("onderdrukt").asBoolean());
                onderdrukt++;
            } else {
                assertEquals(analist.get(i).get("value"), kijker.get(i).get("value"));
            }
        }
        assertTrue(onderdrukt > 0, "crisis in one municipality has months below 10");
        // shares from fewer than 10 youths too
        JsonNode aandeel = json(get(a, "/api/v1/indicators/binnen_norm?zorgvorm=screening&gemeente=0153&granularity=maand&from=2025-03&to=2025-03",
                KIJKER_ENSCHEDE)).get("values").get(0);
        JsonNode aandeelAnalist = json(get(a, "/api/v1/indicators/binnen_norm?zorgvorm=screening&gemeente=0153&granularity=maand&from=2025-03&to=2025-03",
                ANALIST_ENSCHEDE)).get("values").get(0);
        assertTrue(aandeelAnalist.get("n").asLong() >= 10 || (aandeel.get("value").isNull() && aandeel.get("onderdrukt").asBoolean()));

        assertEquals(403, get(a, "/api/v1/indicators/jeugdigen?gemeente=0164", KIJKER_ENSCHEDE).statusCode());
        assertEquals(403, get(a, "/api/v1/wachtlijst?gemeente=0164", ANALIST_ENSCHEDE).statusCode());
        assertEquals(200, get(a, "/api/v1/indicators/jeugdigen?gemeente=0164", KIJKER_ALLES).statusCode());
        assertEquals(401, get(a, "/api/v1/indicators", null).statusCode());
        assertEquals(401, get(a, "/api/v1/indicators", "geen-geldig-token").statusCode());
        assertEquals("unauthorized", json(get(a, "/api/v1/indicators", "x")).get("error").asText());
        assertEquals(200, get(a, "/health", null).statusCode(), "health needs no token");
        assertEquals(200, get(a, "/metrics", null).statusCode(), "metrics need no token");
        assertEquals(200, get(a, "/api/v1/openapi.json", null).statusCode());
    }

    @Test
    @Order(3)
    void clientLookUpsAreForAnalystsOfTheClientsMunicipality() throws Exception {
        String enschede = null;
        String elders = null;
        for (ConsumerRecord<byte[], byte[]> r : KafkaTestSupport.leesAlles(kafka.bootstrapServers(), config.topics().canoniek(), false)) {
            JsonNode e = JsonSerde.MAPPER.readTree(r.value());
            if (e.get("type").asText().equals("Start")) {
                if (e.get("gemeente").asText().equals("0153") && enschede == null) {
                    enschede = e.get("client").asText();
                } else if (e.get("gemeente").asText().equals("0141") && elders == null) {
                    elders = e.get("client").asText();
                }
            }
        }
        assertNotNull(enschede);
        assertNotNull(elders);
        for (Jeugdmonitor m : new Jeugdmonitor[] {a, b}) { // one of them owns the client, the other forwards
            HttpResponse<String> r = get(m, "/api/v1/clients/" + enschede + "/trajecten", ANALIST_ENSCHEDE);
            assertEquals(200, r.statusCode(), r.body());
            JsonNode t = json(r).get("trajecten");
            assertTrue(t.size() > 0);
            t.forEach(x -> assertEquals("0153", x.get("gemeente").asText()));
            assertFalse(r.body().contains("\"bsn\""), "no BSN in a client answer");
            assertEquals(403, get(m, "/api/v1/clients/" + enschede + "/trajecten", KIJKER_ENSCHEDE).statusCode());
            // a client in care elsewhere answers exactly as an unknown one: status and body tell nothing (issue 17)
            HttpResponse<String> nietVanMij = get(m, "/api/v1/clients/" + elders + "/trajecten", ANALIST_ENSCHEDE);
            HttpResponse<String> onbekend = get(m, "/api/v1/clients/" + "0".repeat(64) + "/trajecten", ANALIST_ENSCHEDE);
            assertEquals(404, onbekend.statusCode());
            assertEquals(onbekend.statusCode(), nietVanMij.statusCode());
            assertEquals(onbekend.body(), nietVanMij.body());
        }
    }

    @Test
    @Order(4)
    void malformedRequestsGetTheDocumentedErrors() throws Exception {
        Object[][] tabel = {
                {"/api/v1/indicators/bestaatniet", 404, "not_found"},
                {"/api/v1/indicators/jeugdigen?granularity=week", 400, "bad_request"},
                {"/api/v1/indicators/jeugdigen?granularity=maand&from=2024-13", 400, "bad_request"},
                {"/api/v1/indicators/jeugdigen?granularity=maand&from=2024-1", 400, "bad_request"},
                {"/api/v1/indicators/jeugdigen?granularity=kwartaal&from=2024-Q5", 400, "bad_request"},
                {"/api/v1/indicators/jeugdigen?granularity=jaar&from=24", 400, "bad_request"},
                {"/api/v1/indicators/jeugdigen?granularity=maand&from=2025-05&to=2024-01", 400, "bad_request"},
                {"/api/v1/indicators/jeugdigen?granularity=maand&from=2010-01&to=2025-01", 400, "bad_request"},
                {"/api/v1/indicators/jeugdigen?gemeente=9999", 400, "bad_request"},
                {"/api/v1/indicators/jeugdigen?gemeente=enschede", 400, "bad_request"},
                {"/api/v1/indicators/jeugdigen?zorgvorm=tandarts", 400, "bad_request"},
                {"/api/v1/indicators/jeugdigen?groep=verblijf&zorgvorm=wonen", 400, "bad_request"},
                {"/api/v1/indicators/jeugdigen?groep=nergens", 400, "bad_request"},
                {"/api/v1/indicators/jeugdigen?herkomst=verblijf", 400, "bad_request"},
                {"/api/v1/indicators/recidive?herkomst=buitenland", 400, "bad_request"},
                {"/api/v1/indicators/verwijzers_aandeel?verwijzer=99", 400, "bad_request"},
                {"/api/v1/indicators/budget_prognose?granularity=maand", 400, "bad_request"},
                {"/api/v1/indicators/doorplaatsing_vrij?zorgvorm=verblijf", 400, "bad_request"},
                {"/api/v1/indicators/jeugdigen?granularity=r12&from=2025-01", 400, "bad_request"},
                {"/api/v1/indicators/jeugdigen?onbekend=1", 400, "bad_request"},
                {"/api/v1/wachtlijst?zorgvorm=tandarts", 400, "bad_request"},
                {"/api/v1/clients/niet-hex/trajecten", 400, "bad_request"},
                {"/api/v1/bestaatniet", 404, "not_found"},
        };
        for (Object[] t : tabel) {
            HttpResponse<String> r = get(a, (String) t[0], ALLES);
            assertEquals(t[1], r.statusCode(), t[0] + " → " + r.body());
            JsonNode j = json(r);
            assertEquals(t[2], j.get("error").asText(), (String) t[0]);
            assertFalse(j.get("message").asText().isBlank());
            assertFalse(r.body().contains("Exception") || r.body().contains("nl.jeugdmonitor"), "no stack trace or class: " + r.body());
        }
        assertTrue(tabel.length >= 15);
    }

    @Test
    @Order(5)
    void whenOneInstanceStopsTheOtherAnswersTheSameAfterTheRebalance() throws Exception {
        assertFalse(voorStop.isEmpty());
        b.close();
        b = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        for (Map.Entry<String, String> v : voorStop.entrySet()) {
            HttpResponse<String> r = get(a, v.getKey(), ALLES, deadline);
            assertEquals(200, r.statusCode(), v.getKey() + " → " + r.body());
            assertEquals(v.getValue(), r.body(), v.getKey());
        }
        assertNull(b);
    }

    @Test
    @Order(2)
    void theOpenApiDocumentHasEveryRouteEveryMeasureAndEveryParameter() throws Exception {
        JsonNode doc = json(get(a, "/api/v1/openapi.json", null));
        List<String> ontbreekt = new ArrayList<>();
        for (String route : a.routes()) {
            String[] mp = route.split(" ", 2);
            if (!mp[1].startsWith("/api/v1/") || mp[1].startsWith("/api/v1/intern/") || mp[0].equals("BEFORE") || mp[0].equals("AFTER")) {
                continue; // /health, /ready, /metrics are described in the README; intern/ are the instances' own
            }
            String pad = mp[1].substring("/api/v1".length()).replaceAll("\\{(\\w+)}", "{$1}");
            if (doc.path("paths").path(pad).path(mp[0].toLowerCase()).isMissingNode()) {
                ontbreekt.add(route);
            }
        }
        assertEquals(List.of(), ontbreekt, "routes missing from the OpenAPI document");
        JsonNode params = doc.path("paths").path("/indicators/{measure}").path("get").path("parameters");
        java.util.Set<String> namen = new java.util.TreeSet<>();
        List<String> ids = new ArrayList<>();
        for (JsonNode p : params) {
            namen.add(p.path("name").asText());
            if (p.path("name").asText().equals("measure")) {
                p.path("schema").path("enum").forEach(e -> ids.add(e.asText()));
            }
        }
        assertEquals(Metingen.MATEN.stream().map(Metingen.Maat::id).toList(), ids, "the measures of the registry");
        for (Metingen.Maat m : Metingen.MATEN) {
            assertTrue(namen.containsAll(m.parameters()), m.id() + " has parameters " + m.parameters() + " the document lacks: " + namen);
        }
        assertEquals(Metingen.MATEN.size(), doc.path("x-measures").size());
    }
}
