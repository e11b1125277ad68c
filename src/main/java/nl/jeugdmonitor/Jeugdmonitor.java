package nl.jeugdmonitor;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import nl.jeugdmonitor.api.AbonnementApi;
import nl.jeugdmonitor.api.AlertHistorie;
import nl.jeugdmonitor.api.StreefwaardeApi;
import nl.jeugdmonitor.notify.AbonnementTokens;
import nl.jeugdmonitor.notify.MailTeksten;
import nl.jeugdmonitor.notify.Mailer;
import nl.jeugdmonitor.notify.NotifierTopology;
import nl.jeugdmonitor.streefwaarde.StreefwaardeTopology;
import nl.jeugdmonitor.streefwaarde.Alert;
import nl.jeugdmonitor.streefwaarde.Streefwaarden;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import nl.jeugdmonitor.api.ApiServer;
import nl.jeugdmonitor.api.Cluster;
import nl.jeugdmonitor.api.Paginas;
import nl.jeugdmonitor.api.QueryApi;
import nl.jeugdmonitor.api.Toegang;
import org.apache.kafka.streams.state.HostInfo;
import nl.jeugdmonitor.config.AppConfig;
import nl.jeugdmonitor.indicator.Definitie;
import nl.jeugdmonitor.indicator.Generatie;
import nl.jeugdmonitor.indicator.Generaties;
import nl.jeugdmonitor.indicator.IndicatorTopology;
import nl.jeugdmonitor.indicator.LokaleBron;
import nl.jeugdmonitor.indicator.Metingen;
import nl.jeugdmonitor.ingest.IngestMetrics;
import nl.jeugdmonitor.ingest.IngestTopology;
import nl.jeugdmonitor.kafka.StreamsSettings;
import nl.jeugdmonitor.kafka.Topics;
import nl.jeugdmonitor.metrics.Metrics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance of the monitor: its topologies (one Kafka Streams application each) and its HTTP server.
 * Several instances with the same configuration share the work through Kafka's partition assignment.
 */
