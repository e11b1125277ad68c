package nl.jeugdmonitor.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import nl.jeugdmonitor.config.AppConfig;
import nl.jeugdmonitor.event.CanoniekEvent;
import nl.jeugdmonitor.event.Verzoek;
import nl.jeugdmonitor.event.VerzoekAntwoord;
import nl.jeugdmonitor.kafka.JsonSerde;
import nl.jeugdmonitor.kafka.Topics;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Ingest (SPEC §3): iJw XML and canonical JSON in; validated, pseudonymised, deduplicated canonical
 * events out, keyed by client pseudonym; every rejected record to the DLQ, unchanged, with its reason.
 *
 * <pre>
 * jeugdhulp.ijw ────> ijw-valideer ────┐                      ┌─> jeugdhulp.dlq (original key/value + error headers)
 * jeugdhulp.events ─> events-valideer ─┴─> afgekeurd / geldig ┤
 *                                                             └─> repartition by message id ─> dedup ─┬─> jeugdhulp.canoniek
 *                   JW315 requests and JW319 answers ─> repartition by aanbieder|referentie ─> koppel ─┘ (answers with their client)
 * jeugdhulp.begroting ─> begroting-valideer ─> jeugdhulp.begrotingen (compacted) | jeugdhulp.dlq
 * </pre>
 * The repartition by message id makes deduplication correct whatever partition a redelivery lands on. A JW319 names
 * no client, only the aanbieder's reference of the request it answers: {@link Koppel} gives it the client of that
 * request (keeping an answer that arrives first until its request does), so every canonical event has a client.
 */
public final class IngestTopology {

    public static final String SUFFIX = "ingest";
    public static final String DEDUP_STORE = "ingest-berichten-gezien";
    public static final String KOPPEL_STORE = "ingest-verzoek-koppeling";

    private IngestTopology() {}

