package nl.jeugdmonitor.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.Validator;
import nl.jeugdmonitor.config.AppConfig;
import nl.jeugdmonitor.event.CanoniekEvent;
import nl.jeugdmonitor.indicator.BinaireSerdes;
import nl.jeugdmonitor.indicator.IndicatorTopology;
import nl.jeugdmonitor.ingest.Bsn;
import nl.jeugdmonitor.ingest.IjwSchema;
import nl.jeugdmonitor.ingest.IngestMetrics;
import nl.jeugdmonitor.ingest.IngestTopology;
import nl.jeugdmonitor.kafka.EmbeddedKafka;
import nl.jeugdmonitor.kafka.JsonSerde;
import nl.jeugdmonitor.kafka.StreamsSettings;
import nl.jeugdmonitor.kafka.Topics;
import nl.jeugdmonitor.simulator.Kalibratie;
import nl.jeugdmonitor.simulator.Simulator;
import nl.jeugdmonitor.simulator.SimulatorProducent;
import nl.jeugdmonitor.trajectory.Dossier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bench}: one run that measures, on this machine, ingest against the bare XSD validator, a re-aggregation replay
 * against a bare consumer and a pass-through Streams app, then — with the monitor as its own process restoring its
 * state from the changelogs — restore time, freshness and query latency under live load, and the footprint. Writes
 * the table to stdout and JSON under {@code target/bench/}. Not part of {@code mvn verify}.
 */
public final class Bench {