public final class Jeugdmonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Jeugdmonitor.class);

    /**
     * Everything an instance needs to start. {@code pseudonymKey} is secret and never logged; {@code host} is the name
     * other instances reach this one's HTTP port by (Kafka Streams application.server).
     */
    public record Instelling(AppConfig config, String bootstrapServers, int httpPort, Path stateDir, byte[] pseudonymKey,
                             Toegang toegang, String host, Clock klok, String smtpWachtwoord) {
        public Instelling(AppConfig config, String bootstrapServers, int httpPort, Path stateDir, byte[] pseudonymKey) {
            this(config, bootstrapServers, httpPort, stateDir, pseudonymKey, Toegang.geen(), "localhost", Clock.systemUTC(), null);
        }

        public Instelling met(Toegang toegang, String host) {
            return new Instelling(config, bootstrapServers, httpPort, stateDir, pseudonymKey, toegang, host, klok, smtpWachtwoord);
        }

        /** The same with another clock: tests move it to the next digest hour. */
        public Instelling met(Clock klok) {
            return new Instelling(config, bootstrapServers, httpPort, stateDir, pseudonymKey, toegang, host, klok, smtpWachtwoord);
        }
    }

    private final Instelling instelling;
    private final PrometheusMeterRegistry registry = Metrics.prometheus();
    private final List<KafkaStreams> streams = new ArrayList<>();
    private final Map<String, KafkaStreams> perTopologie = new java.util.HashMap<>();
    private final List<KafkaStreamsMetrics> streamsMetrics = new ArrayList<>();
    private ApiServer api;
    private Generaties generaties;
    private String endpoint;
    private AlertHistorie historie;
    private nl.jeugdmonitor.metrics.IndicatorMetrics indicatorMetrics;
    private KafkaProducer<String, byte[]> producer;
    private volatile HostInfo zelf;

    private java.util.function.Consumer<io.javalin.Javalin> extraRoutes = app -> { };
    private final Map<String, String> links = new java.util.LinkedHashMap<>();

    public Jeugdmonitor(Instelling instelling) {
        this.instelling = instelling;
    }

    /** More HTTP routes, registered at start (the demo's mailbox). */
    public Jeugdmonitor metRoutes(java.util.function.Consumer<io.javalin.Javalin> routes) {
        this.extraRoutes = routes;
        return this;
    }

    /** A link in the pages' navigation (the demo's mailbox). */
    public Jeugdmonitor metLink(String label, String href) {
        links.put(label, href);
        return this;
    }

    /** The topologies this instance runs, by name; also what {@code topologies/} documents. */
    public static Map<String, Topology> topologies(AppConfig config, byte[] pseudonymKey, MeterRegistry registry, Clock klok,
                                                   String smtpWachtwoord) {
        return topologies(config, pseudonymKey, registry, klok, smtpWachtwoord, Alert::rustOpGenoeg);
    }

    /** @param voorKijker whether a kijker may see an alert's pair now (the API's suppression; mails of kijkers follow it) */
    public static Map<String, Topology> topologies(AppConfig config, byte[] pseudonymKey, MeterRegistry registry, Clock klok,
                                                   String smtpWachtwoord, java.util.function.Predicate<Alert> voorKijker) {
        Topics topics = Topics.from(config.topics());
        MailTeksten teksten = new MailTeksten(config.mail(), new AbonnementTokens(pseudonymKey));
        return Map.of(IngestTopology.SUFFIX, IngestTopology.build(config, topics, pseudonymKey, new IngestMetrics(registry)),
                IndicatorTopology.SUFFIX, IndicatorTopology.build(config, topics, registry, Definitie.van(config)),
                StreefwaardeTopology.SUFFIX, StreefwaardeTopology.build(config, topics, streefwaarden(config), registry),
                NotifierTopology.SUFFIX, NotifierTopology.build(config, teksten, new Mailer(config.mail(), smtpWachtwoord), klok, registry,
                        voorKijker));
    }

    public static Streefwaarden streefwaarden(AppConfig config) {
        return Streefwaarden.van(config.streefwaarden().bestand(), IndicatorTopology.catalogus(config));
    }

    public Jeugdmonitor start() {
        AppConfig config = instelling.config();
        maakTopics(config);
        generaties = new Generaties(config, instelling.bootstrapServers(), this::startIndicatoren).registreer(registry);
        Streefwaarden streefwaarden = streefwaarden(config);
        QueryApi query = new QueryApi(generaties, () -> zelf, instelling.toegang(), Cluster.van(instelling.pseudonymKey(), instelling.klok()),
                streefwaarden.gemeenten());
        historie = new AlertHistorie(instelling.bootstrapServers(), config.topics().alerts()).start();
        StreefwaardeApi streefwaardeApi = new StreefwaardeApi(() -> perTopologie.get(StreefwaardeTopology.SUFFIX), historie, streefwaarden, query);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, instelling.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        AbonnementApi abonnementApi = new AbonnementApi(() -> perTopologie.get(NotifierTopology.SUFFIX), producer, config,
                streefwaarden, new AbonnementTokens(instelling.pseudonymKey()), instelling.klok());
        Map<String, String> paginaLinks = new java.util.LinkedHashMap<>();
        if (config.mail().grafanaUrl() != null && !config.mail().grafanaUrl().isBlank()) {
            paginaLinks.put("Grafana", config.mail().grafanaUrl());
        }
        paginaLinks.putAll(links);
        Paginas paginas = new Paginas(instelling.toegang(), streefwaardeApi, query, streefwaarden, paginaLinks);
        api = new ApiServer(registry, this::isReady, this::gereedheid, app -> {
            query.registreer(app);
            streefwaardeApi.registreer(app);
            abonnementApi.registreer(app);
            paginas.registreer(app);
            extraRoutes.accept(app);
        }).start(instelling.httpPort());
        zelf = new HostInfo(instelling.host(), api.port());
        endpoint = instelling.host() + ":" + api.port();
        generaties.start();
        for (Map.Entry<String, Topology> t : topologies(config, instelling.pseudonymKey(), registry, instelling.klok(),
                instelling.smtpWachtwoord(), streefwaardeApi::zichtbaarVoorKijker).entrySet()) {
            if (!t.getKey().equals(IndicatorTopology.SUFFIX)) { // the indicator engine runs per definition (Generaties)
                KafkaStreams ks = startStreams(t.getValue(), t.getKey());
                streams.add(ks);
                perTopologie.put(t.getKey(), ks);
            }
        }
        indicatorMetrics = new nl.jeugdmonitor.metrics.IndicatorMetrics(registry, generaties::actief, streefwaarden).start();
        nl.jeugdmonitor.metrics.StreefwaardeMetrics.registreer(registry, streefwaarden,
                () -> perTopologie.get(StreefwaardeTopology.SUFFIX), () -> perTopologie.get(NotifierTopology.SUFFIX), indicatorMetrics::zichtbaar);
        LOG.info("jeugdmonitor instance started: HTTP on port {}, Kafka at {}", api.port(), instelling.bootstrapServers());
        return this;
    }

    /** Builds and starts the indicator engine of one definition: application id, stores and internal topics carry its id. */
    private KafkaStreams startIndicatoren(Definitie definitie) {
        Topology t = IndicatorTopology.build(instelling.config(), Topics.from(instelling.config().topics()), registry, definitie);
        String suffix = IndicatorTopology.suffix(definitie);
        return startStreams(t, suffix, StreamsSettings.voorIndicatoren(instelling.config(), suffix, instelling.bootstrapServers(),
                instelling.stateDir(), endpoint));
    }

    private KafkaStreams startStreams(Topology topology, String suffix) {
        return startStreams(topology, suffix, StreamsSettings.voor(instelling.config(), suffix, instelling.bootstrapServers(),
                instelling.stateDir(), endpoint));
    }

    private KafkaStreams startStreams(Topology topology, String suffix, Properties props) {
        KafkaStreams ks = new KafkaStreams(topology, props);
        ks.setUncaughtExceptionHandler(e -> {
            // ingest turns bad records into DLQ entries; what reaches here is infrastructure (broker, disk): retry on a fresh thread
            LOG.error("stream thread of {} failed; replacing it", suffix, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        ks.setStateListener((nieuw, oud) -> LOG.info("{}: {} -> {}", suffix, oud, nieuw));
        KafkaStreamsMetrics m = new KafkaStreamsMetrics(ks);
        m.bindTo(registry);
        streamsMetrics.add(m);
        ks.start();
        return ks;
    }

    /** What /ready tells besides READY: the serving definition and a rebuild's progress (SPEC §6.4). */
    private Map<String, Object> gereedheid() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        Generatie a = generaties == null ? null : generaties.actief();
        m.put("definitie", a == null ? null : a.id());
        Generatie h = generaties == null ? null : generaties.herbouw();
        if (h != null) {
            Generaties.Voortgang v = generaties.voortgang();
            Map<String, Object> herbouw = new java.util.LinkedHashMap<>();
            herbouw.put("definitie", h.id());
            herbouw.put("gedaan", v == null ? null : v.gedaan());
            herbouw.put("totaal", v == null ? null : v.totaal());
            herbouw.put("perSeconde", v == null ? null : Math.round(v.perSeconde()));
            herbouw.put("resterendS", v == null ? null : v.resterendS());
            m.put("herbouw", herbouw);
        }
        return m;
    }

    private void maakTopics(AppConfig config) {
        List<NewTopic> wanted = Topics.from(config.topics()).toCreate();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, instelling.bootstrapServers()))) {
            for (NewTopic t : wanted) {
                try {
                    admin.createTopics(List.of(t)).all().get();
                    LOG.info("created topic {} ({} partitions)", t.name(), t.numPartitions());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + t.name() + ": " + e.getCause().getMessage(), e);
                    }
                }
            }
            // a created topic reaches the brokers' metadata a moment later; a global store that starts before
            // that fails with "no partitions available", so wait until every topic is described
            List<String> namen = wanted.stream().map(NewTopic::name).toList();
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
            while (true) {
                try {
                    admin.describeTopics(namen).allTopicNames().get();
                    break;
                } catch (ExecutionException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("topics not visible after 60 s: " + e.getCause().getMessage(), e);
                    }
                    Thread.sleep(100);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /** Ready when every topology is RUNNING and the indicator stores answer queries (SPEC §8 /ready). */
    public boolean isReady() {
        Generatie actief = generaties == null ? null : generaties.actief();
        if (streams.isEmpty() || actief == null || !streams.stream().allMatch(s -> s.state() == KafkaStreams.State.RUNNING)
                || actief.streams().state() != KafkaStreams.State.RUNNING) {
            return false;
        }
        try {
            indicatorBron().peildatum();
            return true;
        } catch (org.apache.kafka.streams.errors.InvalidStateStoreException e) {
            return false;
        }
    }

    /** The indicator stores of this instance. */
    public LokaleBron indicatorBron() {
        return new LokaleBron(generaties.actief());
    }

    /** The generations of the indicator engine on this instance. */
    public Generaties generaties() {
        return generaties;
    }

    /** The measures over this instance's stores. */
    public Metingen metingen() {
        return new Metingen(indicatorBron());
    }

    /** Every HTTP route of this instance as "METHOD path" (the OpenAPI document is checked against it). */
    public List<String> routes() {
        return api.javalin().unsafeConfig().pvt.internalRouter.allHttpHandlers().stream()
                .map(e -> e.getEndpoint().getMethod() + " " + e.getEndpoint().getPath()).toList();
    }

    public int httpPort() {
        return api.port();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        for (KafkaStreams ks : streams) {
            StreamsSettings.sluit(ks);
        }
        if (generaties != null) {
            generaties.close();
        }
        streamsMetrics.forEach(KafkaStreamsMetrics::close);
        if (api != null) {
            api.close();
        }
        if (historie != null) {
            historie.close();
        }
        if (indicatorMetrics != null) {
            indicatorMetrics.close();
        }
        if (producer != null) {
            producer.close();
        }
    }
}
