package nl.jeugdmonitor.simulator;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import nl.jeugdmonitor.kafka.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends simulated messages to the iJw topic as a provider hub would: no key, one message per record, optionally paced. */
public final class SimulatorProducent {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorProducent.class);

    private SimulatorProducent() {}

    /** How far a run has come, for a status line: messages sent and the simulated day of the last one. */
    public static final class Voortgang {
        private final AtomicLong verstuurd = new AtomicLong();
        private volatile LocalDate dag;

        public long verstuurd() {
            return verstuurd.get();
        }

        /** The simulated day of the last message sent, or null before the first. */
        public LocalDate dag() {
            return dag;
        }
    }

    public static Simulator.Telling stuur(Simulator simulator, String bootstrapServers, String topic, double dagenPerSeconde) {
        return stuur(simulator, bootstrapServers, topic, dagenPerSeconde, new Voortgang());
    }

    /**
     * @param dagenPerSeconde replay speed in simulated days per wall-clock second; 0 = as fast as possible
     * @param voortgang       updated with every message sent
     */
    public static Simulator.Telling stuur(Simulator simulator, String bootstrapServers, String topic, double dagenPerSeconde,
                                          Voortgang voortgang) {
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_RECORD_BYTES);
        AtomicLong verstuurd = voortgang.verstuurd;
        long t0 = System.nanoTime();
        LocalDate[] eerste = new LocalDate[1];
        YearMonth[] maand = new YearMonth[1];
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            Simulator.Telling telling = simulator.genereer(b -> {
                if (eerste[0] == null) {
                    eerste[0] = b.dag();
                }
                if (dagenPerSeconde > 0) {
                    long wachtTot = t0 + (long) (ChronoUnit.DAYS.between(eerste[0], b.dag()) / dagenPerSeconde * 1e9);
                    long slaap = wachtTot - System.nanoTime();
                    if (slaap > 0) {
                        producer.flush();
                        try {
                            Thread.sleep(slaap / 1_000_000, (int) (slaap % 1_000_000));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException("simulator interrupted", e);
                        }
                    }
                }
                producer.send(new ProducerRecord<>(topic, null, b.xml().getBytes(StandardCharsets.UTF_8)), (md, e) -> {
                    if (e != null) {
                        LOG.error("a simulated message was not sent: {}", e.getMessage());
                    }
                });
                verstuurd.incrementAndGet();
                voortgang.dag = b.dag();
                YearMonth m = YearMonth.from(b.dag());
                if (!m.equals(maand[0])) {
                    if (maand[0] != null && m.getMonthValue() == 1) {
                        LOG.info("simulator: {} done, {} messages sent", maand[0].getYear(), verstuurd.get());
                    }
                    maand[0] = m;
                }
            });
            producer.flush();
            LOG.info("simulator finished: {}", telling);
            return telling;
        }
    }
}