    private static final Logger LOG = LoggerFactory.getLogger(Bench.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String TOKEN = "bench-analist-" + HexFormat.of().formatHex(new byte[8]);

    private final Map<String, Object> uitkomst = new LinkedHashMap<>();
    private final double schaal;
    private final int jaar;
    private final long seed;
    private final Path uit;
    private final Path configBestand;
    private final List<String> jvm;
    private final byte[] sleutel = nl.jeugdmonitor.config.PseudonymKey.random(); // the monitor process gets it too, and checks it

    /**
     * {@code configBestand} (may be null) overrides the defaults as for {@code run}, e.g. the processing guarantee;
     * {@code jvm} are the options of the monitor's own JVM, e.g. its heap and collector.
     */
    public Bench(double schaal, int jaar, long seed, Path uit, Path configBestand, String jvm) {
        this(schaal, jaar, seed, uit, configBestand, jvm, FASEN);
    }

    /** The phases one may choose; simulating the messages and ingesting them always run (the others read their topics). */
    public static final List<String> FASEN = List.of("validator", "replay", "bare-consumer", "pass-through", "client-state", "app");

    private final java.util.Set<String> alleen;

    /** @param alleen the phases of {@link #FASEN} to run (the bench's {@code --only}) */
    public Bench(double schaal, int jaar, long seed, Path uit, Path configBestand, String jvm, List<String> alleen) {
        for (String f : alleen) {
            if (!FASEN.contains(f)) {
                throw new IllegalArgumentException("bench --only takes phases of " + FASEN + ", not '" + f + "'");
            }
        }
        if (alleen.contains("app") && !alleen.contains("replay")) {
            throw new IllegalArgumentException("bench --only app needs replay too: the monitor restores the replay's state");
        }
        this.alleen = java.util.Set.copyOf(alleen);
        this.schaal = schaal;
        this.jaar = jaar;
        this.seed = seed;
        this.uit = uit;
        this.configBestand = configBestand;
        this.jvm = Stream.of(jvm.trim().split("\\s+")).filter(o -> !o.isEmpty()).toList();
    }

    private Simulator simulator(int van, int tot) {
        return new Simulator(Kalibratie.twente(), new Simulator.Instellingen(seed, van, tot, schaal, 0.0));
    }

    private AppConfig config() {
        return AppConfig.load(configBestand).withApplicationId("bench");
    }

    private static volatile String fase = "start";
    private static volatile String voortgang = "";
    private static final long BEGIN = System.nanoTime();

    /** The bench's status line: phase, records done of the total, rate, time left (console.Statusregel shows it). */
    public static String status() {
        return String.format(java.util.Locale.forLanguageTag("nl"), "bench %s · %s · %.0f s", fase, voortgang, seconden(BEGIN));
    }

    private static void fase(String naam) {
        fase = naam;
        voortgang = "";
    }

    public Map<String, Object> draai() throws Exception {
        AppConfig config = config();
        Path werk = Files.createTempDirectory("jeugdmonitor-bench");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            String bootstrap = kafka.bootstrapServers();
            admin.createTopics(Topics.from(config.topics()).toCreate()).all().get();
            uitkomst.put("scale", schaal);
            uitkomst.put("year", jaar);
            uitkomst.put("cores", Runtime.getRuntime().availableProcessors());
            uitkomst.put("processing_guarantee", StreamsSettings.voor(config, "x", bootstrap, werk, null)
                    .get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
            uitkomst.put("stream_threads", config.indicatoren().streamThreads()); // of the replay and the pass-through

            long t = System.nanoTime();
            fase("simulate");
            SimulatorProducent.Voortgang sim = new SimulatorProducent.Voortgang();
            Thread simStatus = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    voortgang = String.format(java.util.Locale.forLanguageTag("nl"), "%,d messages, simulated up to %s", sim.verstuurd(), sim.dag());
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-simulate-status");
            simStatus.setDaemon(true);
            simStatus.start();
            Simulator.Telling telling = SimulatorProducent.stuur(simulator(jaar, jaar), bootstrap, config.topics().ijw(), 0, sim);
            simStatus.interrupt();
            uitkomst.put("messages", telling.berichten.values().stream().mapToLong(Long::longValue).sum());
            uitkomst.put("load_s", seconden(t));
            uitkomst.put("phases", FASEN.stream().filter(alleen::contains).toList());
            if (alleen.contains("validator")) {
                fase("validator");
                meetValidator();
                LOG.info("so far: {}", uitkomst);
            }
            fase("ingest");
            meetIngest(config, bootstrap, admin, werk);
            LOG.info("so far: {}", uitkomst);
            if (alleen.contains("replay")) {
                fase("replay");
                meetReplay(config, bootstrap, admin, werk);
                LOG.info("so far: {}", uitkomst);
            }
            if (alleen.contains("bare-consumer")) {
                fase("bare consumer");
                meetBareConsumer(config, bootstrap);
                LOG.info("so far: {}", uitkomst);
            }
            if (alleen.contains("pass-through")) {
                fase("pass-through");
                meetPassThrough(config, bootstrap, admin, werk);
                LOG.info("so far: {}", uitkomst);
            }
            if (alleen.contains("client-state")) {
                fase("client state");
                meetClientState(config, bootstrap, admin, werk);
                LOG.info("so far: {}", uitkomst);
            }
            verhoudingen();
            if (alleen.contains("app")) {
                fase("monitor: restore, freshness, queries");
                try {
                    meetApp(config, bootstrap, admin, werk);
                } catch (Exception e) {
                    // what was measured before (a national replay takes a quarter of an hour) is still written out
                    LOG.error("the monitor phase failed", e);
                    uitkomst.put("app_error", e.toString());
                }
            }
            fase("done");
        }
        schrijf();
        return uitkomst;
    }

    private static double seconden(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * The limit of ingest: the JDK's XSD validator alone over the same messages, one thread per core, timed by the wall
     * clock over batches of 5,000 (generating the messages is not counted).
     */
    private void meetValidator() throws Exception {
        Schema schema = IjwSchema.schema();
        int draden = Runtime.getRuntime().availableProcessors();
        ThreadLocal<Validator> validator = ThreadLocal.withInitial(schema::newValidator);
        var pool = Executors.newFixedThreadPool(draden);
        long[] bytes = {0};
        long[] nanos = {0};
        List<byte[]> partij = new ArrayList<>();
        Runnable valideer = () -> {
            long t0 = System.nanoTime();
            List<java.util.concurrent.Future<?>> klaar = new ArrayList<>();
            for (int d = 0; d < draden; d++) {
                int eigen = d;
                klaar.add(pool.submit(() -> {
                    for (int i = eigen; i < partij.size(); i += draden) {
                        try {
                            validator.get().validate(new StreamSource(new ByteArrayInputStream(partij.get(i))));
                        } catch (Exception e) {
                            // an invalid message is validated work too
                        }
                    }
                }));
            }
            for (var f : klaar) {
                try {
                    f.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            nanos[0] += System.nanoTime() - t0;
            partij.clear();
        };
        simulator(jaar, jaar).genereer(b -> {
            byte[] xml = b.xml().getBytes(StandardCharsets.UTF_8);
            bytes[0] += xml.length;
            partij.add(xml);
            if (partij.size() == 5_000) {
                valideer.run();
            }
        });
        valideer.run();
        pool.shutdown();
        double mb = bytes[0] / 1e6;
        uitkomst.put("xml_mb", mb);
        uitkomst.put("validator_mb_per_s", mb / (nanos[0] / 1e9));
    }

    private void meetIngest(AppConfig config, String bootstrap, Admin admin, Path werk) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Topology topo = IngestTopology.build(config, Topics.from(config.topics()), sleutel, new IngestMetrics(registry));
        double s = totBij(topo, StreamsSettings.voor(config, IngestTopology.SUFFIX, bootstrap, werk.resolve("state"), null), admin,
                List.of(config.topics().ijw(), config.applicationId() + "-ingest-ingest-berichten-repartition",
                        config.applicationId() + "-ingest-ingest-verzoeken-repartition"));
        double events = registry.find("jeugdmonitor.ingest.events").counters().stream().mapToDouble(c -> c.count()).sum();
        uitkomst.put("events", (long) events);
        uitkomst.put("ingest_s", s);
        uitkomst.put("ingest_events_per_s", events / s);
        if (uitkomst.get("xml_mb") instanceof Double mb) { // the validator phase measured the messages' size
            uitkomst.put("ingest_mb_per_s", mb / s);
            uitkomst.put("ingest_ratio", mb / s / (double) uitkomst.get("validator_mb_per_s"));
        }
    }

    /**
     * Starts a topology on a fresh application id and returns the seconds from its creation until its group has
     * committed the ends of {@code topics} (before it is closed).
     */
    private static double totBij(Topology topo, Properties props, Admin admin, List<String> topics) throws Exception {
        long t = System.nanoTime();
        KafkaStreams ks = new KafkaStreams(topo, props);
        try {
            ks.start();
            wachtTotBij(admin, props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG), topics);
            return seconden(t);
        } finally {
            // leaves the group: the monitor started next (phase app) would otherwise wait out this member's session
            StreamsSettings.sluit(ks);
        }
    }

    private void meetReplay(AppConfig config, String bootstrap, Admin admin, Path werk) throws Exception {
        nl.jeugdmonitor.indicator.Definitie definitie = nl.jeugdmonitor.indicator.Definitie.van(config);
        Topology topo = IndicatorTopology.build(config, Topics.from(config.topics()), new SimpleMeterRegistry(), definitie);
        String suffix = IndicatorTopology.suffix(definitie);
        double s = totBij(topo, StreamsSettings.voorIndicatoren(config, suffix, bootstrap, werk.resolve("state"), null), admin,
                List.of(config.topics().canoniek(), config.applicationId() + "-" + suffix + "-indicator-deltas-repartition"));
        uitkomst.put("replay_s", s);
        uitkomst.put("replay_events_per_s", (long) uitkomst.get("events") / s);
    }

    /** The limit of a replay: a plain consumer that reads and deserialises the canonical events. */
    private void meetBareConsumer(AppConfig config, String bootstrap) {
        var serde = JsonSerde.of(CanoniekEvent.class).deserializer();
        long n = 0;
        long t = System.nanoTime();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = c.partitionsFor(config.topics().canoniek()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> eind = c.endOffsets(tps);
            while (tps.stream().anyMatch(tp -> c.position(tp) < eind.get(tp))) {
                for (var r : c.poll(Duration.ofMillis(200))) {
                    serde.deserialize(r.topic(), r.value());
                    n++;
                }
            }
        }
        double s = seconden(t);
        uitkomst.put("bare_consumer_events_per_s", n / s);
    }

    /**
     * The ratios of one run, each where both its figures were measured: the replay against the pass-through app and
     * against the bare consumer, the pass-through app against the bare consumer (what Kafka Streams itself costs).
     */
    private void verhoudingen() {
        String[][] paren = {{"replay_vs_pass_through", "replay_events_per_s", "pass_through_events_per_s"},
                {"replay_vs_bare_consumer", "replay_events_per_s", "bare_consumer_events_per_s"},
                {"pass_through_vs_bare_consumer", "pass_through_events_per_s", "bare_consumer_events_per_s"},
                {"client_counter_vs_pass_through", "client_counter_events_per_s", "pass_through_events_per_s"},
                {"client_dossier_vs_pass_through", "client_dossier_events_per_s", "pass_through_events_per_s"},
                {"replay_vs_client_dossier", "replay_events_per_s", "client_dossier_events_per_s"}};
        for (String[] p : paren) {
            if (uitkomst.get(p[1]) instanceof Number a && uitkomst.get(p[2]) instanceof Number b) {
                uitkomst.put(p[0], a.doubleValue() / b.doubleValue());
            }
        }
    }

    /** A Kafka Streams app that reads the canonical events with the same serdes and guarantee and writes them on. */
    private void meetPassThrough(AppConfig config, String bootstrap, Admin admin, Path werk) throws Exception {
        Topics topics = Topics.from(config.topics());
        StreamsBuilder b = new StreamsBuilder();
        b.stream(topics.canoniek().name(), topics.canoniek().consumed("bench-bron"))
                .to("bench-doorgang", topics.canoniek().produced("bench-doorgang-sink"));
        admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("bench-doorgang", config.topics().partitions(), (short) 1))).all().get();
        // as many stream threads as the replay: the ratio compares the engine's work, not its threads
        double s = totBij(b.build(), StreamsSettings.voorIndicatoren(config, "doorgang", bootstrap, werk.resolve("state"), null), admin,
                List.of(config.topics().canoniek()));
        uitkomst.put("pass_through_events_per_s", (long) uitkomst.get("events") / s);
    }

