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
    static final String BEHEERDER_ENSCHEDE = "beheerder-enschede-token";
    /** A provider's contract manager: a kijker limited to one aanbieder (the largest begeleiding provider of the simulator). */
    static final String AANBIEDER = "aanbieder-token";
    static final String EIGEN_AGB = "41000000";
    static final String ANDERE_AGB = "41000001";
    static final byte[] SLEUTEL = "api-sleutel-van-minstens-16-bytes".getBytes(StandardCharsets.UTF_8);

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
                "- {sha256: " + sha(BEHEERDER) + ", role: beheerder, gemeenten: ['*']}",
                "- {sha256: " + sha(BEHEERDER_ENSCHEDE) + ", role: beheerder, gemeenten: ['0153']}",
                "- {sha256: " + sha(AANBIEDER) + ", role: kijker, gemeenten: ['*'], aanbieders: ['" + EIGEN_AGB + "']}", ""));
        Toegang toegang = Toegang.lees(tokens);
        byte[] key = SLEUTEL;
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
            if (d.parameters().contains(Metingen.AANBIEDER_PARAMETER)) { // one aanbieder, alone and within a gemeente
                out.add("/api/v1/indicators/" + d.id() + "?granularity=" + g + "&aanbieder=" + EIGEN_AGB);
                out.add("/api/v1/indicators/" + d.id() + "?granularity=" + g + "&gemeente=0153&aanbieder=" + EIGEN_AGB);
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
        // and the aggregates are on the instances that own them: an instance may hold only warm-up copies until the
        // probing rebalance (see JoiningInstanceEndToEndTest), and then answers every request by forwarding it
        long[] lokaal = new long[2];
        List<Jeugdmonitor> beide = List.of(a, b);
        for (int i = 0; i < 2; i++) {
            try {
                lokaal[i] = beide.get(i).indicatorBron().alleAggregaten().size();
            } catch (org.apache.kafka.streams.errors.InvalidStateStoreException e) {
                lokaal[i] = 0; // no active copy here
            }
        }
        assertTrue(lokaal[0] + lokaal[1] > 0, "the instances own the aggregates: " + lokaal[0] + " / " + lokaal[1]);

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
            } else if (!kijker.get(i).get("onderdrukt").asBoolean()) { // else withheld to protect a small cell elsewhere
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
        String[] clients = clients();
        String enschede = clients[0];
        String elders = clients[1];
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

    @Test
    @Order(2)
    void anAanbiederIsAScopeOfTheProcessMeasuresOnlyAndAKijkerSeesItForTheRegionOnly() throws Exception {
        String pad = "/api/v1/indicators/startbericht_tijdig?granularity=jaar&from=2025&to=2025&aanbieder=" + EIGEN_AGB;
        JsonNode analist = json(get(a, pad, ALLES));
        assertEquals("regio@" + EIGEN_AGB, analist.get("scope").asText());
        assertEquals(EIGEN_AGB, analist.get("aanbieder").asText());
        JsonNode waarde = analist.get("values").get(0);
        assertTrue(waarde.get("n").asLong() > 0, "the largest provider's starts of 2025 are judged: " + analist);
        // the same from the other instance (the series live on either's partitions), and a kijker's view follows n
        assertEquals(get(a, pad, ALLES).body(), get(b, pad, ALLES).body());
        JsonNode kijker = json(get(a, pad, KIJKER_ALLES)).get("values").get(0);
        assertEquals(waarde.get("n").asLong() < 10, kijker.get("onderdrukt").asBoolean(), kijker.toString());
        // one aanbieder within one gemeente: an analist sees it, a kijker never does, whatever its count
        String binnen = "/api/v1/indicators/startbericht_tijdig?granularity=jaar&from=2025&to=2025&gemeente=0153&aanbieder=" + EIGEN_AGB;
        assertEquals("0153@" + EIGEN_AGB, json(get(a, binnen, ALLES)).get("scope").asText());
        JsonNode kijkerBinnen = json(get(a, binnen, KIJKER_ALLES)).get("values").get(0);
        assertTrue(kijkerBinnen.get("onderdrukt").asBoolean() && kijkerBinnen.get("value").isNull(), kijkerBinnen.toString());
        // the other measures have no aanbieder scope; an AGB code has 8 digits
        assertEquals(400, get(a, "/api/v1/indicators/jeugdigen?aanbieder=" + EIGEN_AGB, ALLES).statusCode());
        assertEquals(400, get(a, "/api/v1/indicators/startbericht_tijdig?aanbieder=4100", ALLES).statusCode());
        assertEquals(400, get(a, "/api/v1/indicators/startbericht_tijdig?zorgvorm=crisis", ALLES).statusCode());
    }

    @Test
    @Order(2)
    void aTokenLimitedToAnAanbiederSeesThatAanbiedersProcessMeasuresStreefwaardenAndAlertsOnly() throws Exception {
        String eigen = "/api/v1/indicators/stopbericht_tijdig?granularity=r12&aanbieder=";
        assertEquals(200, get(a, eigen + EIGEN_AGB, AANBIEDER).statusCode());
        assertEquals(200, get(a, eigen.replace("granularity=r12", "granularity=maand") + EIGEN_AGB + "&gemeente=0153", AANBIEDER).statusCode());
        for (String ander : List.of(eigen + ANDERE_AGB, "/api/v1/indicators/stopbericht_tijdig", "/api/v1/indicators/jeugdigen",
                "/api/v1/wachtlijst", "/api/v1/streefwaarden?gemeente=0153", "/api/v1/streefwaarden?aanbieder=" + ANDERE_AGB)) {
            assertEquals(403, get(a, ander, AANBIEDER).statusCode(), ander);
        }
        // the streefwaarden and alerts it lists are its own aanbieder's, and there are some
        JsonNode standen = json(get(a, "/api/v1/streefwaarden", AANBIEDER)).get("streefwaarden");
        assertTrue(standen.size() >= 2, "start and stop messages of " + EIGEN_AGB + ": " + standen);
        standen.forEach(st -> assertEquals("regio@" + EIGEN_AGB, st.get("scope").asText()));
        assertEquals(standen.size(), json(get(a, "/api/v1/streefwaarden?aanbieder=" + EIGEN_AGB, AANBIEDER)).get("streefwaarden").size());
        json(get(a, "/api/v1/alerts", AANBIEDER)).get("alerts").forEach(al -> assertEquals("regio@" + EIGEN_AGB, al.get("scope").asText()));
        // it subscribes to its own code, not to another's nor to a gemeente
        assertEquals(202, verzoekMet(AANBIEDER, "{\"email\":\"contract@aanbieder.nl\",\"aanbieders\":[\"" + EIGEN_AGB + "\"]}").statusCode());
        assertEquals(403, verzoekMet(AANBIEDER, "{\"email\":\"contract@aanbieder.nl\",\"aanbieders\":[\"" + ANDERE_AGB + "\"]}").statusCode());
        assertEquals(403, verzoekMet(AANBIEDER, "{\"email\":\"contract@aanbieder.nl\",\"gemeenten\":[\"0153\"]}").statusCode());
        assertEquals(400, verzoekMet(AANBIEDER, "{\"email\":\"contract@aanbieder.nl\"}").statusCode());
        assertEquals(400, verzoekMet(ALLES, "{\"email\":\"contract@aanbieder.nl\",\"aanbieders\":[\"12345678\"]}").statusCode(),
                "an aanbieder without streefwaarden");
    }

    private static HttpResponse<String> verzoekMet(String token, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + a.httpPort() + "/api/v1/subscriptions"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Who asks in the authorization matrix; the cluster asks on behalf of a kijker of Enschede. */
    enum Wie { GEEN, KIJKER, ANALIST, BEHEERDER, CLUSTER }

    /** One request as {@code wie} makes it: with its token, or signed as the cluster (and no token); a 503 is asked again. */
    static HttpResponse<String> verzoek(Jeugdmonitor m, String methode, String pad, String body, Wie wie) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + m.httpPort() + pad));
            byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
            b.method(methode, bytes == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
            switch (wie) {
                case GEEN -> { }
                case KIJKER -> b.header("Authorization", "Bearer " + KIJKER_ENSCHEDE);
                case ANALIST -> b.header("Authorization", "Bearer " + ANALIST_ENSCHEDE);
                case BEHEERDER -> b.header("Authorization", "Bearer " + BEHEERDER_ENSCHEDE);
                case CLUSTER -> Cluster.van(SLEUTEL, java.time.Clock.systemUTC()).koppen(methode, pad, bytes, // signed afresh each time
                        new Toegang.Gebruiker(Toegang.Rol.kijker, java.util.Set.of("0153"))).forEach(b::header);
            }
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 503 || System.nanoTime() > deadline) {
                return r;
            }
            Thread.sleep(500);
        }
    }

    /** An instance whose partitions hold part of the waiting list (an internal call reads that instance's own part). */
    static Jeugdmonitor metWachtlijst() {
        try {
            a.indicatorBron().wachtlijst();
            return a;
        } catch (org.apache.kafka.streams.errors.InvalidStateStoreException e) {
            return b;
        }
    }

    /** A route's request for Enschede (own: every token here is Enschede's) or for Hengelo (other), and the statuses per {@link Wie}. */
    record Regel(java.util.function.Function<Boolean, String[]> verzoek, int[] eigen, int[] ander) {
        Regel(java.util.function.Function<Boolean, String[]> verzoek, int... beide) {
            this(verzoek, beide, beide);
        }
    }

    private static int[] s(int... statussen) {
        return statussen;
    }

    @Test
    @Order(2)
    void theAuthorizationMatrixHoldsForEveryRouteRoleAndMunicipality() throws Exception {
        JsonNode antwoord = json(get(a, "/api/v1/indicators/starts?gemeente=0153", ALLES));
        String definitie = antwoord.get("definitie").asText();
        String peildatum = antwoord.get("peildatum").asText();
        String[] client = clients();
        int[] adres = {0};
        java.util.function.Function<Boolean, String> gemeente = eigen -> eigen ? "0153" : "0164";
        Map<String, Regel> matrix = new java.util.LinkedHashMap<>();
        matrix.put("GET /api/v1/openapi.json", new Regel(e -> new String[] {"GET", "/api/v1/openapi.json", null}, 200, 200, 200, 200, 200));
        matrix.put("GET /api/v1/indicators", new Regel(e -> new String[] {"GET", "/api/v1/indicators", null}, 401, 200, 200, 200, 200));
        matrix.put("GET /api/v1/indicators/{measure}", new Regel(e -> new String[] {"GET", "/api/v1/indicators/jeugdigen?zorgvorm=crisis"
                + "&granularity=maand&from=2025-01&to=2025-12&gemeente=" + gemeente.apply(e), null},
                s(401, 200, 200, 200, 200), s(401, 403, 403, 403, 403)));
        matrix.put("GET /api/v1/wachtlijst", new Regel(e -> new String[] {"GET", "/api/v1/wachtlijst?gemeente=" + gemeente.apply(e), null},
                s(401, 200, 200, 200, 200), s(401, 403, 403, 403, 403)));
        matrix.put("GET /api/v1/clients/{pseudonym}/trajecten", new Regel(e -> new String[] {"GET", "/api/v1/clients/"
                + (e ? client[0] : client[1]) + "/trajecten", null}, s(401, 403, 200, 403, 403), s(401, 403, 404, 403, 403)));
        // internal routes answer the cluster only, and only what the original caller (a kijker of Enschede) may see
        matrix.put("POST /api/v1/intern/series", new Regel(e -> new String[] {"POST", "/api/v1/intern/series?definitie=" + definitie,
                "[\"starts|alle|" + gemeente.apply(e) + "\"]"}, s(403, 403, 403, 403, 200), s(403, 403, 403, 403, 403)));
        matrix.put("GET /api/v1/intern/wachtlijst", new Regel(e -> new String[] {"GET", "/api/v1/intern/wachtlijst?definitie=" + definitie
                + "&peildatum=" + peildatum + "&scope=" + gemeente.apply(e), null}, s(403, 403, 403, 403, 200), s(403, 403, 403, 403, 403)));
        matrix.put("GET /api/v1/streefwaarden", new Regel(e -> new String[] {"GET", "/api/v1/streefwaarden?gemeente=" + gemeente.apply(e), null},
                s(401, 200, 200, 200, 200), s(401, 403, 403, 403, 403)));
        matrix.put("GET /api/v1/alerts", new Regel(e -> new String[] {"GET", "/api/v1/alerts?gemeente=" + gemeente.apply(e), null},
                s(401, 200, 200, 200, 200), s(401, 403, 403, 403, 403)));
        matrix.put("POST /api/v1/subscriptions", new Regel(e -> new String[] {"POST", "/api/v1/subscriptions",
                "{\"email\":\"matrix" + (adres[0]++) + "@gemeente.nl\",\"gemeenten\":[\"" + gemeente.apply(e) + "\"]}"},
                s(401, 202, 202, 202, 202), s(401, 403, 403, 403, 403)));
        for (String soort : List.of("confirm", "unsubscribe")) {
            for (String methode : List.of("GET", "POST")) { // a link that is not one of ours: 404 for anyone, no token needed
                matrix.put(methode + " /api/v1/subscriptions/" + soort + "/{token}", new Regel(e -> new String[] {methode,
                        "/api/v1/subscriptions/" + soort + "/abc.def", null}, 404, 404, 404, 404, 404));
            }
        }
        matrix.put("GET /api/v1/subscriptions", new Regel(e -> new String[] {"GET", "/api/v1/subscriptions", null}, 401, 403, 403, 200, 403));
        matrix.put("DELETE /api/v1/subscriptions/{id}", new Regel(e -> new String[] {"DELETE", "/api/v1/subscriptions/onbekend", null},
                401, 403, 403, 404, 403));
        matrix.put("GET /", new Regel(e -> new String[] {"GET", "/", null}, 200, 200, 200, 200, 200));
        matrix.put("POST /inloggen", new Regel(e -> new String[] {"POST", "/inloggen", null}, 401, 401, 401, 401, 401));
        matrix.put("POST /uitloggen", new Regel(e -> new String[] {"POST", "/uitloggen", null}, 303, 303, 303, 303, 303));
        matrix.put("GET /api-docs", new Regel(e -> new String[] {"GET", "/api-docs", null}, 200, 200, 200, 200, 200));
        matrix.put("GET /health", new Regel(e -> new String[] {"GET", "/health", null}, 200, 200, 200, 200, 200));
        matrix.put("GET /ready", new Regel(e -> new String[] {"GET", "/ready", null}, 200, 200, 200, 200, 200));
        matrix.put("GET /metrics", new Regel(e -> new String[] {"GET", "/metrics", null}, 200, 200, 200, 200, 200));

        java.util.Set<String> routes = new java.util.TreeSet<>();
        a.routes().stream().filter(r -> !r.startsWith("BEFORE") && !r.startsWith("AFTER")).forEach(routes::add);
        assertEquals(routes, new java.util.TreeSet<>(matrix.keySet()), "every route has its row in the matrix, and no row is left over");

        List<String> fouten = new ArrayList<>();
        for (Map.Entry<String, Regel> rij : matrix.entrySet()) {
            for (boolean eigen : List.of(true, false)) {
                int[] verwacht = eigen ? rij.getValue().eigen() : rij.getValue().ander();
                for (Wie wie : Wie.values()) {
                    String[] v = rij.getValue().verzoek().apply(eigen);
                    HttpResponse<String> r = verzoek(rij.getKey().contains("/intern/wachtlijst") ? metWachtlijst() : a, v[0], v[1], v[2], wie);
                    if (r.statusCode() != verwacht[wie.ordinal()]) {
                        fouten.add(rij.getKey() + " " + (eigen ? "own" : "other") + " as " + wie + ": " + r.statusCode() + " not "
                                + verwacht[wie.ordinal()] + " " + r.body().substring(0, Math.min(120, r.body().length())));
                    }
                    if (rij.getKey().equals("GET /api/v1/indicators/{measure}") && eigen && r.statusCode() == 200) {
                        // crisis in Enschede has months below 10: withheld for all but the analist
                        assertEquals(wie != Wie.ANALIST, r.body().contains("\"onderdrukt\":true"), wie + ": " + r.body());
                    }
                }
            }
        }
        assertEquals(List.of(), fouten);

        // a forged or foreign signature is refused, and a user's token never opens an internal route
        HttpRequest.Builder vals = HttpRequest.newBuilder(URI.create("http://localhost:" + metWachtlijst().httpPort() + "/api/v1/intern/wachtlijst?definitie="
                + definitie + "&peildatum=" + peildatum + "&scope=0153"));
        Cluster.van(new byte[32], java.time.Clock.systemUTC()).koppen("GET", "/api/v1/intern/wachtlijst?definitie=" + definitie
                + "&peildatum=" + peildatum + "&scope=0153", null, new Toegang.Gebruiker(Toegang.Rol.analist, java.util.Set.of("*")))
                .forEach(vals::header);
        assertEquals(403, HTTP.send(vals.build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(403, get(metWachtlijst(), "/api/v1/intern/wachtlijst?definitie=" + definitie + "&peildatum=" + peildatum + "&scope=0153", ALLES).statusCode());
    }

    @Test
    @Order(2)
    void anInternalCallAnswersOnlyWholeSeriesOfScopesTheCallerMaySee() throws Exception {
        String definitie = json(get(a, "/api/v1/indicators/starts", ALLES)).get("definitie").asText();
        Cluster cluster = Cluster.van(SLEUTEL, java.time.Clock.systemUTC());
        Toegang.Gebruiker analist = new Toegang.Gebruiker(Toegang.Rol.analist, java.util.Set.of("0153"));
        java.util.function.BiFunction<String, Toegang.Gebruiker, Integer> vraag = (body, wie) -> {
            try {
                String pad = "/api/v1/intern/series?definitie=" + definitie;
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + a.httpPort() + pad))
                        .POST(HttpRequest.BodyPublishers.ofString(body));
                cluster.koppen("POST", pad, body.getBytes(StandardCharsets.UTF_8), wie).forEach(b::header);
                return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        assertEquals(200, vraag.apply("[\"starts|alle|0153\", \"starts|alle|regio\"]", analist));
        assertEquals(403, vraag.apply("[\"starts|alle|0164\"]", analist), "an analist of Enschede does not read Hengelo raw");
        assertEquals(400, vraag.apply("[\"starts\"]", analist), "a prefix that would scan a whole basis");
        assertEquals(400, vraag.apply("[\"starts|alle|0153|maand\"]", analist));
        List<String> teVeel = new ArrayList<>();
        for (int i = 0; i <= QueryApi.MAX_SERIES; i++) {
            teVeel.add("starts|alle|0153");
        }
        assertEquals(400, vraag.apply(JsonSerde.MAPPER.writeValueAsString(teVeel), analist), "bounded in number");
    }

    @Test
    @Order(2)
    void aKijkersAnswersFollowTheSuppressionPatternOfTheWholeTable() throws Exception {
        // the table of starts in 2025 as an analist of all municipalities sees it, and the pattern computed from it
        nl.jeugdmonitor.config.Productcatalogus catalogus = nl.jeugdmonitor.indicator.IndicatorTopology.catalogus(config);
        List<String> gemeenten = Gemeenten.vanRegio("Twente").stream().map(Gemeenten.Gemeente::code).sorted().toList();
        List<nl.jeugdmonitor.indicator.Onderdrukking.Hierarchie> dims = List.of(nl.jeugdmonitor.indicator.Onderdrukking.selecties(catalogus),
                nl.jeugdmonitor.indicator.Onderdrukking.scopes(gemeenten), nl.jeugdmonitor.indicator.Onderdrukking.perioden(2025, false));
        Map<List<String>, Long> n = new java.util.HashMap<>();
        Map<List<String>, JsonNode> kijker = new java.util.HashMap<>();
        Map<List<String>, JsonNode> analist = new java.util.HashMap<>();
        String[][] granulariteiten = {{"maand", "2025-01", "2025-12"}, {"kwartaal", "2025-Q1", "2025-Q4"}, {"jaar", "2025", "2025"}};
        for (String sel : dims.get(0).ouder().keySet()) {
            for (String scope : dims.get(1).ouder().keySet()) {
                for (String[] g : granulariteiten) {
                    String v = "/api/v1/indicators/starts?granularity=" + g[0] + "&from=" + g[1] + "&to=" + g[2]
                            + (sel.equals("alle") ? "" : "&" + sel) + (scope.equals("regio") ? "" : "&gemeente=" + scope);
                    JsonNode k = json(get(a, v, KIJKER_ALLES)).get("values");
                    JsonNode an = json(get(b, v, ALLES)).get("values");
                    for (int i = 0; i < an.size(); i++) {
                        List<String> cel = List.of(sel, scope, g[0] + "|" + an.get(i).get("period").asText());
                        n.put(cel, an.get(i).get("n").asLong());
                        kijker.put(cel, k.get(i));
                        analist.put(cel, an.get(i));
                    }
                }
            }
        }
        java.util.Set<List<String>> patroon = nl.jeugdmonitor.indicator.Onderdrukking.patroon(dims, n);
        int secundair = 0;
        for (Map.Entry<List<String>, JsonNode> e : kijker.entrySet()) {
            boolean onderdrukt = e.getValue().get("onderdrukt").asBoolean();
            assertEquals(patroon.contains(e.getKey()), onderdrukt, e.getKey() + " n=" + n.get(e.getKey()));
            if (onderdrukt) {
                assertTrue(e.getValue().get("value").isNull() && e.getValue().get("n").isNull(), e.getKey().toString());
                secundair += n.get(e.getKey()) >= 10 ? 1 : 0;
            } else {
                assertEquals(analist.get(e.getKey()).get("value"), e.getValue().get("value"), e.getKey().toString());
            }
        }
        assertTrue(secundair > 0, "some cells of 10 or more are withheld to protect a small one");
        assertFalse(patroon.contains(List.of("alle", "regio", "jaar|2025")), "the region's year total is published");
    }

    @Test
    @Order(2)
    void aBeheerderManagesOnlySubscriptionsWithinItsMunicipalitiesAndATokenSubscribesAtMost20PerHour() throws Exception {
        // a subscription made by an analist of every municipality: the beheerder of all sees it, Enschede's does not
        HttpResponse<String> r = verzoekMetToken("POST", "/api/v1/subscriptions", "{\"email\":\"regio@gemeente.nl\",\"gemeenten\":[\"regio\"]}", ALLES);
        assertEquals(202, r.statusCode(), r.body());
        String id = json(r).get("id").asText();
        KafkaTestSupport.wachtOp("the subscription in the beheerder's list", Duration.ofSeconds(30),
                () -> {
                    try {
                        return verzoekMetToken("GET", "/api/v1/subscriptions", null, BEHEERDER).body().contains(id);
                    } catch (Exception e) {
                        return false;
                    }
                });
        assertFalse(verzoekMetToken("GET", "/api/v1/subscriptions", null, BEHEERDER_ENSCHEDE).body().contains(id),
                "a beheerder of Enschede does not list a subscription made for all municipalities");
        assertFalse(verzoekMetToken("GET", "/api/v1/subscriptions", null, BEHEERDER_ENSCHEDE).body().contains("regio@gemeente.nl"));
        assertEquals(404, verzoekMetToken("DELETE", "/api/v1/subscriptions/" + id, null, BEHEERDER_ENSCHEDE).statusCode(),
                "nor deletes it: it answers as for an unknown id");
        assertEquals(204, verzoekMetToken("DELETE", "/api/v1/subscriptions/" + id, null, BEHEERDER).statusCode());

        // per token as well as per address (3 per address): 20 addresses, then the token is refused
        for (int i = 0; i < 20; i++) {
            assertEquals(202, verzoekMetToken("POST", "/api/v1/subscriptions", "{\"email\":\"veel" + i
                    + "@gemeente.nl\",\"gemeenten\":[\"0153\"]}", KIJKER_ALLES).statusCode(), "subscription " + i);
        }
        HttpResponse<String> teVeel = verzoekMetToken("POST", "/api/v1/subscriptions", "{\"email\":\"nog-een@gemeente.nl\",\"gemeenten\":[\"0153\"]}",
                KIJKER_ALLES);
        assertEquals(429, teVeel.statusCode(), teVeel.body());
        assertTrue(teVeel.body().contains("token"), teVeel.body());
    }

    private static HttpResponse<String> verzoekMetToken(String methode, String pad, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + a.httpPort() + pad)).header("Authorization", "Bearer " + token);
        b.method(methode, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(2)
    void amountsAndVolumesRestOnTheYouthsWithDeclarations() throws Exception {
        String cel = "granularity=jaar&from=2025&to=2025&groep=verblijf&gemeente=0153";
        long jeugdigen = json(get(a, "/api/v1/indicators/jeugdigen_gedeclareerd?" + cel, ALLES)).get("values").get(0).get("value").asLong();
        for (String maat : List.of("kosten", "etmalen", "aanbieders_aantal")) {
            JsonNode v = json(get(a, "/api/v1/indicators/" + maat + "?" + cel, ALLES)).get("values").get(0);
            assertEquals(jeugdigen, v.get("n").asLong(), maat + " rests on the youths with declarations");
        }
        // a municipality's month of a small zorgvorm: the youths behind the amount are few, so a kijker sees no amount
        String klein = "granularity=maand&from=2025-01&to=2025-12&zorgvorm=crisis&gemeente=0153";
        JsonNode analist = json(get(a, "/api/v1/indicators/kosten?" + klein, ALLES)).get("values");
        JsonNode kijker = json(get(a, "/api/v1/indicators/kosten?" + klein, KIJKER_ALLES)).get("values");
        int klaar = 0;
        for (int i = 0; i < analist.size(); i++) {
            if (analist.get(i).get("n").asLong() < 10 && analist.get(i).get("value").asDouble() > 0) {
                assertTrue(kijker.get(i).get("onderdrukt").asBoolean() && kijker.get(i).get("value").isNull(), kijker.get(i).toString());
                klaar++;
            }
        }
        assertTrue(klaar > 0, "crisis in Enschede has months with costs from fewer than 10 youths: " + analist);
    }

    /** A client in care in Enschede and one in care in Almelo only (by their first Start). */
    static String[] clients() {
        String enschede = null;
        String elders = null;
        for (ConsumerRecord<byte[], byte[]> r : KafkaTestSupport.leesAlles(kafka.bootstrapServers(), config.topics().canoniek(), false)) {
            try {
                JsonNode e = JsonSerde.MAPPER.readTree(r.value());
                if (e.get("type").asText().equals("Start")) {
                    if (e.get("gemeente").asText().equals("0153") && enschede == null) {
                        enschede = e.get("client").asText();
                    } else if (e.get("gemeente").asText().equals("0141") && elders == null) {
                        elders = e.get("client").asText();
                    }
                }
            } catch (java.io.IOException ex) {
                throw new IllegalStateException(ex);
            }
        }
        assertNotNull(enschede);
        assertNotNull(elders);
        return new String[] {enschede, elders};
    }
}
