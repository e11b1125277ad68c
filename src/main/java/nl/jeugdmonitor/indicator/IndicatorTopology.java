package nl.jeugdmonitor.indicator;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nl.jeugdmonitor.config.AppConfig;
import nl.jeugdmonitor.config.Productcatalogus;
import nl.jeugdmonitor.event.Afwijzing;
import nl.jeugdmonitor.event.CanoniekEvent;
import nl.jeugdmonitor.event.DeclaratieRegel;
import nl.jeugdmonitor.kafka.JsonSerde;
import nl.jeugdmonitor.kafka.NaarStore;
import nl.jeugdmonitor.kafka.Topics;
import nl.jeugdmonitor.trajectory.Dossier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Indicators (SPEC §6): canonical events → per-client dossier → fact deltas → aggregates per indicator key.
 *
 * <pre>
 * jeugdhulp.canoniek ─> indicator-dossier ──(deltas, by series)──> indicator-aggregeer ─> jeugdhulp.indicatoren
 *                       [dossiers, timers,     repartition            [aggregaten]
 *                        wachtlijst]           indicator-deltas
 *                           │   ▲
 *                           ▼   │ global store indicator-peildatum
 *                       jeugdhulp.peildatum (greatest event date per partition)
 * </pre>
 *
 * The dossier processor recomputes a client's facts before and after each event and forwards the difference, so
 * arrival order, retractions, credits, rejections and late data all end in the same aggregates. The peildatum is the
 * greatest event date over all partitions; clients whose facts depend on it register a timer (the next month, or an
 * outflow decision) and are recomputed when the peildatum passes it.
 */
public final class IndicatorTopology {

    public static final String SUFFIX = "indicatoren";
    public static final String DOSSIERS = "indicator-dossiers";
    public static final String TIMERS = "indicator-timers";
    public static final String WACHTLIJST = "indicator-wachtlijst";
    public static final String DELTALOG = "indicator-deltalog";
    public static final String AGGREGATEN = "indicator-aggregaten";
    public static final String GEWIJZIGD = "indicator-gewijzigd";
    public static final String PEILDATUM = "indicator-peildatum";
    public static final String BEGROTING = "indicator-begroting";
    public static final String KOPIE = "indicator-kopie";

    private IndicatorTopology() {}

    public static Productcatalogus catalogus(AppConfig config) {
        String pad = config.indicatoren().catalogus();
        return pad == null || pad.isBlank() ? Productcatalogus.standaard() : Productcatalogus.lees(java.nio.file.Path.of(pad));
    }

    public static Feiten.Regels regels(AppConfig config) {
        AppConfig.Indicatoren i = config.indicatoren();
        return new Feiten.Regels(i.recidiveGapDagen(), i.doorplaatsingDagen(), i.uitstroomDagen());
    }

    /** The application id suffix of a definition's generation: its stores and internal topics carry it (SPEC §6.4). */
    public static String suffix(Definitie definitie) {
        return SUFFIX + "-" + definitie.id();
    }

