package nl.jeugdmonitor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import nl.jeugdmonitor.Jeugdmonitor;
import nl.jeugdmonitor.KafkaTestSupport;
import nl.jeugdmonitor.TestConfig;
import nl.jeugdmonitor.config.AppConfig;
import nl.jeugdmonitor.kafka.EmbeddedKafka;
import nl.jeugdmonitor.simulator.Kalibratie;
import nl.jeugdmonitor.simulator.Simulator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second instance joins a monitor that already holds state. Kafka Streams leaves the tasks on the instance that is
 * caught up and gives the newcomer warm-up copies until a probing rebalance (10 minutes by default); the metadata lists
 * the newcomer for those stores too, but it cannot query them. Here every stateful task gets a warm-up copy (recovery
 * lag 0, 8 warm-ups), which the CI saw happen by chance: /wachtlijst answered 503 on both instances for minutes.
 */
class JoiningInstanceEndToEndTest {

    private static final String TOKEN = "token-van-de-analist";

    @TempDir
    Path tmp;

    @Test
    void theWaitingListAnswersOnBothInstancesWhileTheNewcomerHoldsOnlyWarmUpCopies() throws Exception {
        AppConfig basis = TestConfig.geisoleerd("laat", 4);
        Map<String, String> kafkaProps = new HashMap<>(basis.kafka());
        kafkaProps.put("acceptable.recovery.lag", "0");
        kafkaProps.put("max.warmup.replicas", "8");
        AppConfig config = new AppConfig(basis.applicationId(), basis.topics(), basis.ingest(), basis.indicatoren(),
                basis.streefwaarden(), basis.mail(), kafkaProps);
        Path tokens = tmp.resolve("tokens.yaml");
        Files.writeString(tokens, "- {sha256: " + QueryApiEndToEndTest.sha(TOKEN) + ", role: analist, gemeenten: ['*']}\n");
        Toegang toegang = Toegang.lees(tokens);
        byte[] key = "laat-sleutel-van-minstens-16-bytes".getBytes(StandardCharsets.UTF_8);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Jeugdmonitor a = new Jeugdmonitor(new Jeugdmonitor.Instelling(config, kafka.bootstrapServers(), 0, tmp.resolve("a"), key)
                    .met(toegang, "localhost")).start();
            Jeugdmonitor b = null;
            try {
                try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
                    new Simulator(Kalibratie.twente(), new Simulator.Instellingen(21, 2025, 2025, 0.01, 0))
                            .genereer(m -> p.send(new ProducerRecord<>(config.topics().ijw(), null, m.xml().getBytes(StandardCharsets.UTF_8))));
                }
                TestConfig.wachtTotBijgewerkt(kafka.bootstrapServers(), config, Duration.ofMinutes(5));
                String alleen = QueryApiEndToEndTest.get(a, "/api/v1/wachtlijst", TOKEN).body();

                b = new Jeugdmonitor(new Jeugdmonitor.Instelling(config, kafka.bootstrapServers(), 0, tmp.resolve("b"), key)
                        .met(toegang, "localhost")).start();
                Jeugdmonitor nieuw = b;
                KafkaTestSupport.wachtOp("both instances ready", Duration.ofSeconds(90), () -> a.isReady() && nieuw.isReady());
                // the precondition: the newcomer holds no active copy of the waiting list
                assertThrows(InvalidStateStoreException.class, () -> nieuw.indicatorBron().wachtlijst());

                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                for (Jeugdmonitor m : new Jeugdmonitor[] {a, b}) {
                    HttpResponse<String> r = QueryApiEndToEndTest.get(m, "/api/v1/wachtlijst", TOKEN, deadline);
                    assertEquals(200, r.statusCode(), r.body());
                    assertEquals(alleen, r.body(), "the same answer as before the newcomer joined");
                }
            } finally {
                if (b != null) {
                    b.close();
                }
                a.close();
            }
        }
    }
}
