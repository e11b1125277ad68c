package nl.jeugdmonitor.streefwaarde;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.jeugdmonitor.config.AppConfig;
import nl.jeugdmonitor.indicator.Bijdrage;
import nl.jeugdmonitor.indicator.Feiten;
import nl.jeugdmonitor.indicator.Metingen;
import nl.jeugdmonitor.indicator.Sleutel;
import nl.jeugdmonitor.kafka.JsonSerde;
import nl.jeugdmonitor.kafka.NaarStore;
import nl.jeugdmonitor.kafka.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Streefwaarden (SPEC §7): every indicator aggregate, budget and new peildatum goes to each (streefwaarde, scope) pair
 * that reads it; the pair keeps its own copy of those inputs, re-evaluates, and on a status change raises an alert.
 *
 * <pre>
 * jeugdhulp.indicatoren ─> streefwaarde-aggregaten-naar-paren ─┐
 * jeugdhulp.begrotingen ─> streefwaarde-begrotingen-naar-paren ─┼─ repartition streefwaarde-invoer ─> streefwaarde-beoordeel ─┬─> jeugdhulp.streefwaarden
 * jeugdhulp.peildatum ─ repartition streefwaarde-peildatum (1) ─┘  (by streefwaarde|scope)  [gegevens, status]          └─> jeugdhulp.alerts
 *                       ─> streefwaarde-peildatum-max [peildatum]
 * </pre>
 *
 * A pair's inputs are co-partitioned with its status, so evaluation is deterministic and a restart repeats no alert.
 */
public final class StreefwaardeTopology {

    public static final String SUFFIX = "streefwaarden";
    public static final String GEGEVENS = "streefwaarde-gegevens";
    public static final String STATUS = "streefwaarde-status";
    public static final String PEILDATUM = "streefwaarde-peildatum";
    public static final String STAND = "streefwaarde-stand";


    private static final String PEILDATUM_INVOER = "peildatum";
    private static final String AGGREGAAT = "agg:";
    private static final String BEGROTING = "begroting:";
    private static final String ACTIEF = "actief";

    /**
     * One input of a pair: an aggregate (or its removal) or the peildatum of one indicator definition, a budget (of
     * every definition: {@code definitie} null), or which definition serves now ({@code sleutel} "actief").
     */
    public record Invoer(String definitie, String sleutel, Bijdrage bijdrage, Long getal) {}

    /** What the evaluation emits: the new stand, and an alert when the status changed. */
    record Uitvoer(Stand stand, Alert alert) {}

    private StreefwaardeTopology() {}

