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
        Map<String, String> kafka = new HashMap<>(d.kafka());
        kafka.put("commit.interval.ms", "200");
        // every topic name gets the suffix
        com.fasterxml.jackson.databind.node.ObjectNode t = JSON.valueToTree(d.topics());
        t.properties().forEach(e -> {
            if (e.getValue().isTextual()) {
                e.setValue(com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getValue().asText() + "-" + sfx));
            }
        });
        t.put("partitions", partities);
        AppConfig.Topics topics = JSON.convertValue(t, AppConfig.Topics.class);
        return new AppConfig("jm-" + sfx, topics, d.ingest(), d.indicatoren(), d.streefwaarden(), d.mail(), kafka);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** The consumer group (application id) of the indicator engine of {@code c}'s definition. */
    public static String indicatorGroep(AppConfig c) {
        return c.applicationId() + "-" + nl.jeugdmonitor.indicator.IndicatorTopology.suffix(nl.jeugdmonitor.indicator.Definitie.van(c));
    }

    /** Waits until both topologies have committed everything on their input and repartition topics. */
    public static void wachtTotBijgewerkt(String bootstrap, AppConfig c, Duration max) throws Exception {
        Map<String, List<String>> groepen = Map.of(
                c.applicationId() + "-ingest", List.of(c.topics().ijw(), c.topics().events(), c.topics().begroting(),
                        c.applicationId() + "-ingest-ingest-berichten-repartition"),
                indicatorGroep(c), List.of(c.topics().canoniek(), indicatorGroep(c) + "-indicator-deltas-repartition"));
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

    /**
     * Waits until consumer group {@code groep} has committed the end of every partition of {@code topics} (three checks in
     * a row, a second apart; a topic not created yet counts as behind).
     */
    public static void wachtTotGroepBij(String bootstrap, String groep, List<String> topics, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        int goed = 0;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            while (goed < 3) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(groep + " did not catch up on " + topics + " within " + max.toSeconds() + " s");
                }
                boolean bij;
                try {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groep).partitionsToOffsetAndMetadata().get();
                    Map<TopicPartition, OffsetSpec> vraag = new HashMap<>();
                    admin.describeTopics(topics).allTopicNames().get().forEach((t, d) ->
                            d.partitions().forEach(p -> vraag.put(new TopicPartition(t, p.partition()), OffsetSpec.latest())));
                    bij = admin.listOffsets(vraag).all().get().entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                            || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue().offset()));
                } catch (java.util.concurrent.ExecutionException e) {
                    bij = false;
                }
                goed = bij ? goed + 1 : 0;
                Thread.sleep(1000);
            }
        }
    }

    /** The streefwaarden topology of {@code c} has evaluated everything on its inputs. */
    public static void wachtTotStreefwaardenBij(String bootstrap, AppConfig c, Duration max) throws Exception {
        String groep = c.applicationId() + "-streefwaarden";
        wachtTotGroepBij(bootstrap, groep, List.of(c.topics().indicatoren(), c.topics().begrotingen(), c.topics().peildatum(),
                c.topics().definities()), max);
        wachtTotGroepBij(bootstrap, groep, List.of(groep + "-streefwaarde-peildatum-repartition",
                groep + "-streefwaarde-invoer-repartition"), max);
    }
}