    /**
     * What keeping state per client costs by itself, with the pass-through's serdes, guarantee and threads: two Streams
     * apps that read the canonical events and, for each, read and write their client's entry in a cached RocksDB store
     * (the store the engine keeps its dossiers in), forwarding nothing. In the first the entry is a counter, the least
     * any engine must read and write to retract what a client contributed; in the second it is the client's dossier as
     * the engine keeps it ({@link Dossier#verwerk}, the same serde), without the facts, deltas and aggregates.
     */
    private void meetClientState(AppConfig config, String bootstrap, Admin admin, Path werk) throws Exception {
        meetClientState(config, bootstrap, admin, werk, "client_counter", Serdes.Long(), (oud, e) -> oud == null ? 1L : oud + 1);
        // the dossiers' size, from one write in 64 (serialising them all again would slow what is measured)
        AtomicLong geteld = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        meetClientState(config, bootstrap, admin, werk, "client_dossier", BinaireSerdes.DOSSIER, (oud, e) -> {
            Dossier d = oud == null ? new Dossier() : oud;
            if (!d.verwerk(e)) {
                return null; // as the engine: a dossier the event does not change is not written
            }
            if (geteld.incrementAndGet() % 64 == 0) {
                bytes.addAndGet(BinaireSerdes.DOSSIER.serializer().serialize(null, d).length);
            }
            return d;
        });
        uitkomst.put("client_dossier_mean_bytes", bytes.get() / Math.max(1, geteld.get() / 64));
    }

