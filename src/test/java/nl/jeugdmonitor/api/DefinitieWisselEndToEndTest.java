package nl.jeugdmonitor.api;

import static nl.jeugdmonitor.KafkaTestSupport.leesAlles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import nl.jeugdmonitor.Jeugdmonitor;
import nl.jeugdmonitor.KafkaTestSupport;
import nl.jeugdmonitor.TestConfig;
import nl.jeugdmonitor.config.AppConfig;
import nl.jeugdmonitor.indicator.Bijdrage;
import nl.jeugdmonitor.indicator.Definitie;
import nl.jeugdmonitor.indicator.Generaties;
import nl.jeugdmonitor.kafka.EmbeddedKafka;
import nl.jeugdmonitor.kafka.JsonSerde;
import nl.jeugdmonitor.simulator.Kalibratie;
import nl.jeugdmonitor.simulator.Simulator;
import nl.jeugdmonitor.streefwaarde.Alert;
import nl.jeugdmonitor.streefwaarde.Stand;
import nl.jeugdmonitor.streefwaarde.Status;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §6.4 on the real broker: half a year under the shipped definition, a restart with a changed catalogue (one
 * product code to another zorgvorm) and a changed rule (recidive gap), the other half. The new definition is rebuilt
 * beside the serving one, which answers, labelled, until the switch; then every aggregate equals a from-scratch run
 * under the new definition, and the switch alerts exactly the pairs whose status really changed.
 */
class DefinitieWisselEndToEndTest {

    static final String TOKEN = "analist-wissel-token";
    static final byte[] KEY = "wissel-sleutel-van-minstens-16-bytes".getBytes(StandardCharsets.UTF_8);
    static final String VRAAG = "/api/v1/indicators/starts?zorgvorm=behandeling&granularity=maand&from=2025-01&to=2025-12";
    static EmbeddedKafka kafka;
    static List<byte[]> berichten = new ArrayList<>();
    static Toegang toegang;
    static Path catalogus;
    static SortedMap<String, Bijdrage> vanafNul;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        new Simulator(Kalibratie.twente(), new Simulator.Instellingen(8, 2025, 2025, 0.02, 0))
                .genereer(b -> berichten.add(b.xml().getBytes(StandardCharsets.UTF_8)));
        Path tokens = tmp.resolve("tokens.yaml");
        Files.writeString(tokens, "- {sha256: " + HexFormat.of().formatHex(Toegang.sha256(TOKEN)) + ", role: analist, gemeenten: ['*']}\n");
        toegang = Toegang.lees(tokens);
        // the shipped catalogue, but begeleiding product 45G01 counted as behandeling
        catalogus = tmp.resolve("catalogus.yaml");
        try (var in = DefinitieWisselEndToEndTest.class.getResourceAsStream("/productcatalogus.yaml")) {
            Files.writeString(catalogus, new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("codes: {}", "codes: {\"45G01\": behandeling}"));
        }
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    /** {@code c} with the changed catalogue and a recidive gap of 150 days instead of 183. */
    static AppConfig gewijzigd(AppConfig c, String overschakelen) {
        AppConfig.Indicatoren i = c.indicatoren();
        return new AppConfig(c.applicationId(), c.topics(), c.ingest(), new AppConfig.Indicatoren(catalogus.toString(), 150,
                i.doorplaatsingDagen(), i.uitstroomDagen(), overschakelen, i.overschakelMarge(), i.streamThreads()), c.streefwaarden(), c.mail(), c.kafka());
    }

    static Jeugdmonitor monitor(AppConfig c, Path state) {
        return new Jeugdmonitor(new Jeugdmonitor.Instelling(c, kafka.bootstrapServers(), 0, state, KEY).met(toegang, "localhost")).start();
    }

