package nl.jeugdmonitor.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node KRaft Kafka broker in this process, on a free port and a temporary directory:
 * what `demo` and the integration tests run on. Production runs against a cluster instead.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final KafkaClusterTestKit cluster;
    private final Path dir;

    private EmbeddedKafka(KafkaClusterTestKit cluster, Path dir) {
        this.cluster = cluster;
        this.dir = dir;
    }

    public static EmbeddedKafka start() {
        try {
            // our own directory: the test kit's default one is deleted by a JVM shutdown hook that races
            // with a clean broker shutdown on Ctrl-C
            Path dir = Files.createTempDirectory("jeugdmonitor-kafka");
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setBaseDirectory(dir)
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                    .build();
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                    // one broker: internal topics with RF 1, or exactly-once and consumer groups stall
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "4")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("transaction.state.log.num.partitions", "4")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .setConfigProp("message.max.bytes", String.valueOf(Topics.MAX_DLQ_RECORD_BYTES))
                    .setConfigProp("replica.fetch.max.bytes", String.valueOf(Topics.MAX_DLQ_RECORD_BYTES))
                    .setConfigProp("log.retention.check.interval.ms", "600000")
                    .setDeleteOnClose(false)
                    .build();
            formatteer(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new EmbeddedKafka(cluster, dir);
        } catch (Exception e) {
            throw new IllegalStateException("the embedded Kafka broker did not start: " + e.getMessage(), e);
        }
    }

    /**
     * Formats the storage. Kafka's formatter prints its progress ("Bootstrap metadata: …", "Formatting metadata
     * directory …") with System.out rather than a logger; it goes to the log instead of a person's console.
     */
    private static void formatteer(KafkaClusterTestKit cluster) throws Exception {
        java.io.PrintStream console = System.out;
        java.io.ByteArrayOutputStream opgevangen = new java.io.ByteArrayOutputStream();
        synchronized (EmbeddedKafka.class) {
            System.setOut(new java.io.PrintStream(opgevangen, true, java.nio.charset.StandardCharsets.UTF_8));
            try {
                cluster.format();
            } finally {
                System.setOut(console);
            }
        }
        org.slf4j.LoggerFactory.getLogger(EmbeddedKafka.class).info("kafka storage formatted: {}",
                opgevangen.toString(java.nio.charset.StandardCharsets.UTF_8).strip());
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public void close() {
        try {
            cluster.close();
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (Exception e) {
            throw new IllegalStateException("the embedded Kafka broker did not stop cleanly", e);
        }
    }
}
