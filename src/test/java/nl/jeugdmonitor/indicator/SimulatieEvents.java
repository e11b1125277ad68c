package nl.jeugdmonitor.indicator;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import nl.jeugdmonitor.config.AppConfig;
import nl.jeugdmonitor.event.CanoniekEvent;
import nl.jeugdmonitor.ingest.IngestMetrics;
import nl.jeugdmonitor.ingest.IngestTopology;
import nl.jeugdmonitor.kafka.Topics;
import nl.jeugdmonitor.simulator.Kalibratie;
import nl.jeugdmonitor.simulator.Simulator;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** Canonical events of a simulated history: simulator → the real ingest topology, in arrival order. */
final class SimulatieEvents {

    private SimulatieEvents() {}

    static List<CanoniekEvent> van(Simulator.Instellingen instellingen) {
        AppConfig config = AppConfig.defaults();
        Topics topics = Topics.from(config.topics());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "sim-events");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        byte[] key = "sleutel-voor-simulatie-events".getBytes(StandardCharsets.UTF_8);
        try (TopologyTestDriver driver = new TopologyTestDriver(
                IngestTopology.build(config, topics, key, new IngestMetrics(new SimpleMeterRegistry())), props)) {
            TestInputTopic<byte[], byte[]> ijw = driver.createInputTopic(topics.ijw().name(), new ByteArraySerializer(), new ByteArraySerializer());
            new Simulator(Kalibratie.twente(), instellingen).genereer(b -> ijw.pipeInput(null, b.xml().getBytes(StandardCharsets.UTF_8)));
            return driver.createOutputTopic(topics.canoniek().name(), new StringDeserializer(), topics.canoniek().valueSerde().deserializer())
                    .readValuesToList();
        }
    }
}
