package nl.jeugdmonitor.indicator;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import nl.jeugdmonitor.config.AppConfig;
import nl.jeugdmonitor.config.Productcatalogus;
import nl.jeugdmonitor.event.Afwijzing;
import nl.jeugdmonitor.event.CanoniekEvent;
import nl.jeugdmonitor.event.DeclaratieRegel;
import nl.jeugdmonitor.event.Start;
import nl.jeugdmonitor.event.Stop;
import nl.jeugdmonitor.event.Toewijzing;
import nl.jeugdmonitor.event.Verzoek;
import nl.jeugdmonitor.event.VerzoekAntwoord;
import nl.jeugdmonitor.kafka.Topics;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The indicator topology on a TopologyTestDriver, with builders for canonical events and the measures read back
 * through {@link Metingen} from the topology's own stores. Tests read as event histories and hand-computed answers.
 */
final class IndicatorHarnas implements AutoCloseable {

    static final String ENSCHEDE = "0153";
    static final String HENGELO = "0164";
    static final String A1 = "41000001";
    static final String A2 = "41000002";

    final TopologyTestDriver driver;
    final Definitie definitie;
    private final TestInputTopic<String, CanoniekEvent> in;
    private final TestInputTopic<String, Long> begrotingen;
    final Metingen metingen;
    private final org.apache.kafka.streams.TestOutputTopic<String, Bijdrage> uit;
    private long ts = 1_700_000_000_000L;

    /** The aggregates as committed (the driver commits after every record). */
    @SuppressWarnings("unchecked")
    org.apache.kafka.streams.state.ReadOnlyKeyValueStore<String, Bijdrage> aggregaten() {
        return (Terugschrijfstore<String, Bijdrage>) driver.getAllStateStores().get(IndicatorTopology.AGGREGATEN); // getStateStore takes it for a built-in one
    }

    IndicatorHarnas() {
        AppConfig config = AppConfig.defaults();
        Topics topics = Topics.from(config.topics());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "indicator-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        // every due timer within the one punctuation a test triggers, however slow the machine
        props.put(IndicatorTopology.DossierProcessor.TIMERS_BUDGET, "100000000");
        definitie = Definitie.van(config);
        driver = new TopologyTestDriver(IndicatorTopology.build(config, topics, new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                definitie), props);
        in = driver.createInputTopic(topics.canoniek().name(), new StringSerializer(), topics.canoniek().valueSerde().serializer());
        uit = driver.createOutputTopic(config.topics().indicatoren(), new org.apache.kafka.common.serialization.StringDeserializer(),
                nl.jeugdmonitor.kafka.JsonSerde.of(Bijdrage.class).deserializer());
        org.apache.kafka.streams.state.ReadOnlyKeyValueStore<String, Bijdrage> aggregaten = aggregaten();
        KeyValueStore<String, Long> peildatum = driver.getKeyValueStore(IndicatorTopology.PEILDATUM);
        KeyValueStore<String, Long> begroting = driver.getKeyValueStore(IndicatorTopology.BEGROTING);
        begrotingen = driver.createInputTopic(topics.begrotingen().name(), new StringSerializer(), new org.apache.kafka.common.serialization.LongSerializer());
        metingen = new Metingen(new Metingen.Bron() {
            @Override
            public Bijdrage aggregaat(String sleutel) {
                return aggregaten.get(sleutel);
            }

            @Override
            public LocalDate peildatum() {
                long p = IndicatorTopology.peildatum(peildatum, definitie.id());
                return p < 0 ? null : LocalDate.ofEpochDay(p);
            }

            @Override
            public Long begroting(String scope, int jaar) {
                return IndicatorTopology.begroting(begroting, scope, jaar);
            }

            @Override
            public Productcatalogus catalogus() {
                return Productcatalogus.van(definitie.catalogus(), "test");
            }
        });
    }

    IndicatorHarnas stuur(CanoniekEvent... events) {
        for (CanoniekEvent e : events) {
            in.pipeInput(e.client(), e, ts++);
        }
        // past the commit interval twice: the dossier processor sends its combined deltas on, then the aggregator
        // writes out the aggregates they changed
        driver.advanceWallClockTime(java.time.Duration.ofMinutes(1));
        driver.advanceWallClockTime(java.time.Duration.ofMinutes(1));
        return this;
    }

