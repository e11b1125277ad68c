package nl.jeugdmonitor.api;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import nl.jeugdmonitor.kafka.JsonSerde;
import nl.jeugdmonitor.streefwaarde.Alert;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert history of GET /alerts: every instance reads all of {@code jeugdhulp.alerts} (committed records only) into
 * memory, the newest {@link #MAX} kept. Alerts are few (a status change per streefwaarde and scope), so no store is
 * needed and every instance answers alone.
 */
public final class AlertHistorie implements AutoCloseable {

    static final int MAX = 50_000;
    private static final Logger LOG = LoggerFactory.getLogger(AlertHistorie.class);

    private final KafkaConsumer<String, Alert> consumer;
    private final Deque<Alert> alerts = new ArrayDeque<>();
    private final Thread thread;
    private volatile boolean stoppen;

    public AlertHistorie(String bootstrapServers, String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), JsonSerde.of(Alert.class).deserializer());
        thread = new Thread(() -> lees(topic), "alert-historie");
        thread.setDaemon(true);
    }

    public AlertHistorie start() {
        thread.start();
        return this;
    }

    private void lees(String topic) {
        try {
            List<TopicPartition> partities = consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partities);
            consumer.seekToBeginning(partities);
            while (!stoppen) {
                for (ConsumerRecord<String, Alert> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() != null) {
                        synchronized (alerts) {
                            alerts.addFirst(r.value());
                            if (alerts.size() > MAX) {
                                alerts.removeLast();
                            }
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("alert history stopped reading {}", topic, e);
        } finally {
            consumer.close();
        }
    }

    /** The alerts that pass {@code filter}, newest (by time raised) first, at most {@code limiet}. */
    public List<Alert> nieuwsteEerst(Predicate<Alert> filter, int limiet) {
        List<Alert> uit = new ArrayList<>();
        synchronized (alerts) {
            for (Alert a : alerts) {
                if (filter.test(a)) {
                    uit.add(a);
                }
            }
        }
        uit.sort(java.util.Comparator.comparingLong(Alert::tijdstip).reversed().thenComparing(Alert::id, java.util.Comparator.reverseOrder()));
        return uit.size() > limiet ? uit.subList(0, limiet) : uit;
    }

    @Override
    public void close() {
        stoppen = true;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
