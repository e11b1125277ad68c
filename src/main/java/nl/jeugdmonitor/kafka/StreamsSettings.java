package nl.jeugdmonitor.kafka;

import java.nio.file.Path;
import java.util.Properties;
import nl.jeugdmonitor.config.AppConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/** Kafka Streams properties shared by every topology of the application; each topology gets its own application.id. */
public final class StreamsSettings {

    private StreamsSettings() {}

    /**
     * @param suffix    the topology, e.g. "ingest": application.id becomes {@code <applicationId>-<suffix>}
     * @param stateDir  where RocksDB stores live (one subfolder per application.id)
     * @param endpoint  host:port of this instance's HTTP API for interactive-query routing, or null
     */
    public static Properties voor(AppConfig config, String suffix, String bootstrapServers, Path stateDir, String endpoint) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId() + "-" + suffix);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.topics().replicationFactor());
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemoryRocksDBConfig.class);
        p.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.NO_OPTIMIZATION);
        // the DLQ keeps the largest accepted input record unchanged
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), Topics.MAX_DLQ_RECORD_BYTES);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), Topics.MAX_RECORD_BYTES);
        // changelogs in segments of 16 MiB rather than the broker's 1 GiB: a segment is compacted only once it is closed, so
        // with 1 GiB a partition of a national year was never compacted, and a restore read every version ever written
        // (the delta log's 4,097 keys alone are rewritten with every event: 153 MB of changelog for one Twente year)
        p.put(StreamsConfig.topicPrefix(TopicConfig.SEGMENT_BYTES_CONFIG), Topics.COMPACT_SEGMENT_BYTES);
        if (endpoint != null) {
            p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, endpoint);
        }
        p.putAll(config.kafka());
        return p;
    }

    /** As {@link #voor}, for a definition's indicator engine: with {@code indicatoren.streamThreads} stream threads. */
    public static Properties voorIndicatoren(AppConfig config, String suffix, String bootstrapServers, Path stateDir, String endpoint) {
        Properties p = voor(config, suffix, bootstrapServers, stateDir, endpoint);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.indicatoren().streamThreads());
        return p;
    }

    /**
     * Closes a Kafka Streams instance and leaves its consumer group. Streams' own {@code close()} stays in the group, so
     * its partitions wait for the session timeout (45 s) before another instance (or this one, started again: it joins
     * as a new member) is assigned them; a stopped instance's queries answered 503 and a restarted monitor was not ready
     * for that long, whatever its state.
     */
    public static void sluit(org.apache.kafka.streams.KafkaStreams ks) {
        ks.close(org.apache.kafka.streams.CloseOptions.groupMembershipOperation(
                org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(java.time.Duration.ofSeconds(30)));
    }
}