    static void stuur(AppConfig c, List<byte[]> xml) {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            xml.forEach(b -> p.send(new ProducerRecord<>(c.topics().ijw(), null, b)));
        }
    }

    /** Every aggregate of a monitor that read all messages under the changed definition from the start. */
    static synchronized SortedMap<String, Bijdrage> vanafNul() throws Exception {
        if (vanafNul == null) {
            AppConfig c = gewijzigd(TestConfig.geisoleerd("wissel-vers"), "automatisch");
            try (Jeugdmonitor m = monitor(c, tmp.resolve("vers"))) {
                stuur(c, berichten);
                TestConfig.wachtTotBijgewerkt(kafka.bootstrapServers(), c, Duration.ofMinutes(5));
                vanafNul = m.indicatorBron().alleAggregaten();
            }
        }
        return vanafNul;
    }

    static String definitie(HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        return JsonSerde.MAPPER.readTree(r.body()).get("definitie").asText();
    }

    /** The published stands, folded from jeugdhulp.streefwaarden: streefwaarde|scope → stand. */
    static Map<String, Stand> standen(AppConfig c) {
        Map<String, Stand> uit = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : leesAlles(kafka.bootstrapServers(), c.topics().streefwaarden(), false)) {
            Stand s = JsonSerde.of(Stand.class).deserializer().deserialize("t", r.value());
            uit.put(s.streefwaarde() + "|" + s.scope(), s);
        }
        return uit;
    }

    static List<Alert> alerts(AppConfig c) {
        List<Alert> uit = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : leesAlles(kafka.bootstrapServers(), c.topics().alerts(), false)) {
            uit.add(JsonSerde.of(Alert.class).deserializer().deserialize("t", r.value()));
        }
        return uit;
    }

    @Test
    void aChangedDefinitionIsRebuiltBesideTheServingOneAndReplacesItWithoutMixingOrNeedlessAlerts() throws Exception {
        AppConfig oud = TestConfig.geisoleerd("wissel");
        AppConfig nieuw = gewijzigd(oud, "handmatig");
        String oudId = Definitie.van(oud).id();
        String nieuwId = Definitie.van(nieuw).id();
        assertNotEquals(oudId, nieuwId, "another catalogue and rule: another definition");
        Path state = tmp.resolve("wissel");
        int helft = berichten.size() / 2;
        String voor;
        try (Jeugdmonitor m = monitor(oud, state)) {
            stuur(oud, berichten.subList(0, helft));
            TestConfig.wachtTotBijgewerkt(kafka.bootstrapServers(), oud, Duration.ofMinutes(5));
            HttpResponse<String> r = QueryApiEndToEndTest.get(m, VRAAG, TOKEN);
            assertEquals(oudId, definitie(r));
            voor = r.body();
        }
        try (Jeugdmonitor m = monitor(nieuw, state);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            assertEquals(oudId, m.generaties().actief().id(), "the old definition keeps serving");
            assertEquals(nieuwId, m.generaties().herbouw().id(), "the configured one is rebuilt beside it");
            // the old generation answers, labelled, with what it had: nothing new has arrived
            assertEquals(voor, QueryApiEndToEndTest.get(m, VRAAG, TOKEN).body());
            KafkaTestSupport.wachtOp("ready", Duration.ofSeconds(60), m::isReady);
            HttpResponse<String> ready = QueryApiEndToEndTest.get(m, "/ready", null);
            assertEquals(oudId, JsonSerde.MAPPER.readTree(ready.body()).get("definitie").asText(), ready.body());
            assertEquals(nieuwId, JsonSerde.MAPPER.readTree(ready.body()).path("herbouw").path("definitie").asText(), ready.body());

            stuur(nieuw, berichten.subList(helft, berichten.size()));
            TestConfig.wachtTotBijgewerkt(kafka.bootstrapServers(), nieuw, Duration.ofMinutes(5)); // the rebuild
            TestConfig.wachtTotBijgewerkt(kafka.bootstrapServers(), oud, Duration.ofMinutes(5));   // the serving one
            TestConfig.wachtTotStreefwaardenBij(kafka.bootstrapServers(), nieuw, Duration.ofMinutes(3));
            assertEquals(oudId, definitie(QueryApiEndToEndTest.get(m, VRAAG, TOKEN)), "handmatig: no switch before the operator's");
            KafkaTestSupport.wachtOp("rebuild progress complete", Duration.ofSeconds(30), () -> {
                Generaties.Voortgang v = m.generaties().voortgang();
                return v != null && v.gedaan() == v.totaal() && v.totaal() > 0;
            });
            Map<String, Stand> standVoor = standen(nieuw);
            java.util.Set<String> alertsVoor = new java.util.HashSet<>(alerts(nieuw).stream().map(Alert::id).toList());

            long geschakeld = System.currentTimeMillis();
            Generaties.activeer(kafka.bootstrapServers(), nieuw.topics().definities(), nieuwId); // status --activeer
            KafkaTestSupport.wachtOp("the switch", Duration.ofSeconds(60),
                    () -> m.generaties().actief().id().equals(nieuwId) && m.generaties().herbouw() == null);
            TestConfig.wachtTotStreefwaardenBij(kafka.bootstrapServers(), nieuw, Duration.ofMinutes(3));

            assertEquals(nieuwId, definitie(QueryApiEndToEndTest.get(m, VRAAG, TOKEN)));
            SortedMap<String, Bijdrage> gevonden = m.indicatorBron().alleAggregaten();
            assertEquals(List.of(), vanafNul().entrySet().stream().filter(e -> !e.getValue().equals(gevonden.get(e.getKey())))
                    .map(e -> e.getKey() + ": " + e.getValue() + " vs " + gevonden.get(e.getKey())).limit(10).toList());
            assertEquals(vanafNul(), gevonden, "after the switch: exactly a from-scratch run under the new definition");

            // the switch alerts a pair only where the new definition's status differs from what subscribers last heard
            Map<String, Stand> standNa = standen(nieuw);
            // the alerts since the switch (read from all partitions: not in time order, so by id)
            List<Alert> na = alerts(nieuw).stream().filter(a -> !alertsVoor.contains(a.id())).toList();
            Map<String, List<Status>> verwacht = new TreeMap<>();
            standNa.forEach((paar, s) -> {
                Status eerder = standVoor.containsKey(paar) ? standVoor.get(paar).status() : Status.ONBEKEND;
                if (eerder != s.status()) {
                    verwacht.put(paar, List.of(eerder, s.status()));
                }
            });
            Map<String, List<Status>> gekregen = new TreeMap<>();
            for (Alert a : na) {
                String paar = a.streefwaarde() + "|" + a.scope();
                assertNull(gekregen.put(paar, List.of(a.vorige(), a.nieuw())), "one alert per pair: " + a + "; switched at "
                        + geschakeld + "; all alerts of the pair: " + alerts(nieuw).stream().filter(x -> (x.streefwaarde() + "|" + x.scope()).equals(paar)).toList());
            }
            assertEquals(verwacht, gekregen);
            assertTrue(standVoor.size() > 100 && verwacht.size() < standVoor.size(),
                    "many pairs, most unchanged: " + verwacht.size() + " of " + standVoor.size());

            // the old generation is gone: internal topics, consumer group, keys on the shared topic
            String oudGroep = oud.applicationId() + "-indicatoren-" + oudId;
            KafkaTestSupport.wachtOp("the old generation's internal topics removed", Duration.ofSeconds(60), () -> {
                try {
                    return admin.listTopics().names().get().stream().noneMatch(t -> t.startsWith(oudGroep + "-"));
                } catch (Exception e) {
                    return false;
                }
            });
            TreeMap<String, Boolean> levend = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> r : leesAlles(kafka.bootstrapServers(), nieuw.topics().indicatoren(), false)) {
                String k = new String(r.key(), StandardCharsets.UTF_8);
                if (r.value() == null) {
                    levend.remove(k);
                } else {
                    levend.put(k, true);
                }
            }
            assertTrue(levend.keySet().stream().noneMatch(k -> k.startsWith(oudId + "|")), "no live key of the old definition");
            assertEquals(gevonden.size(), levend.size(), "the topic holds the new generation's aggregates, each once");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void twoInstancesBothSwitchAndNeverGoBack() throws Exception {
        AppConfig oud = TestConfig.geisoleerd("wissel-twee");
        AppConfig nieuw = gewijzigd(oud, "automatisch");
        String oudId = Definitie.van(oud).id();
        String nieuwId = Definitie.van(nieuw).id();
        int helft = berichten.size() / 2;
        try (Jeugdmonitor a = monitor(oud, tmp.resolve("twee-a")); Jeugdmonitor b = monitor(oud, tmp.resolve("twee-b"))) {
            stuur(oud, berichten.subList(0, helft));
            TestConfig.wachtTotBijgewerkt(kafka.bootstrapServers(), oud, Duration.ofMinutes(5));
        }
        try (Jeugdmonitor a = monitor(nieuw, tmp.resolve("twee-a")); Jeugdmonitor b = monitor(nieuw, tmp.resolve("twee-b"))) {
            stuur(nieuw, berichten.subList(helft, berichten.size()));
            // every answer through either instance names one definition; once an instance answers with the new one,
            // it never answers with the old one again
            Map<Jeugdmonitor, String> gezien = new java.util.HashMap<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (!(nieuwId.equals(gezien.get(a)) && nieuwId.equals(gezien.get(b)))) {
                assertTrue(System.nanoTime() < deadline, "both instances switch within 5 minutes: " + gezien);
                for (Jeugdmonitor m : List.of(a, b)) {
                    String id = definitie(QueryApiEndToEndTest.get(m, VRAAG, TOKEN));
                    assertTrue(id.equals(oudId) || id.equals(nieuwId), id);
                    assertTrue(!(nieuwId.equals(gezien.get(m)) && id.equals(oudId)), "an instance went back to the old definition");
                    gezien.put(m, id);
                }
                Thread.sleep(200);
            }
            TestConfig.wachtTotBijgewerkt(kafka.bootstrapServers(), nieuw, Duration.ofMinutes(5));
            KafkaTestSupport.wachtOp("both switched", Duration.ofSeconds(60), () -> a.generaties().herbouw() == null
                    && b.generaties().herbouw() == null && a.generaties().actief().id().equals(nieuwId) && b.generaties().actief().id().equals(nieuwId));
            // the two instances' aggregates together are the from-scratch run: each holds its own partitions (an instance
            // that holds only warm-up copies until the probing rebalance has no queryable store and adds nothing)
            SortedMap<String, Bijdrage> verwacht = vanafNul();
            Map<String, Bijdrage>[] samen = new Map[1];
            KafkaTestSupport.wachtOp("the instances together hold the from-scratch aggregates", Duration.ofMinutes(2), () -> {
                TreeMap<String, Bijdrage> som = new TreeMap<>();
                for (Jeugdmonitor m : List.of(a, b)) {
                    try {
                        m.indicatorBron().alleAggregaten().forEach((k, v) -> {
                            if (som.put(k, v) != null) {
                                throw new AssertionError("an aggregate on both instances: " + k);
                            }
                        });
                    } catch (org.apache.kafka.streams.errors.InvalidStateStoreException e) {
                        // no active copy here (yet)
                    }
                }
                samen[0] = som;
                return som.equals(verwacht);
            });
            assertEquals(verwacht, samen[0]);
            assertEquals(QueryApiEndToEndTest.get(a, VRAAG, TOKEN).body(), QueryApiEndToEndTest.get(b, VRAAG, TOKEN).body());
        }
    }
}
