package nl.jeugdmonitor.kafka;

import java.util.List;
import java.util.Map;
import nl.jeugdmonitor.config.AppConfig;
import nl.jeugdmonitor.event.CanoniekEvent;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;

/** Every topic of the application with its serdes (SPEC §3.1, §4). */
public record Topics(Topic<byte[], byte[]> ijw, Topic<byte[], byte[]> events, Topic<byte[], byte[]> begroting,
                     Topic<byte[], byte[]> dlq, Topic<String, CanoniekEvent> canoniek, Topic<String, Long> begrotingen,
                     AppConfig.Topics config) {

    /** Room for the largest accepted message plus headers, on the inputs and the DLQ that keeps them unchanged. */
    public static final int MAX_RECORD_BYTES = 10 * 1024 * 1024;
    /** Segments of compacted topics, the application's and the changelogs (larger than any record). */
    public static final int COMPACT_SEGMENT_BYTES = 16 * 1024 * 1024;
    /** The DLQ keeps an input record of the largest size unchanged and adds the error headers. */
    public static final int MAX_DLQ_RECORD_BYTES = MAX_RECORD_BYTES + 64 * 1024;

    public static Topics from(AppConfig.Topics t) {
        return new Topics(
                new Topic<>(t.ijw(), Serdes.ByteArray(), Serdes.ByteArray()),
                new Topic<>(t.events(), Serdes.ByteArray(), Serdes.ByteArray()),
                new Topic<>(t.begroting(), Serdes.ByteArray(), Serdes.ByteArray()),
                new Topic<>(t.dlq(), Serdes.ByteArray(), Serdes.ByteArray()),
                new Topic<>(t.canoniek(), Serdes.String(), JsonSerde.of(CanoniekEvent.class)),
                new Topic<>(t.begrotingen(), Serdes.String(), Serdes.Long()),
                t);
    }

    /** The topics the application creates when missing. Canonical events and alerts are kept forever: a replay starts from offset 0. */
    public List<NewTopic> toCreate() {
        Map<String, String> large = Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(MAX_RECORD_BYTES));
        Map<String, String> forever = Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1");
        // only closed segments are compacted: the broker's 1 GiB would leave a national year's aggregates uncompacted, and
        // every instance reads the whole of jeugdhulp.indicatoren into its global copy when it starts
        Map<String, String> compact = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.SEGMENT_BYTES_CONFIG, String.valueOf(COMPACT_SEGMENT_BYTES));
        return List.of(
                topic(config.ijw(), large),
                topic(config.events(), large),
                topic(config.dlq(), Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(MAX_DLQ_RECORD_BYTES))),
                topic(config.begroting(), compact),
                topic(config.canoniek(), forever),
                topic(config.begrotingen(), compact),
                topic(config.indicatoren(), compact),
                topic(config.peildatum(), compact),
                topic(config.streefwaarden(), compact),
                topic(config.alerts(), forever),
                topic(config.abonnementen(), compact),
                topic(config.meldingen(), Map.of()),
                // one partition: every instance reads all of it, and "actief" has one order
                new NewTopic(config.definities(), 1, config.replicationFactor())
                        .configs(compact));
    }

    private NewTopic topic(String name, Map<String, String> configs) {
        return new NewTopic(name, config.partitions(), config.replicationFactor()).configs(configs);
    }
}