    public static Topology build(AppConfig config, Topics topics, byte[] pseudonymKey, IngestMetrics metrics) {
        StreamsBuilder builder = new StreamsBuilder();
        int maxBytes = config.ingest().maxBerichtBytes();
        Duration dedup = Duration.ofDays(config.ingest().dedupDagen());

        KStream<String, Uitkomst<Bericht>> ijw = builder.stream(topics.ijw().name(), topics.ijw().consumed("ijw-bron"))
                .process(() -> new Valideer<>(maxBytes, metrics, new Lezer<Bericht>() {
                    private final IjwParser parser = new IjwParser();
                    private final IjwExploder exploder = new IjwExploder(new Bsn(pseudonymKey));

                    @Override
                    public Bericht lees(byte[] value) throws Afkeuring {
                        IjwParser.Geparseerd g = parser.parse(value);
                        // valid, but not a message the monitor uses (retour messages): skipped and counted
                        return IjwSchema.VERWERKT.contains(g.type()) ? exploder.explodeer(g) : null;
                    }

                    @Override
                    public String sleutel(Bericht b) {
                        return b.id();
                    }

                    @Override
                    public String type() {
                        return parser.laatsteType();
                    }
                }), Named.as("ijw-valideer"));

        KStream<String, Uitkomst<Bericht>> json = builder.stream(topics.events().name(), topics.events().consumed("events-bron"))
                .process(() -> new Valideer<>(maxBytes, metrics, new Lezer<Bericht>() {
                    private final CanoniekJsonLezer lezer = new CanoniekJsonLezer(new Bsn(pseudonymKey));

                    @Override
                    public Bericht lees(byte[] value) throws Afkeuring {
                        return lezer.lees(value);
                    }

                    @Override
                    public String sleutel(Bericht b) {
                        return b.id();
                    }

                    @Override
                    public String type() {
                        return "json";
                    }
                }), Named.as("events-valideer"));

        KStream<String, Uitkomst<BegrotingLezer.Begroting>> begroting = builder.stream(topics.begroting().name(),
                        topics.begroting().consumed("begroting-bron"))
                .process(() -> new Valideer<>(maxBytes, metrics, new Lezer<BegrotingLezer.Begroting>() {
                    private final BegrotingLezer lezer = new BegrotingLezer();

                    @Override
                    public BegrotingLezer.Begroting lees(byte[] value) throws Afkeuring {
                        return lezer.lees(value);
                    }

                    @Override
                    public String sleutel(BegrotingLezer.Begroting b) {
                        return b.sleutel();
                    }

                    @Override
                    public String type() {
                        return "begroting";
                    }
                }), Named.as("begroting-valideer"));
        naarDlq(begroting, topics, "begroting-");
        // the latest valid budget per gemeente and year is the budget: a compacted topic
        begroting.filterNot((k, v) -> v.afgekeurd(), Named.as("begroting-geldig"))
                .mapValues(v -> v.waarde().bedragCent(), Named.as("begroting-bedrag"))
                .to(topics.begrotingen().name(), topics.begrotingen().produced("begrotingen-sink"));

        KStream<String, Uitkomst<Bericht>> uitkomst = ijw.merge(json, Named.as("ingest-samenvoegen"));
        naarDlq(uitkomst, topics, "ingest-");

        StoreBuilder<WindowStore<String, Long>> gezien = Stores.windowStoreBuilder(
                Stores.persistentWindowStore(DEDUP_STORE, dedup, dedup, false), Serdes.String(), Serdes.Long());
        builder.addStateStore(gezien);

        KStream<String, CanoniekEvent> events = uitkomst.filterNot((k, v) -> v.afgekeurd(), Named.as("ingest-geldig"))
                .mapValues(Uitkomst::waarde, Named.as("ingest-bericht"))
                .repartition(Repartitioned.with(Serdes.String(), JsonSerde.of(Bericht.class)).withName("ingest-berichten"))
                .process(() -> new Dedup(dedup, metrics), Named.as("ingest-dedup"), DEDUP_STORE);
        events.filter((k, v) -> k != null, Named.as("ingest-met-client"))
                .to(topics.canoniek().name(), topics.canoniek().produced("canoniek-sink"));

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(KOPPEL_STORE),
                Serdes.String(), JsonSerde.of(Koppeling.class)));
        events.filter((k, v) -> v instanceof Verzoek || v instanceof VerzoekAntwoord a && a.client() == null, Named.as("ingest-verzoek-of-antwoord"))
                .selectKey((k, v) -> Koppel.sleutel(v), Named.as("ingest-verzoek-sleutel"))
                .repartition(Repartitioned.with(Serdes.String(), topics.canoniek().valueSerde()).withName("ingest-verzoeken"))
                .process(Koppel::new, Named.as("ingest-antwoord-koppel"), KOPPEL_STORE)
                .to(topics.canoniek().name(), topics.canoniek().produced("antwoorden-sink"));

        return builder.build();
    }

    /** Rejected records to the DLQ with their original key and value (the error headers are already on them). */
    private static <T> void naarDlq(KStream<String, Uitkomst<T>> stroom, Topics topics, String prefix) {
        stroom.filter((k, v) -> v.afgekeurd(), Named.as(prefix + "afgekeurd"))
                .map((k, v) -> KeyValue.pair(v.origKey(), v.origValue()), Named.as(prefix + "dlq-origineel"))
                .to(topics.dlq().name(), topics.dlq().produced(prefix + "dlq-sink"));
    }

    /** The clients of the requests under one aanbieder|referentie, and the answers to them. */
    record Koppeling(java.util.TreeSet<String> clienten, java.util.List<VerzoekAntwoord> antwoorden) {}

    /**
     * Links JW319 answers to the client of the JW315 they answer (by aanbieder and ReferentieAanbieder): each answer
     * goes on once for every client with such a request, whichever of the two arrived first. A repeated request or
     * answer forwards nothing new; an answer to a request never seen waits in {@link #KOPPEL_STORE}.
     */
    static final class Koppel implements Processor<String, CanoniekEvent, String, CanoniekEvent> {
        private ProcessorContext<String, CanoniekEvent> context;
        private org.apache.kafka.streams.state.KeyValueStore<String, Koppeling> koppelingen;

        static String sleutel(CanoniekEvent e) {
            return e instanceof Verzoek v ? v.aanbieder() + "|" + v.referentieAanbieder()
                    : e.aanbieder() + "|" + ((VerzoekAntwoord) e).referentieAanbieder();
        }

        @Override
        public void init(ProcessorContext<String, CanoniekEvent> context) {
            this.context = context;
            koppelingen = context.getStateStore(KOPPEL_STORE);
        }

        @Override
        public void process(Record<String, CanoniekEvent> record) {
            Koppeling k = koppelingen.get(record.key());
            if (k == null) {
                k = new Koppeling(new java.util.TreeSet<>(), new java.util.ArrayList<>());
            }
            if (record.value() instanceof Verzoek v) {
                if (!k.clienten().add(v.client())) {
                    return;
                }
                for (VerzoekAntwoord a : k.antwoorden()) {
                    context.forward(record.withKey(v.client()).withValue(a.voor(v.client())));
                }
            } else {
                VerzoekAntwoord a = (VerzoekAntwoord) record.value();
                if (k.antwoorden().contains(a)) {
                    return;
                }
                k.antwoorden().add(a);
                for (String client : k.clienten()) {
                    context.forward(record.withKey(client).withValue(a.voor(client)));
                }
            }
            koppelingen.put(record.key(), k);
        }
    }

    /** What validation made of one input record: a value, or the original bytes for the DLQ. */
    record Uitkomst<T>(T waarde, byte[] origKey, byte[] origValue) {
        boolean afgekeurd() {
            return waarde == null;
        }
    }

    /** Reads one input record into what the monitor keeps of it; null for a valid record the monitor does not use. */
    interface Lezer<T> {
        T lees(byte[] value) throws Afkeuring;

        /** The key the value travels on. */
        String sleutel(T waarde);

        /** The message type of the record last read, as far as it was recognised; for the metrics. */
        String type();
    }

    /** Validates one input record; a rejection of any kind goes to the DLQ and processing goes on. */
    private static final class Valideer<T> implements Processor<byte[], byte[], String, Uitkomst<T>> {
        private final int maxBytes;
        private final IngestMetrics metrics;
        private final Lezer<T> lezer;
        private ProcessorContext<String, Uitkomst<T>> context;

        Valideer(int maxBytes, IngestMetrics metrics, Lezer<T> lezer) {
            this.maxBytes = maxBytes;
            this.metrics = metrics;
            this.lezer = lezer;
        }

        @Override
        public void init(ProcessorContext<String, Uitkomst<T>> context) {
            this.context = context;
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            byte[] value = record.value();
            try {
                if (value == null || value.length == 0) {
                    throw new Afkeuring(AfkeurCode.EMPTY, "the record has no value");
                }
                if (value.length > maxBytes) {
                    throw new Afkeuring(AfkeurCode.TOO_LARGE, value.length + " bytes, more than the limit of " + maxBytes);
                }
                T waarde = lezer.lees(value);
                if (waarde == null) {
                    metrics.skipped(lezer.type());
                    return;
                }
                // input headers are the sender's business; only the validated value travels on
                context.forward(record.withKey(lezer.sleutel(waarde)).withValue(new Uitkomst<T>(waarde, null, null))
                        .withHeaders(new RecordHeaders()));
            } catch (Afkeuring a) {
                afkeuren(record, a.code(), a.getMessage());
            } catch (RuntimeException e) {
                // a bug must not stop ingest or lose the record: it waits in the DLQ for a fix and a replay
                afkeuren(record, AfkeurCode.INTERNAL_ERROR, e.getClass().getSimpleName());
            }
        }

        private void afkeuren(Record<byte[], byte[]> record, AfkeurCode code, String message) {
            String type = lezer.type() == null ? "onbekend" : lezer.type();
            metrics.dlq(type, code);
            Headers headers = new RecordHeaders(record.headers().toArray());
            add(headers, "error.code", code.name());
            add(headers, "error.message", message.length() > 1000 ? message.substring(0, 1000) + "…" : message);
            RecordMetadata m = context.recordMetadata().orElseThrow();
            add(headers, "source.topic", m.topic());
            add(headers, "source.partition", String.valueOf(m.partition()));
            add(headers, "source.offset", String.valueOf(m.offset()));
            context.forward(record.withKey("dlq").withValue(new Uitkomst<T>(null, record.key(), record.value())).withHeaders(headers));
        }

        private static void add(Headers headers, String key, String value) {
            headers.remove(key);
            headers.add(key, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Passes each message id once within the dedup period (SPEC §3.2), as one record per canonical event. */
    private static final class Dedup implements Processor<String, Bericht, String, CanoniekEvent> {
        private final long periodMs;
        private final IngestMetrics metrics;
        private ProcessorContext<String, CanoniekEvent> context;
        private WindowStore<String, Long> gezien;

        Dedup(Duration period, IngestMetrics metrics) {
            this.periodMs = period.toMillis();
            this.metrics = metrics;
        }

        @Override
        public void init(ProcessorContext<String, CanoniekEvent> context) {
            this.context = context;
            this.gezien = context.getStateStore(DEDUP_STORE);
        }

        @Override
        public void process(Record<String, Bericht> record) {
            long ts = record.timestamp();
            try (WindowStoreIterator<Long> it = gezien.fetch(record.key(), ts - periodMs, ts + periodMs)) {
                if (it.hasNext()) {
                    metrics.duplicate(record.value().type());
                    return;
                }
            }
            gezien.put(record.key(), ts, ts);
            metrics.ok(record.value().type());
            for (CanoniekEvent event : record.value().events()) {
                metrics.event(event.type());
                context.forward(record.withKey(event.client()).withValue(event));
            }
        }
    }
}