    /**
     * The engine of one definition. What it writes to the shared topics is keyed {@code <definition id>|…}: the
     * aggregates on {@code jeugdhulp.indicatoren} ({@code id|basis|selection|scope|granularity|period}) and the
     * peildatum per partition ({@code id|partitie-N}), so generations never read each other's values.
     */
    public static Topology build(AppConfig config, Topics topics, MeterRegistry registry, Definitie definitie) {
        // from the input record's timestamp (when the message reached Kafka) to its change in the aggregate store
        Timer latentie = Timer.builder("jeugdmonitor.indicator.latentie").description("event-to-store latency")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        Feiten feiten = definitie.feiten();
        String id = definitie.id();
        StreamsBuilder builder = new StreamsBuilder();
        // cached: a client's dossier and a hot aggregate (the region, a month) change many times between commits
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DOSSIERS),
                Serdes.String(), BinaireSerdes.DOSSIER).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TIMERS), Serdes.String(), Serdes.String()));
        // in memory: every waiting-list query scans it whole, and in RocksDB that scan took 7 of a query's 8 ms of CPU
        // for a Twente year (presumably stepping over the deletes of every client who ever waited); it holds only those
        // waiting now (~1,000 in Twente, tens of thousands nationally) and is restored from its changelog at start
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(WACHTLIJST),
                Serdes.String(), BinaireSerdes.WACHTEND));
        // deltas not yet sent on are summed in memory and written here as a snapshot at each commit, so a commit that
        // holds a dossier's change also holds its delta (see Uitstaand)
        builder.addStateStore(Terugschrijfstore.bouwer(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(DELTALOG),
                Serdes.Long(), Serdes.ByteArray())));
        // not through the record cache: the aggregator keeps its changes as objects and writes each once per commit
        builder.addStateStore(Terugschrijfstore.bouwer(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AGGREGATEN),
                Serdes.String(), BinaireSerdes.BIJDRAGE)));
        // the series changed since they were last written out, each with its changed periods; changelogged like the
        // aggregates themselves, so a commit that holds a change also holds the promise to write it out (each
        // changed series once per commit, from the aggregates' commit hook)
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(GEWIJZIGD),
                Serdes.String(), Serdes.String()));
        String peildatumTopic = topics.config().peildatum();
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PEILDATUM), Serdes.String(), Serdes.Long())
                        .withLoggingDisabled(),
                peildatumTopic, Consumed.with(Serdes.String(), Serdes.Long()).withName("peildatum-bron"), () -> new NaarStore<Long>(PEILDATUM));

        // budgets are few (municipalities × years): every instance keeps them all, and the region's is their sum
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BEGROTING), Serdes.String(), Serdes.Long())
                        .withLoggingDisabled(),
                topics.begrotingen().name(), Consumed.with(Serdes.String(), Serdes.Long()).withName("begrotingen-bron"),
                () -> new NaarStore<Long>(BEGROTING));

        // every instance's copy of all aggregates (of every partition): the indicator metrics read it
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(KOPIE), Serdes.String(), JsonSerde.of(Bijdrage.class))
                        .withLoggingDisabled(),
                topics.config().indicatoren(), Consumed.with(Serdes.String(), JsonSerde.of(Bijdrage.class)).withName("indicator-kopie-bron"),
                () -> new NaarStore<Bijdrage>(KOPIE));

        KStream<String, Uitvoer> uit = builder.stream(topics.canoniek().name(), topics.canoniek().consumed("canoniek-bron"))
                .process(() -> new DossierProcessor(feiten, id), Named.as("indicator-dossier"), DOSSIERS, TIMERS, WACHTLIJST, DELTALOG);

        uit.filter((k, v) -> v.peildatum() != null, Named.as("indicator-peildatum-uit"))
                .mapValues(Uitvoer::peildatum, Named.as("indicator-peildatum-waarde"))
                .to(peildatumTopic, Produced.with(Serdes.String(), Serdes.Long()).withName("peildatum-sink"));

        uit.filter((k, v) -> v.delta() != null, Named.as("indicator-delta-uit"))
                .mapValues(Uitvoer::delta, Named.as("indicator-delta-waarde"))
                .repartition(Repartitioned.with(Serdes.String(), BinaireSerdes.DELTA).withName("indicator-deltas"))
                .process(() -> new Aggregeer(latentie, id), Named.as("indicator-aggregeer"), AGGREGATEN, GEWIJZIGD)
                .to(topics.config().indicatoren(), Produced.with(Serdes.String(), JsonSerde.of(Bijdrage.class)).withName("indicatoren-sink"));
        return builder.build();
    }

    private static Duration commitInterval(ProcessorContext<?, ?> context) {
        return Duration.ofMillis(Long.parseLong(String.valueOf(context.appConfigs().get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG))));
    }

    /** What the dossier processor emits: a delta keyed by series, or its partition's peildatum. */
    record Uitvoer(Delta delta, Long peildatum) {}

    /** The budget of a gemeente ("gemeente:jaar"), or for "regio" the sum over all gemeenten; null when none is known. */
    public static Long begroting(org.apache.kafka.streams.state.ReadOnlyKeyValueStore<String, Long> store, String scope, int jaar) {
        if (!Feiten.REGIO.equals(scope)) {
            return store.get(scope + ":" + jaar);
        }
        Long som = null;
        try (KeyValueIterator<String, Long> it = store.all()) {
            while (it.hasNext()) {
                var kv = it.next();
                if (kv.key.endsWith(":" + jaar)) {
                    som = (som == null ? 0 : som) + kv.value;
                }
            }
        }
        return som;
    }

    /** The greatest peildatum any partition of definition {@code id} published (epoch day), -1 before any event. */
    public static long peildatum(org.apache.kafka.streams.state.ReadOnlyKeyValueStore<String, Long> store, String id) {
        long max = -1;
        try (KeyValueIterator<String, Long> it = store.prefixScan(Sleutel.prefix(id), Serdes.String().serializer())) {
            while (it.hasNext()) {
                max = Math.max(max, it.next().value);
            }
        }
        return max;
    }

    static final class DossierProcessor implements Processor<String, CanoniekEvent, String, Uitvoer> {
        private final Feiten feiten;
        private final String definitie;
        private ProcessorContext<String, Uitvoer> context;
        private KeyValueStore<String, Dossier> dossiers;
        private KeyValueStore<String, String> timers;
        private KeyValueStore<String, Wachtend> wachtlijst;
        private Uitstaand uitstaand;
        /** The oldest input timestamp among the deltas not yet sent (for the latency metric; not needed after a crash). */
        private long oudste = Long.MAX_VALUE;
        private KeyValueStore<String, Long> peildatumStore;
        private String partitieSleutel;
        private long lokaal = -1;
        private long verwerktTot = -1;
        /** Property: milliseconds of every second a stream thread's timers may take (the rest is for new events). */
        static final String TIMERS_BUDGET = "jeugdmonitor.timers.budget.ms";
        private long budgetNanos;

        DossierProcessor(Feiten feiten, String definitie) {
            this.feiten = feiten;
            this.definitie = definitie;
        }

        @Override
        public void init(ProcessorContext<String, Uitvoer> context) {
            this.context = context;
            dossiers = context.getStateStore(DOSSIERS);
            timers = context.getStateStore(TIMERS);
            wachtlijst = context.getStateStore(WACHTLIJST);
            uitstaand = new Uitstaand(context.getStateStore(DELTALOG));
            peildatumStore = context.getStateStore(PEILDATUM);
            partitieSleutel = Sleutel.metDefinitie(definitie, "partitie-" + context.taskId().partition());
            Long eigen = peildatumStore.get(partitieSleutel);
            lokaal = eigen == null ? -1 : eigen;
            budgetNanos = Long.parseLong(String.valueOf(context.appConfigs().getOrDefault(TIMERS_BUDGET, "500"))) * 1_000_000L;
            // the peildatum also moves through other partitions' events: pick that up while this one is idle, and go on
            // with due timers once per budget window (no event may come to call it)
            context.schedule(Duration.ofNanos(Timerbudget.VENSTER_NANOS), PunctuationType.WALL_CLOCK_TIME, t -> verwerkTimers(peildatum()));
            // under exactly-once the aggregator sees nothing before the commit anyway: send once per commit interval
            context.schedule(commitInterval(context), PunctuationType.WALL_CLOCK_TIME, t -> doorsturen());
        }

        private long peildatum() {
            return Math.max(lokaal, IndicatorTopology.peildatum(peildatumStore, definitie));
        }

        @Override
        public void process(Record<String, CanoniekEvent> record) {
            CanoniekEvent e = record.value();
            LocalDate dag = e.eventDatum();
            if (dag != null && dag.toEpochDay() > lokaal) {
                lokaal = dag.toEpochDay();
                context.forward(new Record<>(partitieSleutel, new Uitvoer(null, lokaal), record.timestamp()));
            }
            long p = peildatum();
            String client = record.key();
            Dossier d = dossiers.get(client);
            if (d == null) {
                d = new Dossier();
            }
            Feiten.Familie familie = e instanceof DeclaratieRegel || e instanceof Afwijzing ? Feiten.Familie.DECLARATIE : Feiten.Familie.ZORG;
            LocalDate p0 = d.peildatum < 0 ? null : LocalDate.ofEpochDay(d.peildatum);
            LocalDate p1 = LocalDate.ofEpochDay(p);
            // the care facts change with the peildatum only at the client's timer: a declaration recomputes them
            // only when that timer is due and not yet handled
            boolean zorgHerberekenen = familie == Feiten.Familie.ZORG || d.peildatum != p && d.timer >= 0 && d.timer <= p;
            YearMonth maand = declaratieMaand(d, e);
            LongMap<Bijdrage> oudDecl = familie == Feiten.Familie.DECLARATIE ? feiten.van(d, p0, familie, maand) : null;
            LongMap<Bijdrage> oudZorg = zorgHerberekenen ? feiten.van(d, p0, Feiten.Familie.ZORG) : null;
            // the checks of lines read their toewijzing and start: a line or rejection changes its month, a toewijzing or
            // start any line of it
            boolean controle = familie == Feiten.Familie.DECLARATIE || e instanceof nl.jeugdmonitor.event.Toewijzing
                    || e instanceof nl.jeugdmonitor.event.Start;
            YearMonth controleMaand = familie == Feiten.Familie.DECLARATIE ? maand : null;
            LongMap<Bijdrage> oudControle = controle ? feiten.van(d, p0, Feiten.Familie.CONTROLE, controleMaand) : null;
            Wachtend wachtendVoor = wachtend(d);
            boolean veranderd = d.verwerk(e);
            if (!veranderd && d.peildatum == p) {
                verwerkTimers(p);
                return;
            }
            if (familie == Feiten.Familie.DECLARATIE) {
                stuurVerschil(oudDecl, feiten.van(d, p1, familie, maand), record.timestamp());
            }
            if (zorgHerberekenen) {
                stuurVerschil(oudZorg, feiten.van(d, p1, Feiten.Familie.ZORG), record.timestamp());
            }
            if (controle) {
                stuurVerschil(oudControle, feiten.van(d, p1, Feiten.Familie.CONTROLE, controleMaand), record.timestamp());
            }
            d.peildatum = p;
            bewaar(client, d, p1);
            Wachtend wachtendNa = wachtend(d);
            if (!wachtendNa.equals(wachtendVoor)) {
                if (wachtendNa.items().isEmpty()) {
                    wachtlijst.delete(client);
                } else {
                    wachtlijst.put(client, wachtendNa);
                }
            }
            verwerkTimers(p);
        }

        /**
         * The month whose declaration facts an event can change: that of the line (or of the line a rejection names);
         * null (all months) when a line replaces another under the same number, which may lie in another month.
         */
        private static YearMonth declaratieMaand(Dossier d, CanoniekEvent e) {
            if (e instanceof DeclaratieRegel r) {
                return d.regels.containsKey(r.aanbieder() + "|" + r.referentieNummer()) ? null : YearMonth.from(r.periodeBegin());
            }
            if (e instanceof Afwijzing a) {
                Dossier.Regel r = d.regels.get(a.aanbieder() + "|" + a.referentieNummer());
                return r == null ? YearMonth.of(1970, 1) : YearMonth.from(r.periodeBegin()); // no line yet: nothing to change
            }
            return null;
        }

        /** Stores the dossier and moves its timer; timers and the waiting list are only written when they change. */
        private void bewaar(String client, Dossier d, LocalDate p) {
            long timer = feiten.volgendeWijziging(d, p);
            if (timer != d.timer) {
                if (d.timer >= 0) {
                    timers.delete(timerSleutel(d.timer, client));
                }
                if (timer >= 0) {
                    timers.put(timerSleutel(timer, client), client);
                }
                d.timer = timer;
            }
            dossiers.put(client, d);
        }

        /** The client's toewijzingen that no start names (empty when none waits). */
        private Wachtend wachtend(Dossier d) {
            List<Wachtend.Item> items = new ArrayList<>();
            for (Dossier.ToewijzingStaat t : d.toewijzingen.values()) {
                if (!t.verwijderd && !d.gestartOpOfVoor(t, LocalDate.MAX)) {
                    items.add(new Wachtend.Item(t.gemeente, feiten.zorgvorm(t.categorie, t.code), t.nummer, t.eersteDatum,
                            t.ingangsdatum, t.einddatum));
                }
            }
            return new Wachtend(items);
        }

        private static String timerSleutel(long dag, String client) {
            return String.format("%07d|%s", dag, client);
        }

        /**
         * Recomputes the clients whose timer the peildatum has reached, within the thread's {@link Timerbudget}
         * ({@link #TIMERS_BUDGET} milliseconds of every second, a tenth of it per 100 ms): when the peildatum enters a
         * new month every open trajectory is due at once, and recomputing them all in one go outlasts the transaction
         * timeout under exactly-once (the thread is fenced and the instance rebalances), and holds up new events. The
         * rest follow on the next records and punctuations; an event of a client is computed at the current peildatum
         * anyway.
         */
        private void verwerkTimers(long p) {
            if (p < 0 || p <= verwerktTot) {
                return;
            }
            Timerbudget budget = Timerbudget.vanDezeThread();
            long rest = budget.rest(budgetNanos);
            if (rest <= 0) {
                return;
            }
            long begin = System.nanoTime();
            LocalDate p1 = LocalDate.ofEpochDay(p);
            zolang:
            while (System.nanoTime() - begin < rest) {
                List<KeyValue<String, String>> klaar = new ArrayList<>();
                try (KeyValueIterator<String, String> it = timers.range("0000000|", timerSleutel(p, "~"))) {
                    while (it.hasNext() && klaar.size() < 50) {
                        klaar.add(it.next());
                    }
                }
                if (klaar.isEmpty()) {
                    verwerktTot = p;
                    break;
                }
                for (KeyValue<String, String> timer : klaar) {
                    herbereken(timer, p1);
                    if (System.nanoTime() - begin >= rest) {
                        break zolang;
                    }
                }
            }
            budget.gebruik(System.nanoTime() - begin);
        }

        private void herbereken(KeyValue<String, String> timer, LocalDate p1) {
            String client = timer.value;
            Dossier d = dossiers.get(client);
            if (d == null || !timerSleutel(d.timer, client).equals(timer.key)) {
                timers.delete(timer.key); // left behind: nothing to recompute
                return;
            }
            LocalDate p0 = d.peildatum < 0 ? null : LocalDate.ofEpochDay(d.peildatum);
            stuurVerschil(feiten.van(d, p0, Feiten.Familie.ZORG), feiten.van(d, p1, Feiten.Familie.ZORG), context.currentSystemTimeMs());
            d.peildatum = p1.toEpochDay();
            bewaar(client, d, p1);
        }

        /** Adds new − old of every key to the unsent sums, to be sent with the next send. */
        private void stuurVerschil(LongMap<Bijdrage> oud, LongMap<Bijdrage> nieuw, long timestamp) {
            if (uitstaand.vol()) {
                doorsturen();
            }
            boolean[] verschil = {false};
            nieuw.forEach((k, n) -> verschil[0] |= uitstaand.tel(k, Bijdrage.verschil(oud.get(k), n)));
            oud.forEach((k, o) -> verschil[0] |= !nieuw.containsKey(k) && uitstaand.tel(k, Bijdrage.verschil(o, null)));
            if (verschil[0]) {
                oudste = Math.min(oudste, timestamp);
            }
        }

        /** Sends the waiting deltas on, one record per series, and forgets them; the keys become text here. */
        private void doorsturen() {
            Map<String, TreeMap<String, Bijdrage>> perSerie = new TreeMap<>();
            FeitSleutel sleutels = feiten.sleutels();
            uitstaand.som().forEach((k, v) -> {
                String serie = sleutels.serieTekst(k);
                perSerie.computeIfAbsent(serie, x -> new TreeMap<>()).put(FeitSleutel.periodeTekst(k), v);
            });
            long timestamp = oudste == Long.MAX_VALUE ? context.currentSystemTimeMs() : oudste;
            perSerie.forEach((serie, perioden) ->
                    context.forward(new Record<>(serie, new Uitvoer(new Delta(perioden), null), timestamp)));
            uitstaand.verzonden();
            oudste = Long.MAX_VALUE;
        }
    }

    /**
     * Adds deltas into the aggregates of one series. Summable bases are kept per month only (the measures sum the
     * months when read): rolling each month up into its quarter, year and 12 r12s here multiplied the writes by 15.
     * A hot aggregate changes with many events: each changed aggregate is written to its store once per commit
     * ({@link Terugschrijfstore}) and out to the topic once per commit interval. What changed is kept per series
     * ({@code <timestamp>;<period>,<period>…}), in memory for the write-out and in {@link #GEWIJZIGD} for a restore,
     * written there once per changed series and commit.
     */
    static final class Aggregeer implements Processor<String, Delta, String, Bijdrage> {
        private final Timer latentie;
        private final String definitie;
        private ProcessorContext<String, Bijdrage> context;
        private Terugschrijfstore<String, Bijdrage> aggregaten;
        private KeyValueStore<String, String> gewijzigd;
        /**
         * The aggregates last read or written, as objects (this processor is the only writer of {@link #AGGREGATEN}):
         * a hot aggregate (the region, this month) changes with every send, and reading it back from the store and
         * deserialising it took a third of the aggregator. Bounded; emptied in {@link #init}.
         */
        private final Map<String, Bijdrage> recent = new java.util.LinkedHashMap<>(1 << 14, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bijdrage> oudste) {
                return size() > RECENT;
            }
        };
        static final int RECENT = 20_000;
        /** What {@link #gewijzigd} holds: series → changed periods; rebuilt from the store in {@link #init}. */
        private final Map<String, java.util.TreeSet<String>> veranderd = new java.util.HashMap<>();
        private final Map<String, Long> tijden = new java.util.HashMap<>();
        /** The series of {@link #veranderd} that changed since the last commit: {@link #gewijzigd} is behind for them. */
        private final java.util.Set<String> teBewaren = new java.util.HashSet<>();

        Aggregeer(Timer latentie, String definitie) {
            this.latentie = latentie;
            this.definitie = definitie;
        }

        @Override
        public void init(ProcessorContext<String, Bijdrage> context) {
            this.context = context;
            aggregaten = context.getStateStore(AGGREGATEN);
            gewijzigd = context.getStateStore(GEWIJZIGD);
            veranderd.clear();
            tijden.clear();
            recent.clear();
            teBewaren.clear();
            try (KeyValueIterator<String, String> it = gewijzigd.all()) {
                it.forEachRemaining(kv -> {
                    int puntkomma = kv.value.indexOf(';');
                    tijden.put(kv.key, Long.parseLong(kv.value.substring(0, puntkomma)));
                    veranderd.put(kv.key, new java.util.TreeSet<>(List.of(kv.value.substring(puntkomma + 1).split(","))));
                });
            }
            aggregaten.voorCommit(this::bewaarGewijzigd);
            context.schedule(commitInterval(context), PunctuationType.WALL_CLOCK_TIME, t -> schrijfUit());
        }

        @Override
        public void process(Record<String, Delta> record) {
            String serie = record.key();
            java.util.TreeSet<String> perioden = veranderd.computeIfAbsent(serie, k -> new java.util.TreeSet<>());
            for (Map.Entry<String, Bijdrage> e : record.value().perioden().entrySet()) {
                String sleutel = Sleutel.van(serie, e.getKey());
                Bijdrage a = lees(sleutel);
                if (a == null) {
                    a = new Bijdrage();
                }
                a.tel(e.getValue());
                if (a.isLeeg()) {
                    aggregaten.schrijf(sleutel, null);
                    recent.remove(sleutel);
                } else {
                    aggregaten.schrijf(sleutel, a);
                    recent.put(sleutel, a);
                }
                perioden.add(e.getKey());
            }
            tijden.put(serie, record.timestamp());
            teBewaren.add(serie);
            latentie.record(Math.max(0, context.currentSystemTimeMs() - record.timestamp()), java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        private Bijdrage lees(String sleutel) {
            Bijdrage a = recent.get(sleutel);
            return a != null ? a : aggregaten.lees(sleutel);
        }

        /** At each commit, before the aggregates: the series changed since the last one, with all their changed periods. */
        private void bewaarGewijzigd() {
            for (String serie : teBewaren) { // a subset of veranderd: the write-out empties both
                gewijzigd.put(serie, tijden.get(serie) + ";" + String.join(",", veranderd.get(serie)));
            }
            teBewaren.clear();
        }

        /** Writes out the current value (a tombstone when it emptied) of every aggregate changed since last time. */
        private void schrijfUit() {
            veranderd.forEach((serie, perioden) -> {
                long tijd = tijden.get(serie);
                for (String periode : perioden) {
                    String sleutel = Sleutel.van(serie, periode);
                    context.forward(new Record<>(Sleutel.metDefinitie(definitie, sleutel), lees(sleutel), tijd));
                }
                gewijzigd.delete(serie);
            });
            veranderd.clear();
            tijden.clear();
            teBewaren.clear();
        }
    }
}
