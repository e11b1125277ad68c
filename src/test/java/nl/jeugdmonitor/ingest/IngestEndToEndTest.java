package nl.jeugdmonitor.ingest;

import static nl.jeugdmonitor.KafkaTestSupport.leesAlles;
import static nl.jeugdmonitor.KafkaTestSupport.wachtOp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import nl.jeugdmonitor.Jeugdmonitor;
import nl.jeugdmonitor.config.AppConfig;
import nl.jeugdmonitor.event.CanoniekEvent;
import nl.jeugdmonitor.kafka.EmbeddedKafka;
import nl.jeugdmonitor.kafka.JsonSerde;
import nl.jeugdmonitor.simulator.Kalibratie;
import nl.jeugdmonitor.simulator.Simulator;
import nl.jeugdmonitor.simulator.SimulatorProducent;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Ingest on a real in-process KRaft broker with exactly-once: simulator in, canonical events and DLQ out. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IngestEndToEndTest {

    static final byte[] KEY = "e2e-sleutel-van-minstens-16-bytes".getBytes(StandardCharsets.UTF_8);

    static EmbeddedKafka kafka;
    static Jeugdmonitor monitor;
    static AppConfig config = AppConfig.defaults();
    static ListAppender<ILoggingEvent> logs = new ListAppender<>();
    static final List<String> verstuurd = new ArrayList<>();
    @TempDir
    static Path state;

    @BeforeAll
    static void start() {
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        kafka = EmbeddedKafka.start();
        monitor = new Jeugdmonitor(new Jeugdmonitor.Instelling(config, kafka.bootstrapServers(), 0, state, KEY)).start();
    }

    @AfterAll
    static void stop() {
        if (monitor != null) {
            monitor.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    private static Map<String, Long> perType(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, Long> m = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            m.merge(JsonSerde.of(CanoniekEvent.class).deserializer().deserialize("t", r.value()).type(), 1L, Long::sum);
        }
        return m;
    }

    @Test
    @Order(1)
    void simulatedMessagesBecomeExactlyTheCanonicalEventsTheSimulatorCounted() throws Exception {
        Simulator sim = new Simulator(Kalibratie.twente(), new Simulator.Instellingen(5, 2025, 2025, 0.03, 0.01));
        // keep the XML for the privacy scan, then send exactly what the simulator generated
        List<Simulator.SimBericht> berichten = new ArrayList<>();
        Simulator.Telling telling = sim.genereer(berichten::add);
        berichten.forEach(b -> verstuurd.add(b.xml()));
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            for (Simulator.SimBericht b : berichten) {
                p.send(new ProducerRecord<>(config.topics().ijw(), null, b.xml().getBytes(StandardCharsets.UTF_8)));
            }
        }
        long verwacht = telling.totaalEvents();
        assertTrue(telling.dubbel > 0 && telling.ongeldig > 0, "the run includes redeliveries and invalid messages: " + telling);

        wachtOp(verwacht + " canonical events", Duration.ofSeconds(180),
                () -> leesAlles(kafka.bootstrapServers(), config.topics().canoniek(), false).size() >= verwacht);
        wachtOp(telling.ongeldig + " DLQ records", Duration.ofSeconds(60),
                () -> leesAlles(kafka.bootstrapServers(), config.topics().dlq(), false).size() >= telling.ongeldig);
        // the stream is caught up; a few more commit intervals must add nothing (redeliveries were dropped)
        Thread.sleep(3000);
        List<ConsumerRecord<byte[], byte[]>> canoniek = leesAlles(kafka.bootstrapServers(), config.topics().canoniek(), false);
        assertEquals(telling.events, perType(canoniek), "canonical events per type, each once");
        List<ConsumerRecord<byte[], byte[]>> dlq = leesAlles(kafka.bootstrapServers(), config.topics().dlq(), false);
        assertEquals(telling.ongeldig, dlq.size());
        for (ConsumerRecord<byte[], byte[]> r : dlq) {
            assertEquals("INVALID_DATE", new String(r.headers().lastHeader("error.code").value(), StandardCharsets.UTF_8));
            assertEquals(config.topics().ijw(), new String(r.headers().lastHeader("source.topic").value(), StandardCharsets.UTF_8));
        }
        // keyed by pseudonym, so one client's events share a partition
        for (ConsumerRecord<byte[], byte[]> r : canoniek) {
            CanoniekEvent e = JsonSerde.of(CanoniekEvent.class).deserializer().deserialize("t", r.value());
            assertEquals(e.client(), new String(r.key(), StandardCharsets.UTF_8));
        }
    }

    @Test
    @Order(2)
    void theStreamSurvivesBadInputAndTheExamplesStillIngest() throws Exception {
        int dlqVoor = leesAlles(kafka.bootstrapServers(), config.topics().dlq(), false).size();
        int voor = leesAlles(kafka.bootstrapServers(), config.topics().canoniek(), false).size();
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            p.send(new ProducerRecord<>(config.topics().ijw(), null, "geen xml".getBytes(StandardCharsets.UTF_8)));
            p.send(new ProducerRecord<>(config.topics().ijw(), null, new byte[5 * 1024 * 1024]));
            p.send(new ProducerRecord<>(config.topics().ijw(), null, IngestTopologyTest.example("JW315")));
            for (String type : List.of("JW301", "JW305", "JW307", "JW323")) {
                byte[] xml = IngestTopologyTest.example(type);
                verstuurd.add(new String(xml, StandardCharsets.UTF_8));
                p.send(new ProducerRecord<>(config.topics().ijw(), null, xml));
            }
        }
        // 2 + 2 + 2 + 5 events from the examples; the three bad records in the DLQ
        wachtOp("the examples' events", Duration.ofSeconds(60),
                () -> leesAlles(kafka.bootstrapServers(), config.topics().canoniek(), false).size() >= voor + 11);
        wachtOp("three DLQ records", Duration.ofSeconds(60),
                () -> leesAlles(kafka.bootstrapServers(), config.topics().dlq(), false).size() >= dlqVoor + 3);
        String metrics = get("/metrics");
        assertTrue(metrics.contains("jeugdmonitor_ingest_berichten_total{code=\"TOO_LARGE\",resultaat=\"dlq\""), "DLQ by code in /metrics");
        assertTrue(metrics.contains("kafka_stream"), "Kafka Streams client metrics in /metrics");
        assertEquals("{\"status\":\"READY\",\"definitie\":\"" + nl.jeugdmonitor.indicator.Definitie.van(config).id() + "\"}", get("/ready"));
    }

    @Test
    @Order(3)
    void noBsnNameAddressOrBirthDateLeavesTheInputTopicsAndDlq() throws Exception {
        Set<String> geheim = new HashSet<>();
        for (String xml : verstuurd) {
            verzamel(geheim, xml, "Bsn>(\\d{9})<");
            verzamel(geheim, xml, "Achternaam>([^<]+)<");
            verzamel(geheim, xml, "Voornamen>([^<]+)<");
            verzamel(geheim, xml, "Straatnaam>([^<]+)<");
            verzamel(geheim, xml, "Postcode>([^<]+)<");
            Matcher m = Pattern.compile("Geboortedatum><ijw:Datum>(\\d{4}-\\d{2}-\\d{2})<").matcher(xml);
            while (m.find()) {
                // a birth date before 2020 can never be an event date of this run (from 2024-07): any hit is a leak
                if (LocalDate.parse(m.group(1)).isBefore(LocalDate.of(2020, 1, 1))) {
                    geheim.add(m.group(1));
                }
            }
        }
        assertTrue(geheim.size() > 100, "the scan has something to look for: " + geheim.size());

        List<String> lekken = new ArrayList<>();
        Set<String> ruw = Set.of(config.topics().ijw(), config.topics().events(), config.topics().dlq());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
            assertTrue(topics.contains(config.topics().canoniek()) && topics.stream().anyMatch(t -> t.endsWith("-repartition"))
                    && topics.stream().anyMatch(t -> t.endsWith("-changelog")), "scans canonical, repartition and changelog topics: " + topics);
            for (String topic : topics) {
                if (ruw.contains(topic)) {
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> r : leesAlles(kafka.bootstrapServers(), topic, true)) {
                    zoek(lekken, geheim, "topic " + topic, r.key());
                    zoek(lekken, geheim, "topic " + topic, r.value());
                    for (Header h : r.headers()) {
                        zoek(lekken, geheim, "topic " + topic + " header " + h.key(), h.value());
                    }
                }
            }
        }
        try (Stream<Path> files = Files.walk(state)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                zoek(lekken, geheim, "state file " + state.relativize(f), leesBestand(f));
            }
        }
        for (ILoggingEvent e : List.copyOf(logs.list)) {
            String line = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()));
            zoek(lekken, geheim, "log line", line.getBytes(StandardCharsets.UTF_8));
        }
        zoek(lekken, geheim, "/metrics", get("/metrics").getBytes(StandardCharsets.UTF_8));
        assertTrue(logs.list.size() > 5, "logs were captured");
        assertEquals(List.of(), lekken);
    }

    private static final Pattern TOKEN = Pattern.compile("[0-9A-Za-z-]+(?: [A-Z][a-z]+)?");

    /** Looks for secrets as whole tokens, so a run of digits inside a hex pseudonym is not taken for a BSN. */
    private static void zoek(List<String> lekken, Set<String> geheim, String waar, byte[] bytes) {
        if (bytes == null) {
            return;
        }
        Matcher m = TOKEN.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
        while (m.find()) {
            String t = m.group();
            if (geheim.contains(t) || (t.contains(" ") && (geheim.contains(t.substring(0, t.indexOf(' ')))))) {
                lekken.add(waar + ": " + t.replaceAll("\\d", "#"));
                if (lekken.size() > 20) {
                    return;
                }
            }
        }
    }

    private static void verzamel(Set<String> geheim, String xml, String regex) {
        Matcher m = Pattern.compile(regex).matcher(xml);
        while (m.find()) {
            geheim.add(m.group(1));
        }
    }

    private static byte[] leesBestand(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            return new byte[0]; // a file RocksDB removed between listing and reading
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 11 * 1024 * 1024), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static String get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + monitor.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
