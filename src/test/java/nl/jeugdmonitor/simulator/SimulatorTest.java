package nl.jeugdmonitor.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import nl.jeugdmonitor.config.AppConfig;
import nl.jeugdmonitor.event.CanoniekEvent;
import nl.jeugdmonitor.event.DeclaratieRegel;
import nl.jeugdmonitor.event.Start;
import nl.jeugdmonitor.event.Stop;
import nl.jeugdmonitor.event.Toewijzing;
import nl.jeugdmonitor.ingest.IngestMetrics;
import nl.jeugdmonitor.ingest.IngestTopology;
import nl.jeugdmonitor.kafka.Topics;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

class SimulatorTest {

    private static List<Simulator.SimBericht> genereer(Simulator.Instellingen in, Simulator.Telling[] telling) {
        List<Simulator.SimBericht> out = new ArrayList<>();
        telling[0] = new Simulator(Kalibratie.twente(), in).genereer(out::add);
        return out;
    }

    @Test
    void everyMessageValidatesAndYieldsExactlyTheEventsTheSimulatorCounted() {
        Simulator.Telling[] telling = new Simulator.Telling[1];
        List<Simulator.SimBericht> berichten = genereer(new Simulator.Instellingen(7, 2024, 2025, 0.05, 0.0), telling);

        AppConfig config = AppConfig.defaults();
        Topics topics = Topics.from(config.topics());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "sim-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        byte[] key = "sleutel-voor-de-simulatortest".getBytes(StandardCharsets.UTF_8);
        try (TopologyTestDriver driver = new TopologyTestDriver(
                IngestTopology.build(config, topics, key, new IngestMetrics(new SimpleMeterRegistry())), props)) {
            TestInputTopic<byte[], byte[]> ijw = driver.createInputTopic(topics.ijw().name(), new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<byte[], byte[]> dlq = driver.createOutputTopic(topics.dlq().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
            TestOutputTopic<String, CanoniekEvent> canoniek = driver.createOutputTopic(topics.canoniek().name(),
                    new StringDeserializer(), topics.canoniek().valueSerde().deserializer());
            for (Simulator.SimBericht b : berichten) {
                ijw.pipeInput(null, b.xml().getBytes(StandardCharsets.UTF_8));
                if (!dlq.isEmpty()) {
                    var r = dlq.readRecord();
                    throw new AssertionError(b.type() + " rejected: " + new String(r.headers().lastHeader("error.message").value(),
                            StandardCharsets.UTF_8) + "\n" + b.xml());
                }
            }
            List<CanoniekEvent> events = canoniek.readValuesToList();
            Map<String, Long> perType = events.stream().collect(Collectors.groupingBy(CanoniekEvent::type, Collectors.counting()));
            assertEquals(telling[0].events, new java.util.TreeMap<>(perType), "canonical events per type");

            // the simulation exercises every rule the indicators depend on
            assertTrue(telling[0].dubbel > 0, "redeliveries");
            assertTrue(events.stream().anyMatch(e -> e instanceof Toewijzing t && "13".equals(t.redenWijziging())), "a deleted toewijzing");
            assertTrue(events.stream().anyMatch(e -> e instanceof Start s && "3".equals(s.statusAanlevering())), "a retracted start");
            assertTrue(events.stream().anyMatch(e -> e instanceof Stop s && "20".equals(s.redenBeeindiging())), "a temporary stop");
            assertTrue(events.stream().anyMatch(e -> e instanceof Stop s && "38".equals(s.redenBeeindiging())), "a transfer");
            assertTrue(events.stream().anyMatch(e -> e instanceof DeclaratieRegel d && "C".equals(d.debetCredit())), "a credit line");
            assertTrue(perType.getOrDefault("Afwijzing", 0L) > 0, "a JW325 rejection");
            assertTrue(perType.getOrDefault("Verzoek", 0L) > 0, "a JW315 request");
            assertTrue(events.stream().anyMatch(e -> e instanceof DeclaratieRegel d
                    && d.dagtekening().isAfter(d.periodeEind().plusMonths(2))), "a late declaration");
            assertEquals(14, events.stream().map(CanoniekEvent::gemeente).distinct().count(), "all 14 Twente municipalities");
        }
    }

    @Test
    void theSameSeedGivesTheSameMessages() throws Exception {
        Simulator.Instellingen in = new Simulator.Instellingen(11, 2024, 2024, 0.02, 0.01);
        assertEquals(hash(genereer(in, new Simulator.Telling[1])), hash(genereer(in, new Simulator.Telling[1])));
        Simulator.Instellingen ander = new Simulator.Instellingen(12, 2024, 2024, 0.02, 0.01);
        assertTrue(!hash(genereer(in, new Simulator.Telling[1])).equals(hash(genereer(ander, new Simulator.Telling[1]))));
    }

    @Test
    void aScaledRunProducesProportionallyMoreYouths() {
        Simulator.Telling[] klein = new Simulator.Telling[1];
        Simulator.Telling[] groot = new Simulator.Telling[1];
        genereer(new Simulator.Instellingen(3, 2025, 2025, 0.02, 0), klein);
        genereer(new Simulator.Instellingen(3, 2025, 2025, 0.06, 0), groot);
        double ratio = (double) groot[0].events.get("Toewijzing") / klein[0].events.get("Toewijzing");
        assertTrue(ratio > 2.6 && ratio < 3.4, "three times the scale, about three times the toewijzingen: " + ratio);
    }

    private static String hash(List<Simulator.SimBericht> berichten) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (Simulator.SimBericht b : berichten) {
            md.update(b.xml().getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
