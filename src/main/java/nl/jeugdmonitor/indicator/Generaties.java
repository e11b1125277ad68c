package nl.jeugdmonitor.indicator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import nl.jeugdmonitor.config.AppConfig;
import nl.jeugdmonitor.kafka.StreamsSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generations of the indicator engine on this instance (SPEC §6.4): the one that serves, and while a new
 * definition is rebuilt from {@code jeugdhulp.canoniek}, the rebuild beside it.
 *
 * <p>{@code jeugdhulp.definities} (compacted, one partition) holds every definition by id ({@code definitie:<id>}, its
 * whole content, so an instance can run a definition its own configuration no longer names) and which one serves
 * ({@code actief}). All instances read it and switch when {@code actief} names the rebuild: they agree through Kafka.
 * Any instance whose rebuild has caught up may write {@code actief}; the same value twice changes nothing.
 * After the switch the old generation is closed, its local state removed, its internal topics and consumer group
 * deleted and its keys on the shared topics tombstoned.
 */
public final class Generaties implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Generaties.class);
    public static final String ACTIEF = "actief";
    public static final String DEFINITIE = "definitie:";

    /** Progress of a rebuild: canonical events done of the total, the rate, and an estimate of the seconds left. */
    public record Voortgang(String definitie, long gedaan, long totaal, double perSeconde, Long resterendS) {}

    private final AppConfig config;
    private final String bootstrap;
    private final Function<Definitie, KafkaStreams> starter;
    private io.micrometer.core.instrument.MultiGauge definitieGauge;
    private volatile Generatie actief;
    private volatile Generatie herbouw;
    private volatile Voortgang voortgang;
    private volatile boolean stoppen;
    private Thread wacht;
    private long volgendeOffset;

    /** @param starter builds and starts the engine of a definition (its Kafka Streams application) */
    public Generaties(AppConfig config, String bootstrap, Function<Definitie, KafkaStreams> starter) {
        this.config = config;
        this.bootstrap = bootstrap;
        this.starter = starter;
    }

    public Generatie actief() {
        return actief;
    }

    /**
     * {@code jeugdmonitor_definitie{definitie, rol="actief"|"herbouw"}} 1 per running generation, and the rebuild's
     * progress: {@code jeugdmonitor_herbouw_events{soort="gedaan"|"totaal"}}, {@code _events_per_seconde},
     * {@code jeugdmonitor_herbouw_resterend_seconds} (NaN when nothing is rebuilt).
     */
    public Generaties registreer(io.micrometer.core.instrument.MeterRegistry registry) {
        definitieGauge = io.micrometer.core.instrument.MultiGauge.builder("jeugdmonitor.definitie")
                .description("the indicator definitions this instance runs (SPEC §6.4)").register(registry);
        for (String soort : List.of("gedaan", "totaal")) {
            io.micrometer.core.instrument.Gauge.builder("jeugdmonitor.herbouw.events", this,
                    g -> g.voortgang == null ? Double.NaN : soort.equals("gedaan") ? g.voortgang.gedaan() : g.voortgang.totaal())
                    .tag("soort", soort).description("canonical events the rebuild has done, of the total").register(registry);
        }
        io.micrometer.core.instrument.Gauge.builder("jeugdmonitor.herbouw.events.per.seconde", this,
                g -> g.voortgang == null ? Double.NaN : g.voortgang.perSeconde()).register(registry);
        io.micrometer.core.instrument.Gauge.builder("jeugdmonitor.herbouw.resterend", this,
                g -> g.voortgang == null || g.voortgang.resterendS() == null ? Double.NaN : g.voortgang.resterendS())
                .baseUnit("seconds").description("estimated time until the rebuild has caught up").register(registry);
        toonDefinities();
        return this;
    }

    private void toonDefinities() {
        if (definitieGauge == null) {
            return;
        }
        List<io.micrometer.core.instrument.MultiGauge.Row<?>> rijen = new ArrayList<>();
        Generatie a = actief;
        Generatie h = herbouw;
        if (a != null) {
            rijen.add(io.micrometer.core.instrument.MultiGauge.Row.of(io.micrometer.core.instrument.Tags.of("definitie", a.id(), "rol", "actief"), 1));
        }
        if (h != null) {
            rijen.add(io.micrometer.core.instrument.MultiGauge.Row.of(io.micrometer.core.instrument.Tags.of("definitie", h.id(), "rol", "herbouw"), 1));
        }
        definitieGauge.register(rijen, true);
    }

    /** The generation being rebuilt, or null. */
    public Generatie herbouw() {
        return herbouw;
    }

    public Voortgang voortgang() {
        return voortgang;
    }

    /** Every running generation: the serving one first. */
    public List<Generatie> alle() {
        List<Generatie> g = new ArrayList<>();
        Generatie a = actief;
        Generatie h = herbouw;
        if (a != null) {
            g.add(a);
        }
        if (h != null) {
            g.add(h);
        }
        return g;
    }

    /** What {@code jeugdhulp.definities} holds now: every definition by id, and the serving id (or null). */
    public record Stand(Map<String, Definitie> definities, String actief) {}

    public static Stand lees(String bootstrap, String topic) {
        return lees(bootstrap, topic, null);
    }

    private static Stand lees(String bootstrap, String topic, long[] eind) {
        Map<String, Definitie> defs = new LinkedHashMap<>();
        String actief = null;
        try (KafkaConsumer<String, String> c = consumer(bootstrap)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long tot = c.endOffsets(List.of(tp)).get(tp);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (c.position(tp) < tot) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " within 60 s");
                }
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    if (ACTIEF.equals(r.key()) && r.value() != null) {
                        actief = r.value();
                    } else if (r.key() != null && r.key().startsWith(DEFINITIE) && r.value() != null) {
                        defs.put(r.key().substring(DEFINITIE.length()),
                                Definitie.uitJson(r.value().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                    }
                }
            }
            if (eind != null) {
                eind[0] = tot;
            }
        }
        return new Stand(defs, actief);
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
    }

    /** Writes {@code actief = id} (an operator's {@code status --activeer}, or a rebuild that caught up). */
    public static void activeer(String bootstrap, String topic, String id) {
        schrijf(bootstrap, topic, ACTIEF, id);
    }

    /** One record on the definitions topic, acknowledged by all replicas before this returns. */
    private static void schrijf(String bootstrap, String topic, String sleutel, String waarde) {
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            p.send(new ProducerRecord<>(topic, 0, sleutel, waarde)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to " + topic, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write to " + topic + ": " + e.getCause().getMessage(), e);
        }
    }

    /**
     * Starts the serving generation and, when the configuration names another definition, its rebuild. The first start
     * of all makes the configured definition the serving one.
     */
    public Generaties start() {
        String topic = config.topics().definities();
        Definitie gewenst = Definitie.van(config);
        long[] eind = new long[1];
        Stand stand = lees(bootstrap, topic, eind);
        volgendeOffset = eind[0];
        if (!stand.definities().containsKey(gewenst.id())) {
            schrijf(bootstrap, topic, DEFINITIE + gewenst.id(), new String(gewenst.json(), java.nio.charset.StandardCharsets.UTF_8));
        }
        Definitie serveert = stand.actief() == null ? null : stand.definities().get(stand.actief());
        if (serveert == null || serveert.id().equals(gewenst.id())) {
            if (stand.actief() == null) {
                activeer(bootstrap, topic, gewenst.id());
            } else if (serveert == null) {
                throw new IllegalStateException(topic + " names " + stand.actief() + " as serving but holds no such definition");
            }
            actief = new Generatie(gewenst, starter.apply(gewenst));
            LOG.info("indicator definition {} serves", gewenst);
        } else {
            actief = new Generatie(serveert, starter.apply(serveert));
            if (!serveert.kanRekenen()) {
                // computing it with this code's facts would mix two definitions: it answers from its stores, frozen
                actief.streams().pause();
                LOG.warn("indicator definition {} serves paused: it was computed by facts version {}, this code computes {}",
                        serveert.id(), serveert.feitenVersie(), Definitie.FEITEN_VERSIE);
            }
            herbouw = new Generatie(gewenst, starter.apply(gewenst));
            LOG.info("indicator definition {} serves while {} is rebuilt from {} ({} switch-over)", serveert.id(), gewenst,
                    config.topics().canoniek(), config.indicatoren().overschakelen());
        }
        toonDefinities();
        wacht = new Thread(this::wacht, "definitie-wacht");
        wacht.setDaemon(true);
        wacht.start();
        return this;
    }

    /** Follows {@code jeugdhulp.definities}, measures the rebuild, and switches when {@code actief} names it. */
    private void wacht() {
        TopicPartition tp = new TopicPartition(config.topics().definities(), 0);
        try (KafkaConsumer<String, String> c = consumer(bootstrap);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            c.assign(List.of(tp));
            c.seek(tp, volgendeOffset);
            long vorigeMeting = 0;
            while (!stoppen) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    if (ACTIEF.equals(r.key()) && r.value() != null) {
                        wordtActief(r.value(), admin);
                    }
                }
                Generatie h = herbouw;
                if (h != null && System.nanoTime() - vorigeMeting > 2_000_000_000L) {
                    vorigeMeting = System.nanoTime();
                    meet(h, admin);
                }
            }
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            // closing
        } catch (RuntimeException e) {
            if (!stoppen) {
                LOG.error("following {} stopped; this instance no longer switches definitions", config.topics().definities(), e);
            }
        }
    }

    private void wordtActief(String id, Admin admin) {
        Generatie h = herbouw;
        if (h != null && h.id().equals(id)) {
            Generatie oud = actief;
            actief = h;
            herbouw = null;
            voortgang = null;
            toonDefinities();
            LOG.info("indicator definition {} serves now (was {})", id, oud.id());
            ruimOp(oud, admin);
        } else if (!actief.id().equals(id)) {
            LOG.error("{} names definition {} as serving, which this instance does not run (it serves {}): give every "
                    + "instance the same configuration", config.topics().definities(), id, actief.id());
        }
    }

    /**
     * How far the engine of definition {@code d} is: canonical events committed of those on the topic, and the deltas
     * it has not yet aggregated. {@code begonnen} is false while its group has committed nothing.
     */
    public record Achterstand(long gedaan, long totaal, long deltasAchter, boolean begonnen) {}

    public static Achterstand achterstand(Admin admin, AppConfig config, Definitie d) throws InterruptedException, ExecutionException {
        String groep = config.applicationId() + "-" + IndicatorTopology.suffix(d);
        Map<TopicPartition, OffsetAndMetadata> gecommit = admin.listConsumerGroupOffsets(groep).partitionsToOffsetAndMetadata().get();
        String canoniek = config.topics().canoniek();
        Map<TopicPartition, OffsetSpec> vraag = new HashMap<>();
        admin.describeTopics(List.of(canoniek)).allTopicNames().get().get(canoniek).partitions()
                .forEach(p -> vraag.put(new TopicPartition(canoniek, p.partition()), OffsetSpec.latest()));
        String deltas = groep + "-indicator-deltas-repartition";
        gecommit.keySet().stream().filter(tp -> tp.topic().equals(deltas)).forEach(tp -> vraag.put(tp, OffsetSpec.latest()));
        long totaal = 0;
        long gedaan = 0;
        long deltasAchter = 0;
        for (var e : admin.listOffsets(vraag).all().get().entrySet()) {
            OffsetAndMetadata o = gecommit.get(e.getKey());
            long eind = e.getValue().offset();
            long klaar = o == null ? 0 : Math.min(o.offset(), eind);
            if (e.getKey().topic().equals(canoniek)) {
                totaal += eind;
                gedaan += klaar;
            } else {
                deltasAchter += eind - klaar;
            }
        }
        return new Achterstand(gedaan, totaal, deltasAchter, !gecommit.isEmpty());
    }

    /** Measures the rebuild's progress; switches (automatisch) once its lag is within the margin. */
    private void meet(Generatie h, Admin admin) {
        try {
            Achterstand a = achterstand(admin, config, h.definitie());
            long nu = System.nanoTime();
            if (eersteMeting == null) {
                eersteMeting = new long[] {nu, a.gedaan()};
            }
            // over the whole rebuild so far: commits come in steps, and a rate between two of them jumps from 0 to twice
            double rate = nu == eersteMeting[0] ? 0 : Math.max(0, (a.gedaan() - eersteMeting[1]) / ((nu - eersteMeting[0]) / 1e9));
            Long resterend = rate > 0 ? Math.round((a.totaal() - a.gedaan()) / rate) : null;
            voortgang = new Voortgang(h.id(), a.gedaan(), a.totaal(), rate, resterend);
            boolean bij = h.streams().state() == KafkaStreams.State.RUNNING && (a.totaal() == 0 || a.begonnen())
                    && a.totaal() - a.gedaan() + a.deltasAchter() <= config.indicatoren().overschakelMarge();
            if (bij && "automatisch".equals(config.indicatoren().overschakelen())) {
                LOG.info("the rebuild of definition {} caught up ({} events): switching", h.id(), a.gedaan());
                activeer(bootstrap, config.topics().definities(), h.id());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.debug("rebuild progress not measured: {}", e.getCause().toString());
        }
    }

    /** Time and events done at the rebuild's first measurement on this instance. */
    private long[] eersteMeting;

    /**
     * Removes what the old generation left: its Kafka Streams application and local state, its internal topics and
     * consumer group, and its keys on the shared indicator and peildatum topics (tombstones, so compaction drops them).
     * Every instance does it; what another already removed is simply not found.
     */
    private void ruimOp(Generatie oud, Admin admin) {
        StreamsSettings.sluit(oud.streams());
        oud.streams().cleanUp();
        String groep = config.applicationId() + "-" + IndicatorTopology.suffix(oud.definitie());
        try {
            List<String> intern = admin.listTopics().names().get().stream().filter(t -> t.startsWith(groep + "-")).toList();
            admin.deleteTopics(intern).all().get();
            LOG.info("removed the {} internal topics of definition {}", intern.size(), oud.id());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException e) {
            LOG.info("internal topics of definition {} not (all) removed here: {}", oud.id(), e.getCause().toString());
        }
        try {
            admin.deleteConsumerGroups(List.of(groep)).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException e) {
            LOG.info("consumer group {} not removed here (another instance may still leave it): {}", groep, e.getCause().toString());
        }
        List<KeyValue<String, String>> graf = new ArrayList<>();
        try {
            graf.addAll(sleutels(actief.streams(), IndicatorTopology.KOPIE, oud.id(), config.topics().indicatoren()));
            graf.addAll(sleutels(actief.streams(), IndicatorTopology.PEILDATUM, oud.id(), config.topics().peildatum()));
        } catch (org.apache.kafka.streams.errors.InvalidStateStoreException e) {
            LOG.info("keys of definition {} on the shared topics are left to a later switch: {}", oud.id(), e.getMessage());
        }
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            graf.forEach(kv -> p.send(new ProducerRecord<>(kv.value, kv.key, null)));
        }
        LOG.info("definition {} removed: {} keys tombstoned on the shared topics", oud.id(), graf.size());
    }

    /** The keys of definition {@code id} in a global store of {@code streams}, each with the topic it came from. */
    private static List<KeyValue<String, String>> sleutels(KafkaStreams streams, String store, String id, String topic) {
        ReadOnlyKeyValueStore<String, Object> s = streams.store(StoreQueryParameters.fromNameAndType(store,
                QueryableStoreTypes.<String, Object>keyValueStore()));
        List<KeyValue<String, String>> out = new ArrayList<>();
        try (KeyValueIterator<String, Object> it = s.prefixScan(Sleutel.prefix(id), Serdes.String().serializer())) {
            it.forEachRemaining(kv -> out.add(KeyValue.pair(kv.key, topic)));
        }
        return out;
    }

    @Override
    public void close() {
        stoppen = true;
        if (wacht != null) {
            // no interrupt: it ends within its poll timeout, and an interrupted consumer logs an error while closing
            try {
                wacht.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Generatie g : alle()) {
            StreamsSettings.sluit(g.streams());
        }
    }
}