    /** The records written to jeugdhulp.indicatoren since the last call, keys without their definition id (checked). */
    List<org.apache.kafka.streams.KeyValue<String, Bijdrage>> uitvoer() {
        List<org.apache.kafka.streams.KeyValue<String, Bijdrage>> out = new ArrayList<>();
        for (var kv : uit.readKeyValuesToList()) {
            if (!kv.key.startsWith(definitie.id() + "|")) {
                throw new AssertionError("a key without the definition id " + definitie.id() + ": " + kv.key);
            }
            out.add(org.apache.kafka.streams.KeyValue.pair(kv.key.substring(definitie.id().length() + 1), kv.value));
        }
        return out;
    }

    /** The greatest peildatum of this definition (epoch day). */
    long peildatum() {
        return IndicatorTopology.peildatum(driver.getKeyValueStore(IndicatorTopology.PEILDATUM), definitie.id());
    }

    IndicatorHarnas begroting(String gemeente, int jaar, long cent) {
        begrotingen.pipeInput(gemeente + ":" + jaar, cent);
        return this;
    }

    /** The value of a measure (selection "alle" unless given, scope regio unless given). */
    Metingen.Waarde waarde(String meting, String selectie, String scope, String granulariteit, String periode) {
        return metingen.waarde(meting, selectie, scope, granulariteit, periode, Map.of());
    }

    Metingen.Waarde waarde(String meting, String selectie, String scope, String granulariteit, String periode, Map<String, String> params) {
        return metingen.waarde(meting, selectie, scope, granulariteit, periode, params);
    }

    /** The value as a plain number for assertions: counts as long, others as their decimal string. */
    Object v(String meting, String selectie, String scope, String granulariteit, String periode) {
        Number n = waarde(meting, selectie, scope, granulariteit, periode).value();
        return n == null ? null : n instanceof Long l ? l : n.toString();
    }

    /** The first keys where two sets of aggregates differ, "key: expected vs found" (empty when equal). */
    static <V> List<String> verschillen(Map<String, V> verwacht, Map<String, V> gevonden) {
        List<String> uit = new ArrayList<>();
        for (Map.Entry<String, V> e : verwacht.entrySet()) {
            if (!e.getValue().equals(gevonden.get(e.getKey())) && uit.size() < 10) {
                uit.add(e.getKey() + ": " + e.getValue() + " vs " + gevonden.get(e.getKey()));
            }
        }
        for (Map.Entry<String, V> e : gevonden.entrySet()) {
            if (!verwacht.containsKey(e.getKey()) && uit.size() < 20) {
                uit.add(e.getKey() + ": absent vs " + e.getValue());
            }
        }
        return uit;
    }

    @Override
    public void close() {
        driver.close();
    }

    // ------------------------------------------------------------------ event builders

    static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    static Toewijzing toewijzing(String client, String gemeente, String aanbieder, String nummer, String cat, String code,
                                 String datum, String ingang, String eind) {
        return new Toewijzing(client, gemeente, aanbieder, nummer, cat, code, d(datum), LocalTime.NOON, d(ingang),
                eind == null ? null : d(eind), null, 4L, "04", "2", null, null, 12, "1", null);
    }

    static Toewijzing verwijderd(String client, String gemeente, String aanbieder, String nummer, String cat, String code,
                                 String datum, String ingang) {
        return new Toewijzing(client, gemeente, aanbieder, nummer, cat, code, d(datum), LocalTime.of(13, 0), d(ingang),
                d(ingang), "13", 4L, "04", "2", null, null, 12, "1", null);
    }

    static Toewijzing metReferentie(Toewijzing t, String referentie) {
        return new Toewijzing(t.client(), t.gemeente(), t.aanbieder(), t.toewijzingNummer(), t.productCategorie(), t.productCode(),
                t.toewijzingsdatum(), t.toewijzingstijd(), t.ingangsdatum(), t.einddatum(), t.redenWijziging(), t.volume(),
                t.eenheid(), t.frequentie(), t.budgetCent(), referentie, t.leeftijd(), t.geslacht(), t.dagtekening());
    }

    static Start start(String client, String gemeente, String aanbieder, String nummer, String cat, String code, String begin) {
        return new Start(client, gemeente, aanbieder, nummer, cat, code, d(begin), "1", 12, "1", null);
    }