    public static Topology build(AppConfig config, Topics topics, Streefwaarden streefwaarden, MeterRegistry registry) {
        Routes routes = Routes.van(streefwaarden);
        for (Status s : Status.values()) {
            registry.counter("jeugdmonitor.alerts", "status", s.name()); // exported from the start, at 0
        }
        AppConfig.Topics t = topics.config();
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(GEGEVENS), Serdes.String(),
                JsonSerde.of(Invoer.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATUS), Serdes.String(),
                JsonSerde.of(Stand.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PEILDATUM), Serdes.String(), Serdes.Long()));
        // every instance answers GET /streefwaarden from its own copy of the stands
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STAND), Serdes.String(), JsonSerde.of(Stand.class))
                        .withLoggingDisabled(),
                t.streefwaarden(), Consumed.with(Serdes.String(), JsonSerde.of(Stand.class)).withName("streefwaarde-stand-bron"),
                () -> new NaarStore<Stand>(STAND));

        KStream<String, Invoer> aggregaten = builder.stream(t.indicatoren(),
                        Consumed.with(Serdes.String(), JsonSerde.of(Bijdrage.class)).withName("streefwaarde-aggregaten-bron"))
                .flatMap((sleutel, b) -> {
                    String eigen = Sleutel.zonderDefinitie(sleutel);
                    return naar(routes.perSerie(Sleutel.serie(eigen)), new Invoer(Sleutel.definitie(sleutel), AGGREGAAT + eigen, b, null));
                }, Named.as("streefwaarde-aggregaten-naar-paren"));
        KStream<String, Invoer> begrotingen = builder.stream(topics.begrotingen().name(),
                        topics.begrotingen().consumed("streefwaarde-begrotingen-bron"))
                .flatMap((sleutel, cent) -> naar(routes.perBegroting(sleutel.substring(0, sleutel.indexOf(':'))),
                        new Invoer(null, BEGROTING + sleutel, null, cent)), Named.as("streefwaarde-begrotingen-naar-paren"));
        KStream<String, Invoer> peildatum = builder.stream(t.peildatum(),
                        Consumed.with(Serdes.String(), Serdes.Long()).withName("streefwaarde-peildatum-bron"))
                // one task sees every partition's peildatum and fans the maximum out to all pairs when it grows
                .repartition(Repartitioned.with(Serdes.String(), Serdes.Long()).withName("streefwaarde-peildatum").withNumberOfPartitions(1))
                .process(() -> new PeildatumMax(routes.alle()), Named.as("streefwaarde-peildatum-max"), PEILDATUM);
        // which definition serves: every pair hears it, and from then on publishes that definition's evaluation
        KStream<String, Invoer> actief = builder.stream(t.definities(),
                        Consumed.with(Serdes.String(), Serdes.String()).withName("streefwaarde-definities-bron"))
                .flatMap((sleutel, id) -> ACTIEF.equals(sleutel) && id != null ? naar(routes.alle(), new Invoer(id, ACTIEF, null, null))
                        : List.<KeyValue<String, Invoer>>of(), Named.as("streefwaarde-actief-naar-paren"));

        KStream<String, Uitvoer> uit = aggregaten
                .merge(begrotingen, Named.as("streefwaarde-begrotingen-erbij"))
                .merge(peildatum, Named.as("streefwaarde-peildatum-erbij"))
                .merge(actief, Named.as("streefwaarde-actief-erbij"))
                .repartition(Repartitioned.with(Serdes.String(), JsonSerde.of(Invoer.class)).withName("streefwaarde-invoer"))
                .process(() -> new Beoordeel(streefwaarden, new Beoordelaar(streefwaarden.regio(), streefwaarden.aanbieders()), registry),
                        Named.as("streefwaarde-beoordeel"), GEGEVENS, STATUS);
        uit.mapValues(Uitvoer::stand, Named.as("streefwaarde-stand-waarde"))
                .to(t.streefwaarden(), Produced.with(Serdes.String(), JsonSerde.of(Stand.class)).withName("streefwaarden-sink"));
        uit.filter((k, v) -> v.alert() != null, Named.as("streefwaarde-alert-uit"))
                .mapValues(Uitvoer::alert, Named.as("streefwaarde-alert-waarde"))
                .to(t.alerts(), Produced.with(Serdes.String(), JsonSerde.of(Alert.class)).withName("alerts-sink"));
        return builder.build();
    }

    private static List<KeyValue<String, Invoer>> naar(List<String> paren, Invoer invoer) {
        List<KeyValue<String, Invoer>> out = new ArrayList<>(paren.size());
        paren.forEach(p -> out.add(KeyValue.pair(p, invoer)));
        return out;
    }

    /**
     * Which pairs read which series and budgets, found by evaluating every pair once over a recording source: so the
     * routing can never disagree with what {@link Beoordelaar} reads.
     */
    record Routes(Map<String, List<String>> series, Map<String, List<String>> begrotingen, List<String> alle) {

        static Routes van(Streefwaarden streefwaarden) {
            Map<String, Set<String>> series = new HashMap<>();
            Map<String, Set<String>> begrotingen = new HashMap<>();
            List<String> alle = new ArrayList<>();
            Beoordelaar b = new Beoordelaar(streefwaarden.regio());
            for (Streefwaarde s : streefwaarden.alle()) {
                for (String scope : streefwaarden.scopes(s)) {
                    String paar = s.sleutel(scope);
                    alle.add(paar);
                    // a peildatum after every basisjaar and in a month past January, so every branch reads its inputs
                    LocalDate probe = LocalDate.of(s.basisjaar() == null ? 2100 : Math.max(2100, s.basisjaar() + 1), 6, 15);
                    b.beoordeel(s, scope, new Metingen.Bron() {
                        @Override
                        public Bijdrage aggregaat(String sleutel) {
                            series.computeIfAbsent(Sleutel.serie(sleutel), x -> new LinkedHashSet<>()).add(paar);
                            return new Bijdrage(20, null);
                        }

                        @Override
                        public LocalDate peildatum() {
                            return probe;
                        }

                        @Override
                        public Long begroting(String sc, int jaar) {
                            for (String g : Feiten.REGIO.equals(sc) ? streefwaarden.gemeenten() : List.of(sc)) {
                                begrotingen.computeIfAbsent(g, x -> new LinkedHashSet<>()).add(paar);
                            }
                            return 100L;
                        }
                    }, null);
                }
            }
            Map<String, List<String>> s = new HashMap<>();
            series.forEach((k, v) -> s.put(k, List.copyOf(v)));
            Map<String, List<String>> g = new HashMap<>();
            begrotingen.forEach((k, v) -> g.put(k, List.copyOf(v)));
            return new Routes(s, g, List.copyOf(alle));
        }

        List<String> perSerie(String serie) {
            return series.getOrDefault(serie, List.of());
        }

        List<String> perBegroting(String gemeente) {
            return begrotingen.getOrDefault(gemeente, List.of());
        }
    }

    /** Keeps every partition's peildatum per definition; when a definition's maximum grows, sends it to every pair. */
    static final class PeildatumMax implements Processor<String, Long, String, Invoer> {
        private final List<String> paren;
        private ProcessorContext<String, Invoer> context;
        private KeyValueStore<String, Long> store;

        PeildatumMax(List<String> paren) {
            this.paren = paren;
        }

        @Override
        public void init(ProcessorContext<String, Invoer> context) {
            this.context = context;
            store = context.getStateStore(PEILDATUM);
        }

        @Override
        public void process(Record<String, Long> record) {
            // key id|partitie-N: one definition's partition
            String definitie = record.key() == null ? "" : Sleutel.definitie(record.key());
            if (record.value() == null || definitie.isEmpty()) {
                return;
            }
            long voor = max(definitie);
            Long eerder = store.get(record.key());
            store.put(record.key(), Math.max(record.value(), eerder == null ? -1 : eerder));
            long na = max(definitie);
            if (na > voor) {
                for (String paar : paren) {
                    context.forward(record.withKey(paar).withValue(new Invoer(definitie, PEILDATUM_INVOER, null, na)));
                }
            }
        }

        private long max(String definitie) {
            long max = -1;
            try (KeyValueIterator<String, Long> it = store.prefixScan(Sleutel.prefix(definitie), Serdes.String().serializer())) {
                while (it.hasNext()) {
                    max = Math.max(max, it.next().value);
                }
            }
            return max;
        }
    }

    /**
     * Stores a pair's input and re-evaluates the pair under the input's definition (each definition keeps its own
     * status, hysteresis included). Only the serving definition's evaluation is published: its stand, and an alert when
     * its status differs from the one last published, which is what subscribers last heard. When another definition
     * starts to serve, each pair compares that definition's status with the last published one: a switch raises an
     * alert only where the status really differs (SPEC §6.4), and the old definition's inputs are forgotten.
     */
    static final class Beoordeel implements Processor<String, Invoer, String, Uitvoer> {
        private final Streefwaarden streefwaarden;
        private final Beoordelaar beoordelaar;
        private final MeterRegistry registry;
        private ProcessorContext<String, Uitvoer> context;
        /** paar#id#agg:…, paar#id#peildatum, paar#begroting:gemeente:jaar, paar#actief */
        private KeyValueStore<String, Invoer> gegevens;
        /** paar: the published stand; paar#id: the evaluation under definition id */
        private KeyValueStore<String, Stand> status;

        Beoordeel(Streefwaarden streefwaarden, Beoordelaar beoordelaar, MeterRegistry registry) {
            this.streefwaarden = streefwaarden;
            this.beoordelaar = beoordelaar;
            this.registry = registry;
        }

        @Override
        public void init(ProcessorContext<String, Uitvoer> context) {
            this.context = context;
            gegevens = context.getStateStore(GEGEVENS);
            status = context.getStateStore(STATUS);
        }

        @Override
        public void process(Record<String, Invoer> record) {
            String paar = record.key();
            int streep = paar.indexOf('|');
            Streefwaarde s = streep < 0 ? null : streefwaarden.get(paar.substring(0, streep));
            if (s == null) {
                return; // a streefwaarde since removed from the configuration
            }
            String scope = paar.substring(streep + 1);
            Invoer i = record.value();
            if (ACTIEF.equals(i.sleutel())) {
                Invoer eerder = gegevens.get(paar + "#" + ACTIEF);
                gegevens.put(paar + "#" + ACTIEF, i);
                if (eerder == null || !eerder.definitie().equals(i.definitie())) {
                    vergeetBehalve(paar, i.definitie());
                }
                publiceer(paar, s, record);
                return;
            }
            String sleutel = i.definitie() == null ? paar + "#" + i.sleutel() : paar + "#" + i.definitie() + "#" + i.sleutel();
            boolean weg = i.bijdrage() == null && i.getal() == null;
            if (weg) {
                gegevens.delete(sleutel);
            } else {
                gegevens.put(sleutel, i);
            }
            String actief = actief(paar);
            if (weg && i.definitie() != null && !i.definitie().equals(actief) && status.get(paar + "#" + i.definitie()) == null) {
                return; // the tombstones of a definition that served before and was forgotten: nothing to evaluate
            }
            if (i.definitie() != null) {
                beoordeel(paar, s, scope, i.definitie());
            } else {
                // a budget counts under every definition this pair has seen
                java.util.Set<String> ids = new java.util.LinkedHashSet<>(definities(paar));
                if (actief != null) {
                    ids.add(actief);
                }
                ids.forEach(id -> beoordeel(paar, s, scope, id));
            }
            if (actief != null && (i.definitie() == null || i.definitie().equals(actief))) {
                publiceer(paar, s, record);
            }
        }

        private String actief(String paar) {
            Invoer a = gegevens.get(paar + "#" + ACTIEF);
            return a == null ? null : a.definitie();
        }

        /** The definitions with an evaluation of this pair. */
        private List<String> definities(String paar) {
            List<String> ids = new ArrayList<>();
            try (KeyValueIterator<String, Stand> it = status.prefixScan(paar + "#", Serdes.String().serializer())) {
                it.forEachRemaining(kv -> ids.add(kv.key.substring(paar.length() + 1)));
            }
            return ids;
        }

        /** Removes the inputs and evaluations of every definition of this pair but {@code id}. */
        private void vergeetBehalve(String paar, String id) {
            List<String> weg = new ArrayList<>();
            try (KeyValueIterator<String, Invoer> it = gegevens.prefixScan(paar + "#", Serdes.String().serializer())) {
                it.forEachRemaining(kv -> {
                    if (kv.value.definitie() != null && !kv.value.definitie().equals(id) && !ACTIEF.equals(kv.value.sleutel())) {
                        weg.add(kv.key);
                    }
                });
            }
            weg.forEach(gegevens::delete);
            for (String d : definities(paar)) {
                if (!d.equals(id)) {
                    status.delete(paar + "#" + d);
                }
            }
        }

        /** Evaluates the pair under one definition, with that definition's own previous status for the hysteresis. */
        private void beoordeel(String paar, Streefwaarde s, String scope, String definitie) {
            Stand vorige = status.get(paar + "#" + definitie);
            Status vorigeStatus = vorige == null ? Status.ONBEKEND : vorige.status();
            Stand nieuw = beoordelaar.beoordeel(s, scope, new PaarBron(paar, definitie), vorigeStatus);
            if (vorige == null || !nieuw.zelfdeUitkomst(vorige)) {
                status.put(paar + "#" + definitie, nieuw);
            }
        }

        /** Publishes the serving definition's evaluation when it differs from the published stand; an alert when its status does. */
        private void publiceer(String paar, Streefwaarde s, Record<String, Invoer> record) {
            String actief = actief(paar);
            Stand nieuw = actief == null ? null : status.get(paar + "#" + actief);
            if (nieuw == null) {
                return; // nothing evaluated under the serving definition yet
            }
            Stand vorige = status.get(paar);
            Status vorigeStatus = vorige == null ? Status.ONBEKEND : vorige.status();
            if (vorige != null && nieuw.zelfdeUitkomst(vorige)) {
                return;
            }
            boolean gewijzigd = nieuw.status() != vorigeStatus;
            int alerts = (vorige == null ? 0 : vorige.alerts()) + (gewijzigd ? 1 : 0);
            LocalDate sinds = gewijzigd || vorige == null ? nieuw.peildatum() : vorige.sinds();
            Stand stand = new Stand(s.id(), nieuw.scope(), nieuw.status(), nieuw.waarde(), nieuw.verwacht(), nieuw.n(), nieuw.peildatum(),
                    sinds, alerts);
            status.put(paar, stand);
            Alert alert = null;
            if (gewijzigd) {
                alert = new Alert(paar + "#" + alerts, s.id(), stand.scope(), vorigeStatus, stand.status(), stand.waarde(), stand.verwacht(),
                        stand.peildatum(), beoordelaar.uitleg(s, stand, vorigeStatus), context.currentSystemTimeMs(), stand.n());
                registry.counter("jeugdmonitor.alerts", "status", stand.status().name()).increment();
            }
            context.forward(record.withValue(new Uitvoer(stand, alert)));
        }

        /** A pair's inputs under one definition as a source for the measures. */
        private final class PaarBron implements Metingen.Bron {
            private final String paar;
            private final String definitie;

            PaarBron(String paar, String definitie) {
                this.paar = paar;
                this.definitie = definitie;
            }

            @Override
            public Bijdrage aggregaat(String sleutel) {
                Invoer i = gegevens.get(paar + "#" + definitie + "#" + AGGREGAAT + sleutel);
                return i == null ? null : i.bijdrage();
            }

            @Override
            public LocalDate peildatum() {
                Invoer i = gegevens.get(paar + "#" + definitie + "#" + PEILDATUM_INVOER);
                return i == null ? null : LocalDate.ofEpochDay(i.getal());
            }

            @Override
            public Long begroting(String scope, int jaar) {
                if (!Feiten.REGIO.equals(scope)) {
                    Invoer i = gegevens.get(paar + "#" + BEGROTING + scope + ":" + jaar);
                    return i == null ? null : i.getal();
                }
                Long som = null;
                try (KeyValueIterator<String, Invoer> it = gegevens.prefixScan(paar + "#" + BEGROTING, Serdes.String().serializer())) {
                    while (it.hasNext()) {
                        var kv = it.next();
                        if (kv.key.endsWith(":" + jaar)) {
                            som = (som == null ? 0 : som) + kv.value.getal();
                        }
                    }
                }
                return som;
            }
        }
    }
}
