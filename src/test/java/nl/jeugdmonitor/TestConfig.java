package nl.jeugdmonitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.jeugdmonitor.config.AppConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Configurations for tests that share one broker: every run gets its own topics and application id. */
public final class TestConfig {

    private TestConfig() {}

    public static AppConfig geisoleerd(String sfx) {
        return geisoleerd(sfx, AppConfig.defaults().topics().partitions());
    }

    public static AppConfig geisoleerd(String sfx, int partities) {
        AppConfig d = AppConfig.defaults();
        AppConfig.Topics t = d.topics();
        Map<String, String> kafka = new HashMap<>(d.kafka());
        kafka.put("commit.interval.ms", "200");
        return new AppConfig("jm-" + sfx, new AppConfig.Topics(t.ijw() + "-" + sfx, t.events() + "-" + sfx,
                t.begroting() + "-" + sfx, t.dlq() + "-" + sfx, t.canoniek() + "-" + sfx, t.begrotingen() + "-" + sfx, t.indicatoren() + "-" + sfx,
                t.peildatum() + "-" + sfx, partities, t.replicationFactor()), d.ingest(), d.indicatoren(), kafka);
    }

    /** Waits until both topologies have committed everything on their input and repartition topics. */
    public static void wachtTotBijgewerkt(String bootstrap, AppConfig c, Duration max) throws Exception {
        Map<String, List<String>> groepen = Map.of(
                c.applicationId() + "-ingest", List.of(c.topics().ijw(), c.topics().events(), c.topics().begroting(),
                        c.applicationId() + "-ingest-ingest-berichten-repartition"),
                c.applicationId() + "-indicatoren", List.of(c.topics().canoniek(),
                        c.applicationId() + "-indicatoren-indicator-deltas-repartition"));
        long deadline = System.nanoTime() + max.toNanos();
        int goed = 0;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            while (goed < 3) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the application did not catch up within " + max.toSeconds() + " s");
                }
                boolean bij = true;
                for (Map.Entry<String, List<String>> g : groepen.entrySet()) {
                    Map<TopicPartition, OffsetAndMetadata> committed =
                            admin.listConsumerGroupOffsets(g.getKey()).partitionsToOffsetAndMetadata().get();
                    Map<TopicPartition, OffsetSpec> vraag = new HashMap<>();
                    for (String topic : g.getValue()) {
                        for (int p = 0; p < c.topics().partitions(); p++) {
                            vraag.put(new TopicPartition(topic, p), OffsetSpec.latest());
                        }
                    }
                    List<TopicPartition> achter = new ArrayList<>();
                    try {
                        admin.listOffsets(vraag).all().get().forEach((tp, info) -> {
                            OffsetAndMetadata o = committed.get(tp);
                            if (info.offset() > 0 && (o == null || o.offset() < info.offset())) {
                                achter.add(tp);
                            }
                        });
                    } catch (java.util.concurrent.ExecutionException e) {
                        achter.add(null); // a repartition topic not created yet
                    }
                    bij &= achter.isEmpty();
                }
                goed = bij ? goed + 1 : 0;
                Thread.sleep(1000); // also lets the 1 s peildatum punctuation run on every task
            }
        }
    }
}