    static Start intrekking(Start s) {
        return new Start(s.client(), s.gemeente(), s.aanbieder(), s.toewijzingNummer(), s.productCategorie(), s.productCode(),
                s.begindatum(), "3", s.leeftijd(), s.geslacht(), s.dagtekening());
    }

    /** The same stop with StatusAanlevering 3: retracted. */
    static Stop intrekking(Stop s) {
        return new Stop(s.client(), s.gemeente(), s.aanbieder(), s.toewijzingNummer(), s.productCategorie(), s.productCode(),
                s.begindatum(), s.einddatum(), s.redenBeeindiging(), "3", s.leeftijd(), s.geslacht(), s.dagtekening());
    }

    static Stop stop(Start s, String eind, String reden) {
        return new Stop(s.client(), s.gemeente(), s.aanbieder(), s.toewijzingNummer(), s.productCategorie(), s.productCode(),
                s.begindatum(), d(eind), reden, "1", 12, "1", null);
    }

    static Verzoek verzoek(String client, String gemeente, String aanbieder, String referentie, String verwijzer, String datum) {
        return new Verzoek(client, gemeente, aanbieder, referentie, "45", "45G01", verwijzer, d(datum), 12, "1");
    }

    static DeclaratieRegel regel(String client, String gemeente, String aanbieder, String ref, String nummer, String cat, String code,
                                 String periodeBegin, long volume, String eenheid, long bedragCent) {
        LocalDate b = d(periodeBegin);
        return new DeclaratieRegel(client, gemeente, aanbieder, "D" + ref, ref, null, nummer, cat, code, b,
                b.withDayOfMonth(b.lengthOfMonth()), volume, eenheid, null, bedragCent, "D", b.plusMonths(1).withDayOfMonth(5));
    }

    static DeclaratieRegel credit(DeclaratieRegel origineel, String ref) {
        return new DeclaratieRegel(origineel.client(), origineel.gemeente(), origineel.aanbieder(), "D" + ref, ref,
                origineel.referentieNummer(), origineel.toewijzingNummer(), origineel.productCategorie(), origineel.productCode(),
                origineel.periodeBegin(), origineel.periodeEind(), origineel.geleverdVolume(), origineel.eenheid(), null,
                origineel.bedragCent(), "C", origineel.dagtekening().plusMonths(1));
    }

    static Afwijzing afwijzing(DeclaratieRegel r) {
        return new Afwijzing(r.client(), r.gemeente(), r.aanbieder(), r.declaratieNummer(), r.referentieNummer(), List.of("8001"), null);
    }

    // ------------------------------------------------------------------ the Dagtekening of the message (SPEC §6.3)

    static Toewijzing gedagtekend(Toewijzing t, String dag) {
        return new Toewijzing(t.client(), t.gemeente(), t.aanbieder(), t.toewijzingNummer(), t.productCategorie(), t.productCode(),
                t.toewijzingsdatum(), t.toewijzingstijd(), t.ingangsdatum(), t.einddatum(), t.redenWijziging(), t.volume(),
                t.eenheid(), t.frequentie(), t.budgetCent(), t.referentieAanbieder(), t.leeftijd(), t.geslacht(), d(dag));
    }

    static Start gedagtekend(Start s, String dag) {
        return new Start(s.client(), s.gemeente(), s.aanbieder(), s.toewijzingNummer(), s.productCategorie(), s.productCode(),
                s.begindatum(), s.statusAanlevering(), s.leeftijd(), s.geslacht(), d(dag));
    }

    static Stop gedagtekend(Stop s, String dag) {
        return new Stop(s.client(), s.gemeente(), s.aanbieder(), s.toewijzingNummer(), s.productCategorie(), s.productCode(),
                s.begindatum(), s.einddatum(), s.redenBeeindiging(), s.statusAanlevering(), s.leeftijd(), s.geslacht(), d(dag));
    }

    /** A JW319 answer as ingest passes it on: linked to the client of the request. */
    static VerzoekAntwoord antwoord(Verzoek v, String dag) {
        return new VerzoekAntwoord(v.client(), v.gemeente(), v.aanbieder(), v.referentieAanbieder(), "1", "8", d(dag));
    }
}