    /** One client-state app: {@code stap} gives a client's entry after an event, or null when it need not be written. */
    private <V> void meetClientState(AppConfig config, String bootstrap, Admin admin, Path werk, String naam, Serde<V> serde,
                                     java.util.function.BiFunction<V, CanoniekEvent, V> stap) throws Exception {
        Topics topics = Topics.from(config.topics());
        String store = naam.replace('_', '-');
        StreamsBuilder b = new StreamsBuilder();
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store), Serdes.String(), serde).withCachingEnabled());
        b.stream(topics.canoniek().name(), topics.canoniek().consumed("bench-" + store + "-bron"))
                .process(() -> new Processor<String, CanoniekEvent, Void, Void>() {
                    private KeyValueStore<String, V> staat;

                    @Override
                    public void init(ProcessorContext<Void, Void> context) {
                        staat = context.getStateStore(store);
                    }

                    @Override
                    public void process(Record<String, CanoniekEvent> r) {
                        V nieuw = stap.apply(staat.get(r.key()), r.value());
                        if (nieuw != null) {
                            staat.put(r.key(), nieuw);
                        }
                    }
                }, Named.as("bench-" + store), store);
        double s = totBij(b.build(), StreamsSettings.voorIndicatoren(config, store, bootstrap, werk.resolve("state"), null), admin,
                List.of(config.topics().canoniek()));
        uitkomst.put(naam + "_events_per_s", (long) uitkomst.get("events") / s);
    }

    /** The monitor as its own process: restore from the changelogs, then freshness and queries under live load. */
    private void meetApp(AppConfig config, String bootstrap, Admin admin, Path werk) throws Exception {
        int poort;
        try (var s = new java.net.ServerSocket(0)) {
            poort = s.getLocalPort();
        }
        String eigen = configBestand == null ? "" : Files.readAllLines(configBestand).stream()
                .filter(r -> !r.startsWith("applicationId:")).collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        Files.writeString(werk.resolve("config.yaml"), eigen + "applicationId: bench\n");
        Files.writeString(werk.resolve("tokens.yaml"), "- {sha256: " + HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(TOKEN.getBytes(StandardCharsets.UTF_8)))
                + ", role: analist, gemeenten: [\"*\"]}\n");
        Path state = werk.resolve("app-state");
        String jar = Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> opdracht = new ArrayList<>(List.of(java));
        opdracht.addAll(jvm);
        // gc+phases: ZGC logs its pauses there, G1 its young pauses under gc already
        opdracht.addAll(List.of("-Xlog:gc,gc+phases:file=" + werk.resolve("gc.log"), "-jar", jar, "run", "--bootstrap-servers", bootstrap,
                "--http-port", String.valueOf(poort), "--config", werk.resolve("config.yaml").toString(),
                "--tokens", werk.resolve("tokens.yaml").toString(), "--state-dir", state.toString()));
        uitkomst.put("app_jvm", String.join(" ", jvm));
        ProcessBuilder pb = new ProcessBuilder(opdracht).redirectErrorStream(true).redirectOutput(werk.resolve("app.log").toFile());
        pb.environment().put("JEUGDMONITOR_PSEUDONIEM_SLEUTEL", new String(sleutel, StandardCharsets.UTF_8));
        long t = System.nanoTime();
        Process app = pb.start();
        try {
            String basis = "http://localhost:" + poort;
            while (status(basis + "/ready") != 200) {
                if (!app.isAlive()) {
                    throw new IllegalStateException("the monitor stopped; see " + werk.resolve("app.log"));
                }
                Thread.sleep(100);
            }
            uitkomst.put("restore_s", seconden(t));
            // the streefwaarden and notifier topologies start from nothing: let them catch up before measuring
            long t2 = System.nanoTime();
            wachtTotBij(admin, "bench-streefwaarden", List.of(config.topics().indicatoren()));
            uitkomst.put("streefwaarden_catch_up_s", seconden(t2));

            // the same query load before the live producer starts: what the queries cost without ingest competing;
            // first right after start (the JIT compiler and the first collections compete with it), then warmed up
            meetQueries(basis, "query_start", app.pid());
            meetQueries(basis, "query_idle", app.pid());
            double eventsPerDag = (long) uitkomst.get("events") / 365.0;
            double dagenPerSeconde = 750 / eventsPerDag;
            Thread live = new Thread(() -> SimulatorProducent.stuur(simulator(jaar + 1, jaar + 1), bootstrap, config.topics().ijw(),
                    dagenPerSeconde), "bench-live");
            live.setDaemon(true);
            live.start();
            Thread.sleep(5000);
            meetVersheid(bootstrap, basis, config);
            meetQueries(basis, "query", app.pid());
            uitkomst.put("rss_mb", rssMb(app.pid()));
            uitkomst.put("state_dir_mb", grootte(state) / 1e6);
        } finally {
            app.destroy();
            if (!app.waitFor(60, TimeUnit.SECONDS)) {
                app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        gcPauzes(werk.resolve("gc.log"));
    }

    /**
     * The monitor's stop-the-world pauses over its whole run, from its GC log: every HTTP request in flight during one
     * waits it out.
     */
    private void gcPauzes(Path log) throws IOException {
        java.util.regex.Pattern pauze = java.util.regex.Pattern.compile(" Pause .* (\\d+\\.\\d+)ms$");
        // ZGC: a thread waits for memory the collector frees ("Allocation Stall (thread) 12.3ms"; not the cycle's cause)
        java.util.regex.Pattern stall = java.util.regex.Pattern.compile(" Allocation Stall \\(.+\\) \\d+\\.\\d+ms$");
        List<Double> ms = new ArrayList<>();
        int stalls = 0;
        for (String regel : Files.readAllLines(log)) {
            var m = pauze.matcher(regel);
            if (m.find()) {
                ms.add(Double.parseDouble(m.group(1)));
            }
            stalls += stall.matcher(regel).find() ? 1 : 0;
        }
        Collections.sort(ms);
        uitkomst.put("gc_pauses", ms.size());
        uitkomst.put("gc_pause_total_ms", ms.stream().mapToDouble(Double::doubleValue).sum());
        uitkomst.put("gc_pause_p50_ms", ms.isEmpty() ? 0 : ms.get(ms.size() / 2));
        uitkomst.put("gc_pause_max_ms", ms.isEmpty() ? 0 : ms.get(ms.size() - 1));
        uitkomst.put("gc_allocation_stalls", stalls);
    }

    /** The status of a GET, or -1 when the monitor does not answer (an overloaded monitor is a result, not a crash). */
    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Event → queryable: a toewijzing for a new client on the events topic, until the client look-up answers. */
    private void meetVersheid(String bootstrap, String basis, AppConfig config) throws Exception {
        Bsn bsn = new Bsn(sleutel);
        List<Long> ms = new ArrayList<>();
        int verlopen = 0;
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 0), new ByteArraySerializer(), new ByteArraySerializer())) {
            long kandidaat = 900_000_000L;
            for (int i = 0; i < 100; i++) {
                while (!Bsn.isGeldig(String.valueOf(++kandidaat))) {
                    // next valid number
                }
                String nummer = String.valueOf(kandidaat);
                String json = "{\"type\":\"Toewijzing\",\"bsn\":\"" + nummer + "\",\"gemeente\":\"0153\",\"aanbieder\":\"12345678\","
                        + "\"toewijzingNummer\":\"B" + i + "\",\"productCategorie\":\"45\",\"productCode\":\"45G01\","
                        + "\"toewijzingsdatum\":\"" + LocalDate.of(jaar + 1, 1, 2) + "\",\"toewijzingstijd\":\"12:00:00\","
                        + "\"ingangsdatum\":\"" + LocalDate.of(jaar + 1, 1, 2) + "\"}";
                String url = basis + "/api/v1/clients/" + bsn.pseudoniem(nummer) + "/trajecten";
                long t = System.nanoTime();
                p.send(new ProducerRecord<>(config.topics().events(), json.getBytes(StandardCharsets.UTF_8))).get();
                while (status(url) != 200) {
                    if (seconden(t) > 60) {
                        verlopen++; // counted as 60 s: a lower bound
                        break;
                    }
                    Thread.sleep(2);
                }
                ms.add((System.nanoTime() - t) / 1_000_000);
                Thread.sleep(50);
            }
        }
        Collections.sort(ms);
        uitkomst.put("freshness_p50_ms", ms.get(ms.size() / 2));
        uitkomst.put("freshness_p99_ms", ms.get((int) Math.ceil(ms.size() * 0.99) - 1));
        uitkomst.put("freshness_probes_over_60_s", verlopen);
    }

    /**
     * 200 requests/s for 30 s, alternately a 12-month series of one gemeente and the region's waiting list; beside the
     * latencies, the cores the monitor used and how busy the whole machine was meanwhile.
     */
    private void meetQueries(String basis, String naam, long pid) throws Exception {
        long cpu0 = cpuTicks(Path.of("/proc/" + pid + "/stat"));
        long[] machine0 = machineTicks();
        long t0 = System.nanoTime();
        ConcurrentLinkedQueue<Long> serie = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> lijst = new ConcurrentLinkedQueue<>();
        // the part of each request the monitor's handler took, from its Server-Timing header
        ConcurrentLinkedQueue<Long> serieServer = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> lijstServer = new ConcurrentLinkedQueue<>();
        AtomicLong fouten = new AtomicLong();
        Map<Integer, Long> statussen = new java.util.concurrent.ConcurrentSkipListMap<>();
        ScheduledExecutorService planner = Executors.newScheduledThreadPool(2);
        List<CompletableFuture<?>> lopend = Collections.synchronizedList(new ArrayList<>());
        AtomicLong n = new AtomicLong();
        planner.scheduleAtFixedRate(() -> {
            boolean isSerie = n.incrementAndGet() % 2 == 0;
            String pad = isSerie ? "/api/v1/indicators/jeugdigen?groep=verblijf&gemeente=0153&granularity=maand" : "/api/v1/wachtlijst";
            long t = System.nanoTime();
            lopend.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(basis + pad)).header("Authorization", "Bearer " + TOKEN).build(),
                    HttpResponse.BodyHandlers.discarding()).handle((r, fout) -> {
                        int code = fout != null ? -1 : r.statusCode();
                        statussen.merge(code, 1L, Long::sum);
                        if (code != 200) {
                            fouten.incrementAndGet();
                        }
                        (isSerie ? serie : lijst).add(System.nanoTime() - t);
                        if (r != null) {
                            r.headers().firstValue("Server-Timing").map(Bench::serverNanos)
                                    .ifPresent((isSerie ? serieServer : lijstServer)::add);
                        }
                        return null;
                    }));
        }, 0, 5, TimeUnit.MILLISECONDS);
        Thread.sleep(30_000);
        planner.shutdownNow();
        CompletableFuture.allOf(lopend.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        double s = seconden(t0);
        long[] machine1 = machineTicks();
        percentielen(naam + "_series", serie);
        percentielen(naam + "_list", lijst);
        percentielen(naam + "_series_server", serieServer);
        percentielen(naam + "_list_server", lijstServer);
        uitkomst.put(naam + "_errors", fouten.get());
        uitkomst.put(naam + "_statuses", statussen);
        uitkomst.put(naam + "_p99_ms", uitkomst.get(naam + "_series_p99_ms"));
        uitkomst.put(naam + "_app_cores", (cpuTicks(Path.of("/proc/" + pid + "/stat")) - cpu0) / 100.0 / s);
        uitkomst.put(naam + "_machine_busy", 1 - (double) (machine1[1] - machine0[1]) / (machine1[0] - machine0[0]));
    }

    /** "app;dur=1.234" (milliseconds) as nanoseconds. */
    public static long serverNanos(String serverTiming) {
        return Math.round(Double.parseDouble(serverTiming.substring(serverTiming.indexOf("dur=") + 4)) * 1e6);
    }

    /** utime + stime of a process, in clock ticks (100 per second on Linux). */
    private static long cpuTicks(Path stat) throws IOException {
        String regel = Files.readString(stat);
        String[] f = regel.substring(regel.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** All and idle (+ iowait) clock ticks of the machine since boot. */
    private static long[] machineTicks() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long alle = 0;
        for (int i = 1; i < f.length; i++) {
            alle += Long.parseLong(f[i]);
        }
        return new long[] {alle, Long.parseLong(f[4]) + Long.parseLong(f[5])};
    }

    private void percentielen(String naam, ConcurrentLinkedQueue<Long> nanos) {
        List<Long> l = new ArrayList<>(nanos);
        Collections.sort(l);
        for (double q : new double[] {0.5, 0.99, 0.999}) {
            String sleutel = naam + "_p" + (q == 0.5 ? "50" : q == 0.99 ? "99" : "99_9") + "_ms";
            uitkomst.put(sleutel, l.isEmpty() ? null : l.get(Math.min(l.size() - 1, (int) Math.ceil(l.size() * q) - 1)) / 1e6);
        }
        uitkomst.put(naam + "_requests", l.size());
    }

    private static double rssMb(long pid) throws IOException {
        for (String regel : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (regel.startsWith("VmHWM:")) {
                return Long.parseLong(regel.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return -1;
    }

    private static long grootte(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** Until the group has committed the end of every partition of the topics (three checks in a row). */
    private static void wachtTotBij(Admin admin, String groep, List<String> topics) throws Exception {
        int goed = 0;
        long volgendeMelding = System.nanoTime() + 10_000_000_000L;
        long t0 = System.nanoTime();
        while (goed < 3) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groep).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> vraag = new HashMap<>();
            for (String topic : topics) {
                try {
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                            .forEach(p -> vraag.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                } catch (java.util.concurrent.ExecutionException e) {
                    vraag.put(new TopicPartition(topic, 0), OffsetSpec.latest()); // not created yet
                }
            }
            Map<String, Long> perTopic = new java.util.TreeMap<>();
            long achter;
            long totaal = 0;
            try {
                var eindes = admin.listOffsets(vraag).all().get();
                eindes.forEach((tp, eind) -> perTopic.merge(tp.topic(), Math.max(0, eind.offset()
                        - (committed.get(tp) == null ? 0 : committed.get(tp).offset())), Long::sum));
                achter = perTopic.values().stream().mapToLong(Long::longValue).sum();
                totaal = eindes.values().stream().mapToLong(e -> e.offset()).sum();
            } catch (java.util.concurrent.ExecutionException e) {
                achter = -1;
            }
            long gedaan = Math.max(0, totaal - Math.max(0, achter));
            double rate = gedaan / Math.max(1e-9, seconden(t0));
            voortgang = String.format(java.util.Locale.forLanguageTag("nl"), "%,d of %,d records, %,.0f/s, ~%s s left", gedaan, totaal, rate,
                    rate > 0 ? String.valueOf(Math.round((totaal - gedaan) / rate)) : "?");
            goed = achter == 0 ? goed + 1 : 0;
            if (System.nanoTime() > volgendeMelding) {
                LOG.info("{}: records behind {}", groep, perTopic);
                volgendeMelding = System.nanoTime() + 10_000_000_000L;
            }
            Thread.sleep(500);
        }
    }

    private void schrijf() throws IOException {
        Files.createDirectories(uit);
        StringBuilder tabel = new StringBuilder("\njeugdmonitor bench\n");
        uitkomst.forEach((k, v) -> tabel.append(String.format("  %-32s %s%n", k, v instanceof Double d ? String.format("%.2f", d) : v)));
        System.out.println(tabel);
        String json = JsonSerde.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(uitkomst);
        Files.writeString(uit.resolve("bench.json"), json + "\n");
        System.out.println("written to " + uit.resolve("bench.json"));
    }
}
