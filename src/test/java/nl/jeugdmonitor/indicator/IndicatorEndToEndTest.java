package nl.jeugdmonitor.indicator;

import static nl.jeugdmonitor.KafkaTestSupport.leesAlles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import nl.jeugdmonitor.Jeugdmonitor;
import nl.jeugdmonitor.TestConfig;
import nl.jeugdmonitor.config.AppConfig;
import nl.jeugdmonitor.kafka.EmbeddedKafka;
import nl.jeugdmonitor.simulator.Kalibratie;
import nl.jeugdmonitor.simulator.Simulator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Indicators on a real in-process broker: a simulated year in, the stored values compared with an independent
 * recomputation from the canonical events (plain collections over the JSON, nothing shared with the topology),
 * and the same answers after a restart mid-stream, with the state directory kept or wiped.
 */
class IndicatorEndToEndTest {

    static final byte[] KEY = "e2e-indicator-sleutel-16-bytes-plus".getBytes(StandardCharsets.UTF_8);
    static EmbeddedKafka kafka;
    static List<byte[]> berichten = new ArrayList<>();
    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start();
        new Simulator(Kalibratie.twente(), new Simulator.Instellingen(8, 2025, 2025, 0.02, 0))
                .genereer(b -> berichten.add(b.xml().getBytes(StandardCharsets.UTF_8)));
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    private static void stuur(AppConfig c, List<byte[]> xml) {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            xml.forEach(b -> p.send(new ProducerRecord<>(c.topics().ijw(), null, b)));
        }
    }

    private static Jeugdmonitor monitor(AppConfig c, Path state) {
        return new Jeugdmonitor(new Jeugdmonitor.Instelling(c, kafka.bootstrapServers(), 0, state, KEY)).start();
    }

    @Test
    void storedIndicatorsEqualAnIndependentRecomputationFromTheCanonicalEvents() throws Exception {
        AppConfig c = TestConfig.geisoleerd("herbereken");
        try (Jeugdmonitor m = monitor(c, tmp.resolve("herbereken"))) {
            stuur(c, berichten);
            TestConfig.wachtTotBijgewerkt(kafka.bootstrapServers(), c, Duration.ofMinutes(5));
            Herberekening h = new Herberekening(leesAlles(kafka.bootstrapServers(), c.topics().canoniek(), false));
            Metingen metingen = m.metingen();
            assertEquals(h.peildatum, m.indicatorBron().peildatum(), "peildatum = greatest event date");
            List<String> scopes = new ArrayList<>(h.gemeenten);
            scopes.add("regio");
            assertTrue(scopes.size() == 15, "14 municipalities and the region: " + scopes);
            Map<String, Object> verwacht = new TreeMap<>();
            Map<String, Object> gekregen = new TreeMap<>();
            for (String scope : scopes) {
                verwacht.put("jeugdigen " + scope + " 2025", h.jeugdigen(scope, LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31)));
                gekregen.put("jeugdigen " + scope + " 2025", metingen.waarde("jeugdigen", "alle", scope, "jaar", "2025", Map.of()).value());
                verwacht.put("gedeclareerd " + scope + " 2025", h.gedeclareerd(scope, 2025));
                gekregen.put("gedeclareerd " + scope + " 2025", metingen.waarde("jeugdigen_gedeclareerd", "alle", scope, "jaar", "2025", Map.of()).value());
            }
            for (YearMonth ym = YearMonth.of(2025, 1); !ym.isAfter(YearMonth.of(2025, 12)); ym = ym.plusMonths(1)) {
                verwacht.put("jeugdigen regio " + ym, h.jeugdigen("regio", ym.atDay(1), ym.atEndOfMonth()));
                gekregen.put("jeugdigen regio " + ym, metingen.waarde("jeugdigen", "alle", "regio", "maand", ym.toString(), Map.of()).value());
                verwacht.put("kosten regio " + ym, h.kostenCent("regio", ym));
                Number k = metingen.waarde("kosten", "totaal", "regio", "maand", ym.toString(), Map.of()).value();
                gekregen.put("kosten regio " + ym, new java.math.BigDecimal(k.toString()).movePointRight(2).longValueExact());
                verwacht.put("starts regio " + ym, h.starts(ym));
                gekregen.put("starts regio " + ym, metingen.waarde("starts", "alle", "regio", "maand", ym.toString(), Map.of()).value());
            }
            verwacht.put("wachttijd begeleiding regio 2025 median", h.mediaanWachtBegeleiding(2025));
            gekregen.put("wachttijd begeleiding regio 2025 median",
                    metingen.waarde("wachttijd_dagen", "zorgvorm=begeleiding", "regio", "jaar", "2025", Map.of()).median().toString());
            // process health (SPEC §6.3): every aanbieder's starts and stops of 2025, every gemeente's requests, the region's lines
            Set<String> aanbieders = new java.util.TreeSet<>();
            h.van("Start").forEach(e -> aanbieders.add(e.get("aanbieder").asText()));
            for (String agb : aanbieders) {
                for (String[] maat : new String[][] {{"startbericht_tijdig", "Start"}, {"stopbericht_tijdig", "Stop"}}) {
                    long[] telling = h.opTijd(maat[1], agb, 2025);
                    Metingen.Waarde w = metingen.waarde(maat[0], "alle", "regio@" + agb, "jaar", "2025", Map.of());
                    verwacht.put(maat[0] + " " + agb, telling[1] + " " + aandeel(telling[0], telling[1]));
                    gekregen.put(maat[0] + " " + agb, w.n() + " " + w.value());
                }
            }
            for (String scope : scopes) {
                long[] verzoeken = h.verzoekenOpTijd(scope, 2025);
                Metingen.Waarde w = metingen.waarde("verzoek_beantwoord_tijdig", "alle", scope, "jaar", "2025", Map.of());
                verwacht.put("verzoek_beantwoord_tijdig " + scope, verzoeken[1] + " " + aandeel(verzoeken[0], verzoeken[1]));
                gekregen.put("verzoek_beantwoord_tijdig " + scope, w.n() + " " + w.value());
            }
            Map<String, Long> controle = h.controle(2025);
            for (String label : List.of("zonder_toewijzing", "buiten_toewijzing", "zonder_start")) {
                verwacht.put("declaratie_" + label + " regio", controle.getOrDefault(label, 0L));
                gekregen.put("declaratie_" + label + " regio", metingen.waarde("declaratie_" + label, "alle", "regio", "jaar", "2025", Map.of()).value());
            }
            verwacht.put("verzoek_open regio", h.verzoekenOpen());
            gekregen.put("verzoek_open regio", metingen.waarde("verzoek_open", "alle", "regio", "maand",
                    YearMonth.from(h.peildatum).toString(), Map.of()).value());
            long[] regels = h.afgewezenRegels(2025);
            Metingen.Waarde af = metingen.waarde("declaratie_afgewezen_aandeel", "alle", "regio", "jaar", "2025", Map.of());
            verwacht.put("declaratie_afgewezen_aandeel regio", regels[1] + " " + aandeel(regels[0], regels[1]));
            gekregen.put("declaratie_afgewezen_aandeel regio", af.n() + " " + af.value());
            assertEquals(verwacht, gekregen);
            assertTrue(controle.values().stream().mapToLong(Long::longValue).sum() > 0 && h.verzoekenOpen() > 0, "some lines fail a "
                    + "check and some requests are open: " + controle + ", " + h.verzoekenOpen());
            assertTrue(aanbieders.size() > 20 && h.verzoekenOpTijd("regio", 2025)[1] > 50 && regels[0] > 0,
                    "many aanbieders, requests and some rejected lines: " + aanbieders.size() + ", " + verwacht.get("verzoek_beantwoord_tijdig regio"));

            // the compacted output topic, folded to its latest value per key, is the aggregate store
            TreeMap<String, Bijdrage> topic = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> r : leesAlles(kafka.bootstrapServers(), c.topics().indicatoren(), false)) {
                String k = new String(r.key(), StandardCharsets.UTF_8);
                String id = Definitie.van(c).id() + "|";
                assertTrue(k.startsWith(id), "every key carries the definition: " + k);
                k = k.substring(id.length());
                if (r.value() == null) {
                    topic.remove(k);
                } else {
                    topic.put(k, nl.jeugdmonitor.kafka.JsonSerde.of(Bijdrage.class).deserializer().deserialize("t", r.value()));
                }
            }
            assertEquals(m.indicatorBron().alleAggregaten(), topic);
            assertTrue((Long) verwacht.get("jeugdigen regio 2025") > 150, "a real volume: " + verwacht.get("jeugdigen regio 2025"));
        }
    }

    @Test
    void aRestartMidStreamWithOrWithoutStateGivesTheSameIndicatorsAsAnUninterruptedRun() throws Exception {
        AppConfig a = TestConfig.geisoleerd("doorlopend");
        SortedMap<String, Bijdrage> doorlopend;
        try (Jeugdmonitor m = monitor(a, tmp.resolve("a"))) {
            stuur(a, berichten);
            TestConfig.wachtTotBijgewerkt(kafka.bootstrapServers(), a, Duration.ofMinutes(5));
            doorlopend = m.indicatorBron().alleAggregaten();
        }
        assertTrue(doorlopend.size() > 1000, "aggregates: " + doorlopend.size());
        for (boolean wis : new boolean[] {false, true}) {
            AppConfig c = TestConfig.geisoleerd(wis ? "herstart-gewist" : "herstart");
            Path state = tmp.resolve(c.applicationId());
            int helft = berichten.size() / 2;
            try (Jeugdmonitor m = monitor(c, state)) {
                stuur(c, berichten.subList(0, helft));
                nl.jeugdmonitor.KafkaTestSupport.wachtOp("some canonical events", Duration.ofSeconds(60),
                        () -> leesAlles(kafka.bootstrapServers(), c.topics().canoniek(), false).size() > 100);
            } // stopped mid-stream
            if (wis) {
                try (Stream<Path> paths = Files.walk(state)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            try (Jeugdmonitor m = monitor(c, state)) {
                stuur(c, berichten.subList(helft, berichten.size()));
                TestConfig.wachtTotBijgewerkt(kafka.bootstrapServers(), c, Duration.ofMinutes(5));
                assertEquals(doorlopend, m.indicatorBron().alleAggregaten(), wis ? "after a wiped state dir" : "after a restart");
            }
        }
    }

    /** A share with 4 decimals, null for none. */
    private static java.math.BigDecimal aandeel(long teller, long noemer) {
        return noemer == 0 ? null : java.math.BigDecimal.valueOf(teller).divide(java.math.BigDecimal.valueOf(noemer), 4, java.math.RoundingMode.HALF_UP);
    }

    /** SPEC §6 recomputed over the canonical JSON with plain collections. */
    static final class Herberekening {
        final LocalDate peildatum;
        final Set<String> gemeenten = new java.util.TreeSet<>();
        private final List<JsonNode> events = new ArrayList<>();

        Herberekening(List<ConsumerRecord<byte[], byte[]>> records) throws IOException {
            ObjectMapper om = new ObjectMapper();
            LocalDate max = LocalDate.MIN;
            for (ConsumerRecord<byte[], byte[]> r : records) {
                JsonNode e = om.readTree(r.value());
                events.add(e);
                gemeenten.add(e.get("gemeente").asText());
                String datumVeld = switch (e.get("type").asText()) {
                    case "Toewijzing" -> "toewijzingsdatum";
                    case "Start" -> "begindatum";
                    case "Stop" -> "einddatum";
                    case "Verzoek" -> "ontvangstdatum";
                    case "VerzoekAntwoord" -> "dagtekening";
                    case "DeclaratieRegel" -> "periodeBegin";
                    default -> null;
                };
                if (datumVeld != null) {
                    LocalDate d = LocalDate.parse(e.get(datumVeld).asText());
                    max = d.isAfter(max) ? d : max;
                }
            }
            peildatum = max;
        }

        List<JsonNode> van(String type) {
            return events.stream().filter(e -> e.get("type").asText().equals(type)).toList();
        }

        private static boolean justitieel(JsonNode e) {
            String cat = e.path("productCategorie").asText();
            return cat.equals("47") || cat.equals("48") || cat.equals("49");
        }

        private static String startSleutel(JsonNode e) {
            return e.get("client").asText() + "|" + e.get("toewijzingNummer").asText() + "|" + e.path("productCategorie").asText()
                    + "|" + e.path("productCode").asText() + "|" + e.get("begindatum").asText();
        }

        /** Valid starts: status 1 for a key that has no status 3. */
        private List<JsonNode> geldigeStarts() {
            Set<String> ingetrokken = new HashSet<>();
            van("Start").stream().filter(s -> s.get("statusAanlevering").asText().equals("3")).forEach(s -> ingetrokken.add(startSleutel(s)));
            Map<String, JsonNode> uniek = new TreeMap<>();
            for (JsonNode s : van("Start")) {
                if (s.get("statusAanlevering").asText().equals("1") && !ingetrokken.contains(startSleutel(s))) {
                    uniek.putIfAbsent(s.get("client").asText() + "|" + s.get("aanbieder").asText() + "|"
                            + s.get("toewijzingNummer").asText() + "|" + s.get("begindatum").asText(), s);
                }
            }
            return new ArrayList<>(uniek.values());
        }

        /** End of a trajectory: the latest valid definitive stop, or the peildatum. */
        private LocalDate eind(JsonNode start) {
            LocalDate eind = null;
            Set<String> ingetrokken = new HashSet<>();
            for (JsonNode s : van("Stop")) {
                if (s.get("statusAanlevering").asText().equals("3")) {
                    ingetrokken.add(startSleutel(s) + "|" + s.get("redenBeeindiging").asText() + "|" + s.get("einddatum").asText());
                }
            }
            for (JsonNode s : van("Stop")) {
                if (s.get("client").asText().equals(start.get("client").asText()) && s.get("aanbieder").asText().equals(start.get("aanbieder").asText())
                        && s.get("toewijzingNummer").asText().equals(start.get("toewijzingNummer").asText())
                        && s.get("begindatum").asText().equals(start.get("begindatum").asText())
                        && s.get("statusAanlevering").asText().equals("1") && !s.get("redenBeeindiging").asText().equals("20")
                        && !ingetrokken.contains(startSleutel(s) + "|" + s.get("redenBeeindiging").asText() + "|" + s.get("einddatum").asText())) {
                    LocalDate e = LocalDate.parse(s.get("einddatum").asText());
                    eind = eind == null || e.isAfter(eind) ? e : eind;
                }
            }
            return eind == null ? peildatum : eind;
        }

        long jeugdigen(String scope, LocalDate van, LocalDate tot) {
            Set<String> clients = new HashSet<>();
            for (JsonNode s : geldigeStarts()) {
                LocalDate begin = LocalDate.parse(s.get("begindatum").asText());
                if (!justitieel(s) && (scope.equals("regio") || scope.equals(s.get("gemeente").asText()))
                        && !begin.isAfter(tot) && !eind(s).isBefore(van)) {
                    clients.add(s.get("client").asText());
                }
            }
            return clients.size();
        }

        long starts(YearMonth m) {
            return geldigeStarts().stream().filter(s -> !justitieel(s)
                    && YearMonth.from(LocalDate.parse(s.get("begindatum").asText())).equals(m)).count();
        }

        private Set<String> afgewezen() {
            Set<String> a = new HashSet<>();
            van("Afwijzing").forEach(e -> a.add(e.get("aanbieder").asText() + "|" + e.get("referentieNummer").asText()));
            return a;
        }

        long kostenCent(String scope, YearMonth m) {
            Set<String> afgewezen = afgewezen();
            long som = 0;
            for (JsonNode r : van("DeclaratieRegel")) {
                if (!afgewezen.contains(r.get("aanbieder").asText() + "|" + r.get("referentieNummer").asText())
                        && (scope.equals("regio") || scope.equals(r.get("gemeente").asText()))
                        && YearMonth.from(LocalDate.parse(r.get("periodeBegin").asText())).equals(m)) {
                    som += (r.get("debetCredit").asText().equals("C") ? -1 : 1) * r.get("bedragCent").asLong();
                }
            }
            return som;
        }

        long gedeclareerd(String scope, int jaar) {
            Set<String> afgewezen = afgewezen();
            Map<String, Long> netto = new HashMap<>();
            for (JsonNode r : van("DeclaratieRegel")) {
                if (!afgewezen.contains(r.get("aanbieder").asText() + "|" + r.get("referentieNummer").asText()) && !justitieel(r)
                        && (scope.equals("regio") || scope.equals(r.get("gemeente").asText()))
                        && LocalDate.parse(r.get("periodeBegin").asText()).getYear() == jaar) {
                    netto.merge(r.get("client").asText(), (r.get("debetCredit").asText().equals("C") ? -1 : 1) * r.get("bedragCent").asLong(), Long::sum);
                }
            }
            return netto.values().stream().filter(v -> v > 0).count();
        }

        /** The holidays of the Algemene termijnenwet in the simulated years, by hand (as WerkdagenTest). */
        private static final Set<String> FEESTDAGEN = Set.of("2024-12-25", "2024-12-26", "2025-01-01", "2025-04-21", "2025-04-26",
                "2025-05-05", "2025-05-29", "2025-06-09", "2025-12-25", "2025-12-26", "2026-01-01", "2026-04-06", "2026-04-27", "2026-05-05");

        private static int werkdagen(LocalDate van, LocalDate tot) {
            int n = 0;
            for (LocalDate d = van.plusDays(1); !d.isAfter(tot); d = d.plusDays(1)) {
                if (d.getDayOfWeek().getValue() <= 5 && !FEESTDAGEN.contains(d.toString())) {
                    n++;
                }
            }
            return n;
        }

        private static LocalDate d(JsonNode e, String veld) {
            return LocalDate.parse(e.get(veld).asText());
        }

        /** The first JW301 Dagtekening of every toewijzing (client|gemeente|nummer) that is not deleted. */
        private Map<String, LocalDate> eersteJw301() {
            Map<String, LocalDate> eerste = new HashMap<>();
            Set<String> verwijderd = new HashSet<>();
            for (JsonNode t : van("Toewijzing")) {
                String k = t.get("client").asText() + "|" + t.get("gemeente").asText() + "|" + t.get("toewijzingNummer").asText();
                eerste.merge(k, d(t, "dagtekening"), (x, y) -> x.isBefore(y) ? x : y);
                if ("13".equals(t.path("redenWijziging").asText())) {
                    verwijderd.add(k);
                }
            }
            verwijderd.forEach(eerste::remove);
            return eerste;
        }

        /**
         * {on time, judged} of one aanbieder's valid starts (or definitive stops not after a pause) of a year: the first
         * report's Dagtekening within 5 working days after begindatum (or the later first JW301) or einddatum.
         */
        long[] opTijd(String type, String aanbieder, int jaar) {
            Map<String, List<JsonNode>> perSleutel = new TreeMap<>();
            for (JsonNode e : van(type)) {
                String k = startSleutel(e) + (type.equals("Stop") ? "|" + e.get("redenBeeindiging").asText() + "|" + e.get("einddatum").asText() : "");
                perSleutel.computeIfAbsent(k, x -> new ArrayList<>()).add(e);
            }
            Set<String> gepauzeerd = new HashSet<>(); // trajectories with a valid pause
            perSleutel.values().forEach(meldingen -> {
                JsonNode e = meldingen.get(0);
                if (type.equals("Stop") && e.get("redenBeeindiging").asText().equals("20")
                        && meldingen.stream().noneMatch(m -> m.get("statusAanlevering").asText().equals("3"))) {
                    gepauzeerd.add(startSleutel(e));
                }
            });
            Map<String, LocalDate> jw301 = eersteJw301();
            long[] uit = new long[2];
            for (List<JsonNode> meldingen : perSleutel.values()) {
                JsonNode e = meldingen.get(0);
                if (!e.get("aanbieder").asText().equals(aanbieder) || meldingen.stream().anyMatch(m -> m.get("statusAanlevering").asText().equals("3"))
                        || type.equals("Stop") && (e.get("redenBeeindiging").asText().equals("20") || gepauzeerd.contains(startSleutel(e)))) {
                    continue;
                }
                LocalDate dag = d(e, type.equals("Start") ? "begindatum" : "einddatum");
                if (dag.getYear() != jaar) {
                    continue;
                }
                LocalDate gemeld = meldingen.stream().map(m -> d(m, "dagtekening")).min(LocalDate::compareTo).orElseThrow();
                LocalDate vanaf = dag;
                LocalDate toegewezen = jw301.get(e.get("client").asText() + "|" + e.get("gemeente").asText() + "|" + e.get("toewijzingNummer").asText());
                if (type.equals("Start") && toegewezen != null && toegewezen.isAfter(vanaf)) {
                    vanaf = toegewezen;
                }
                uit[1]++;
                uit[0] += werkdagen(vanaf, gemeld) <= 5 ? 1 : 0;
            }
            return uit;
        }

        /** {answered on time, decided} of the requests of a year in a scope: answered by a JW319 or an echoing JW301. */
        long[] verzoekenOpTijd(String scope, int jaar) {
            Map<String, JsonNode> verzoeken = new TreeMap<>(); // client|aanbieder|referentie → earliest
            for (JsonNode v : van("Verzoek")) {
                verzoeken.merge(v.get("client").asText() + "|" + v.get("aanbieder").asText() + "|" + v.get("referentieAanbieder").asText(), v,
                        (x, y) -> d(y, "ontvangstdatum").isBefore(d(x, "ontvangstdatum")) ? y : x);
            }
            Map<String, LocalDate> antwoord = new HashMap<>();
            for (JsonNode a : van("VerzoekAntwoord")) {
                antwoord.merge(a.get("client").asText() + "|" + a.get("aanbieder").asText() + "|" + a.get("referentieAanbieder").asText(),
                        d(a, "dagtekening"), (x, y) -> x.isBefore(y) ? x : y);
            }
            Map<String, String> referentie = new HashMap<>(); // toewijzing → its reference
            for (JsonNode t : van("Toewijzing")) {
                if (t.hasNonNull("referentieAanbieder")) {
                    referentie.put(t.get("client").asText() + "|" + t.get("gemeente").asText() + "|" + t.get("toewijzingNummer").asText(),
                            t.get("aanbieder").asText() + "|" + t.get("referentieAanbieder").asText());
                }
            }
            Map<String, LocalDate> eerste = new HashMap<>(); // every version, deleted ones too: the JW301 answered
            for (JsonNode t : van("Toewijzing")) {
                String k = t.get("client").asText() + "|" + t.get("gemeente").asText() + "|" + t.get("toewijzingNummer").asText();
                eerste.merge(k, d(t, "dagtekening"), (x, y) -> x.isBefore(y) ? x : y);
            }
            referentie.forEach((toewijzing, ref) -> antwoord.merge(toewijzing.substring(0, toewijzing.indexOf('|')) + "|" + ref,
                    eerste.get(toewijzing), (x, y) -> x.isBefore(y) ? x : y));
            long[] uit = new long[2];
            verzoeken.forEach((k, v) -> {
                LocalDate dag = d(v, "ontvangstdatum");
                if (dag.getYear() != jaar || !(scope.equals("regio") || scope.equals(v.get("gemeente").asText()))) {
                    return;
                }
                LocalDate a = antwoord.get(k);
                LocalDate termijn = dag;
                for (int n = 0; n < 5; ) {
                    termijn = termijn.plusDays(1);
                    n += termijn.getDayOfWeek().getValue() <= 5 && !FEESTDAGEN.contains(termijn.toString()) ? 1 : 0;
                }
                if (a != null || peildatum.isAfter(termijn)) {
                    uit[1]++;
                    uit[0] += a != null && !a.isAfter(termijn) ? 1 : 0;
                }
            });
            return uit;
        }

        /** The 5th working day after a day. */
        private static LocalDate termijn(LocalDate dag) {
            LocalDate t = dag;
            for (int n = 0; n < 5; ) {
                t = t.plusDays(1);
                n += t.getDayOfWeek().getValue() <= 5 && !FEESTDAGEN.contains(t.toString()) ? 1 : 0;
            }
            return t;
        }

        /** Requests past their deadline at the peildatum without an answer (a JW319, or a JW301 echoing them) by then. */
        long verzoekenOpen() {
            Map<String, LocalDate> eerste = new TreeMap<>();
            for (JsonNode v : van("Verzoek")) {
                eerste.merge(v.get("client").asText() + "|" + v.get("aanbieder").asText() + "|" + v.get("referentieAanbieder").asText(),
                        d(v, "ontvangstdatum"), (x, y) -> x.isBefore(y) ? x : y);
            }
            Set<String> beantwoord = new HashSet<>();
            for (JsonNode a : van("VerzoekAntwoord")) {
                if (!d(a, "dagtekening").isAfter(peildatum)) {
                    beantwoord.add(a.get("client").asText() + "|" + a.get("aanbieder").asText() + "|" + a.get("referentieAanbieder").asText());
                }
            }
            for (JsonNode t : van("Toewijzing")) {
                if (t.hasNonNull("referentieAanbieder") && !d(t, "dagtekening").isAfter(peildatum)) {
                    beantwoord.add(t.get("client").asText() + "|" + t.get("aanbieder").asText() + "|" + t.get("referentieAanbieder").asText());
                }
            }
            return eerste.entrySet().stream().filter(e -> !beantwoord.contains(e.getKey()) && peildatum.isAfter(termijn(e.getValue()))).count();
        }

        /** Per check, the non-rejected lines of a year that fail it against their toewijzing (client|gemeente|nummer) and start. */
        Map<String, Long> controle(int jaar) {
            Set<String> afgewezen = afgewezen();
            Map<String, JsonNode> toewijzing = new HashMap<>(); // the one version the simulator sends, or its deletion
            Set<String> verwijderd = new HashSet<>();
            for (JsonNode t : van("Toewijzing")) {
                String k = t.get("client").asText() + "|" + t.get("gemeente").asText() + "|" + t.get("toewijzingNummer").asText();
                if ("13".equals(t.path("redenWijziging").asText())) {
                    verwijderd.add(k);
                } else {
                    toewijzing.put(k, t);
                }
            }
            Set<String> gestart = new HashSet<>();
            geldigeStarts().forEach(st -> gestart.add(st.get("client").asText() + "|" + st.get("gemeente").asText() + "|"
                    + st.get("toewijzingNummer").asText()));
            Map<String, Long> uit = new TreeMap<>();
            for (JsonNode r : van("DeclaratieRegel")) {
                if (afgewezen.contains(r.get("aanbieder").asText() + "|" + r.get("referentieNummer").asText())
                        || d(r, "periodeBegin").getYear() != jaar) {
                    continue;
                }
                String k = r.get("client").asText() + "|" + r.get("gemeente").asText() + "|" + r.get("toewijzingNummer").asText();
                JsonNode t = toewijzing.get(k);
                if (t == null || verwijderd.contains(k)) {
                    uit.merge("zonder_toewijzing", 1L, Long::sum);
                    continue;
                }
                if (d(r, "periodeBegin").isBefore(d(t, "ingangsdatum"))
                        || t.hasNonNull("einddatum") && d(r, "periodeEind").isAfter(d(t, "einddatum"))) {
                    uit.merge("buiten_toewijzing", 1L, Long::sum);
                }
                if (!gestart.contains(k)) {
                    uit.merge("zonder_start", 1L, Long::sum);
                }
            }
            return uit;
        }

        /** {rejected, declared} debit lines with a periodeBegin in the year. */
        long[] afgewezenRegels(int jaar) {
            Set<String> afgewezen = afgewezen();
            long[] uit = new long[2];
            for (JsonNode r : van("DeclaratieRegel")) {
                if (r.get("debetCredit").asText().equals("D") && d(r, "periodeBegin").getYear() == jaar) {
                    uit[1]++;
                    uit[0] += afgewezen.contains(r.get("aanbieder").asText() + "|" + r.get("referentieNummer").asText()) ? 1 : 0;
                }
            }
            return uit;
        }

        String mediaanWachtBegeleiding(int jaar) {
            Map<String, LocalDate> eerste = new HashMap<>();
            Set<String> verwijderd = new HashSet<>();
            for (JsonNode t : van("Toewijzing")) {
                String k = t.get("client").asText() + "|" + t.get("gemeente").asText() + "|" + t.get("toewijzingNummer").asText();
                eerste.merge(k, LocalDate.parse(t.get("toewijzingsdatum").asText()), (x, y) -> x.isBefore(y) ? x : y);
                if ("13".equals(t.path("redenWijziging").asText())) {
                    verwijderd.add(k);
                }
            }
            List<Long> wachten = new ArrayList<>();
            for (JsonNode s : geldigeStarts()) {
                String cat = s.get("productCategorie").asText();
                String code = s.path("productCode").asText();
                boolean begeleiding = code.startsWith("45G") || cat.equals("34") || cat.equals("40")
                        || (cat.equals("45") && Stream.of("45B", "45D", "45S", "45X").noneMatch(code::startsWith));
                LocalDate begin = LocalDate.parse(s.get("begindatum").asText());
                String k = s.get("client").asText() + "|" + s.get("gemeente").asText() + "|" + s.get("toewijzingNummer").asText();
                if (begeleiding && begin.getYear() == jaar && eerste.containsKey(k) && !verwijderd.contains(k)) {
                    wachten.add(Math.max(0, begin.toEpochDay() - eerste.get(k).toEpochDay()));
                }
            }
            wachten.sort(null);
            int n = wachten.size();
            return n % 2 == 1 ? String.valueOf(wachten.get(n / 2))
                    : new java.math.BigDecimal(wachten.get(n / 2 - 1) + wachten.get(n / 2)).divide(java.math.BigDecimal.valueOf(2), 1,
                    java.math.RoundingMode.HALF_UP).toString();
        }
    }
}
