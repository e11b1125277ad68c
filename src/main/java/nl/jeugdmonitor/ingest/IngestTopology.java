package nl.jeugdmonitor.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import nl.jeugdmonitor.config.AppConfig;
import nl.jeugdmonitor.event.CanoniekEvent;
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
 * jeugdhulp.ijw ──> ijw-valideer ──┐                         ┌─> dlq (original key/value + error headers)
 * jeugdhulp.events ─> events-valideer ┴─> split ──────────────┤
 *                                                            └─> repartition by message id ─> dedup ─> jeugdhulp.canoniek
 * </pre>
 * The repartition by message id makes deduplication correct whatever partition a redelivery lands on.
 */
public final class IngestTopology {

    public static final String SUFFIX = "ingest";
    public static final String DEDUP_STORE = "ingest-berichten-gezien";

    private IngestTopology() {}

    public static Topology build(AppConfig config, Topics topics, byte[] pseudonymKey, IngestMetrics metrics) {
        StreamsBuilder builder = new StreamsBuilder();
        int maxBytes = config.ingest().maxBerichtBytes();
        Duration dedup = Duration.ofDays(config.ingest().dedupDagen());

        KStream<String, Uitkomst> ijw = builder.stream(topics.ijw().name(), topics.ijw().consumed("ijw-bron"))
                .process(() -> new Valideer(maxBytes, metrics, new Lezer() {
                    private final IjwParser parser = new IjwParser();
                    private final IjwExploder exploder = new IjwExploder(new Bsn(pseudonymKey));

                    @Override
                    public Bericht lees(byte[] value) throws Afkeuring {
                        IjwParser.Geparseerd g = parser.parse(value);
                        if (!IjwSchema.VERWERKT.contains(g.type())) {
                            return new Bericht(null, g.type(), java.util.List.of()); // valid, but not a message the monitor uses
                        }
                        return exploder.explodeer(g);
                    }

                    @Override
                    public String type() {
                        return parser.laatsteType();
                    }
                }), Named.as("ijw-valideer"));

        KStream<String, Uitkomst> json = builder.stream(topics.events().name(), topics.events().consumed("events-bron"))
                .process(() -> new Valideer(maxBytes, metrics, new Lezer() {
                    private final CanoniekJsonLezer lezer = new CanoniekJsonLezer(new Bsn(pseudonymKey));

                    @Override
                    public Bericht lees(byte[] value) throws Afkeuring {
                        return lezer.lees(value);
                    }

                    @Override
                    public String type() {
                        return "json";
                    }
                }), Named.as("events-valideer"));

        KStream<String, Uitkomst> uitkomst = ijw.merge(json, Named.as("ingest-samenvoegen"));

        uitkomst.filter((k, v) -> v.afgekeurd(), Named.as("ingest-afgekeurd"))
                .map((k, v) -> KeyValue.pair(v.origKey(), v.origValue()), Named.as("dlq-origineel"))
                .to(topics.dlq().name(), topics.dlq().produced("dlq-sink"));

        StoreBuilder<WindowStore<String, Long>> gezien = Stores.windowStoreBuilder(
                Stores.persistentWindowStore(DEDUP_STORE, dedup, dedup, false), Serdes.String(), Serdes.Long());
        builder.addStateStore(gezien);

        uitkomst.filterNot((k, v) -> v.afgekeurd(), Named.as("ingest-geldig"))
                .mapValues(Uitkomst::bericht, Named.as("ingest-bericht"))
                .repartition(Repartitioned.with(Serdes.String(), JsonSerde.of(Bericht.class)).withName("ingest-berichten"))
                .process(() -> new Dedup(dedup, metrics), Named.as("ingest-dedup"), DEDUP_STORE)
                .to(topics.canoniek().name(), topics.canoniek().produced("canoniek-sink"));

        return builder.build();
    }

    /** What validation made of one input record: a message, or the original bytes for the DLQ. */
    record Uitkomst(Bericht bericht, byte[] origKey, byte[] origValue) {
        boolean afgekeurd() {
            return bericht == null;
        }
    }

    interface Lezer {
        Bericht lees(byte[] value) throws Afkeuring;

        /** The message type of the record last read, as far as it was recognised; for the metrics. */
        String type();
    }

    /** Validates one input record; a rejection of any kind goes to the DLQ and processing goes on. */
    private static final class Valideer implements Processor<byte[], byte[], String, Uitkomst> {
        private final int maxBytes;
        private final IngestMetrics metrics;
        private final Lezer lezer;
        private ProcessorContext<String, Uitkomst> context;

        Valideer(int maxBytes, IngestMetrics metrics, Lezer lezer) {
            this.maxBytes = maxBytes;
            this.metrics = metrics;
            this.lezer = lezer;
        }

        @Override
        public void init(ProcessorContext<String, Uitkomst> context) {
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
                Bericht bericht = lezer.lees(value);
                if (bericht.id() == null) {
                    metrics.skipped(bericht.type());
                    return;
                }
                // input headers are the sender's business; only the canonical event travels on
                context.forward(record.withKey(bericht.id()).withValue(new Uitkomst(bericht, null, null))
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
            context.forward(record.withKey("dlq").withValue(new Uitkomst(null, record.key(), record.value())).withHeaders(headers));
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
