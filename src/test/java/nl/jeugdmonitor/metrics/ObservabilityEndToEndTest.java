package nl.jeugdmonitor.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.jeugdmonitor.Jeugdmonitor;
import nl.jeugdmonitor.KafkaTestSupport;
import nl.jeugdmonitor.TestConfig;
import nl.jeugdmonitor.api.Toegang;
import nl.jeugdmonitor.config.AppConfig;
import nl.jeugdmonitor.indicator.Periode;
import nl.jeugdmonitor.kafka.EmbeddedKafka;
import nl.jeugdmonitor.kafka.JsonSerde;
import nl.jeugdmonitor.simulator.Kalibratie;
import nl.jeugdmonitor.simulator.Simulator;
import nl.jeugdmonitor.simulator.SimulatorProducent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor on the in-process broker with simulated data: the Prometheus text on /metrics parses, its indicator
 * gauges equal what the API answers, every metric a dashboard queries is exported, and a real Prometheus scrapes it.
 */
class ObservabilityEndToEndTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** One sample line of the Prometheus text format: name{labels} value. */
    private static final Pattern REGEL = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Map<Toegang.Rol, String> TOKENS = new EnumMap<>(Toegang.Rol.class);

    static EmbeddedKafka kafka;
    static Jeugdmonitor monitor;
    static AppConfig config;

    record Monster(String naam, Map<String, String> labels, double waarde) {}

    @BeforeAll
    static void start(@TempDir Path tmp) throws Exception {
        kafka = EmbeddedKafka.start();
        config = TestConfig.geisoleerd("observatie");
        monitor = new Jeugdmonitor(new Jeugdmonitor.Instelling(config, kafka.bootstrapServers(), 0, tmp, new byte[32])
                .met(Toegang.demo(TOKENS), "localhost")).start();
        Simulator sim = new Simulator(Kalibratie.twente(), new Simulator.Instellingen(7, 2024, 2025, 0.05, 0.01));
        SimulatorProducent.stuur(sim, kafka.bootstrapServers(), config.topics().ijw(), 0);
        TestConfig.wachtTotBijgewerkt(kafka.bootstrapServers(), config, Duration.ofMinutes(5));
    }

    @AfterAll
    static void stop() {
        monitor.close();
        kafka.close();
    }

    static List<Monster> scrape() throws Exception {
        String tekst = get("/metrics", null).body();
        List<Monster> uit = new ArrayList<>();
        for (String regel : tekst.split("\n")) {
            if (regel.isBlank() || regel.startsWith("#")) {
                continue;
            }
            Matcher m = REGEL.matcher(regel);
            assertTrue(m.matches(), "not Prometheus text format: " + regel);
            Map<String, String> labels = new TreeMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            uit.add(new Monster(m.group(1), labels, Double.parseDouble(m.group(3).replace("+Inf", "Infinity").replace("-Inf", "-Infinity"))));
        }
        return uit;
    }

    static HttpResponse<String> get(String pad, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + monitor.httpPort() + pad));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What the API answers for the period a gauge row stands for (the current one at the peildatum). */
    static Double apiWaarde(Map<String, String> l, LocalDate peildatum) throws Exception {
        return apiWaarde(l, peildatum, Toegang.Rol.analist);
    }

    /** The API's value for a gauge's labels as {@code rol} sees it: null where nothing was measured or it is withheld. */
    static Double apiWaarde(Map<String, String> l, LocalDate peildatum, Toegang.Rol rol) throws Exception {
        YearMonth m = YearMonth.from(peildatum);
        String g = l.get("granularity");
        String periode = switch (g) {
            case Periode.MAAND, Periode.R12 -> Periode.maand(m);
            case Periode.KWARTAAL -> Periode.kwartaal(m);
            default -> Periode.jaar(m);
        };
        StringBuilder pad = new StringBuilder("/api/v1/indicators/" + l.get("measure") + "?granularity=" + g + "&to=" + periode);
        if (!g.equals(Periode.R12)) {
            pad.append("&from=").append(periode);
        }
        if (!l.getOrDefault("zorgvorm", "alle").equals("alle")) {
            pad.append("&zorgvorm=").append(l.get("zorgvorm"));
        }
        if (!l.getOrDefault("groep", "alle").equals("alle")) {
            pad.append("&groep=").append(l.get("groep"));
        }
        if (!l.get("gemeente").equals("regio")) {
            pad.append("&gemeente=").append(l.get("gemeente"));
        }
        if (l.containsKey("aanbieder") && !l.get("aanbieder").equals("alle")) {
            pad.append("&aanbieder=").append(l.get("aanbieder"));
        }
        HttpResponse<String> r = get(pad.toString(), TOKENS.get(rol));
        assertEquals(200, r.statusCode(), pad + " → " + r.body());
        JsonNode v = JsonSerde.MAPPER.readTree(r.body()).get("values").get(0).get("value");
        return v.isNull() ? null : v.asDouble();
    }

    private static LocalDate peildatum() throws Exception {
        HttpResponse<String> r = get("/api/v1/indicators/jeugdigen?granularity=r12", TOKENS.get(Toegang.Rol.analist));
        return LocalDate.parse(JsonSerde.MAPPER.readTree(r.body()).get("peildatum").asText());
    }

    private static List<Monster> indicatorRijen(List<Monster> scrape) {
        return scrape.stream().filter(s -> s.naam().equals("jeugdmonitor_indicator")
                && Set.of("regio", "0153").contains(s.labels().get("gemeente"))).toList();
    }

    @Test
    void indicatorGaugesEqualTheApi() throws Exception {
        LocalDate p = peildatum();
        // the gauges are recomputed every 10 s: wait for a refresh after the data came to rest
        KafkaTestSupport.wachtOp("the indicator gauges at the peildatum", Duration.ofSeconds(60), () -> {
            try {
                List<Monster> rijen = indicatorRijen(scrape());
                return !rijen.isEmpty() && verschillen(rijen, p).isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
        List<Monster> rijen = indicatorRijen(scrape());
        assertTrue(rijen.size() > 100, "gauges for the region and Enschede: " + rijen.size());
        String definitie = nl.jeugdmonitor.indicator.Definitie.van(config).id();
        assertTrue(rijen.stream().allMatch(r -> definitie.equals(r.labels().get("definitie"))), "every gauge names its definition " + definitie);
        assertEquals(List.of(), verschillen(rijen, p));
        Set<String> maten = new TreeSet<>();
        rijen.forEach(r -> maten.add(r.labels().get("measure")));
        assertTrue(maten.containsAll(List.of("jeugdigen", "kosten", "binnen_norm", "wachtend", "budget_realisatie")), maten.toString());

        // /metrics needs no token, so it shows what a kijker sees: a value withheld from a kijker has no series at all
        Set<String> geexporteerd = new TreeSet<>();
        rijen.forEach(r -> geexporteerd.add(sleutel(r.labels())));
        int weggelaten = 0;
        for (String scope : List.of("regio", "0153")) {
            for (Map.Entry<String, List<String>> e : IndicatorMetrics.SELECTIES.entrySet()) {
                for (String sel : e.getValue()) {
                    for (String g : List.of(Periode.MAAND, Periode.KWARTAAL, Periode.JAAR, Periode.R12)) {
                        Map<String, String> l = Map.of("measure", e.getKey(), "granularity", g, "gemeente", scope,
                                "zorgvorm", sel.startsWith("zorgvorm=") ? sel.substring(9) : "alle", "groep", sel.startsWith("groep=") ? sel.substring(6) : "alle");
                        Double kijker = apiWaarde(l, p, Toegang.Rol.kijker);
                        assertEquals(kijker != null, geexporteerd.contains(sleutel(l)), "a series exactly where a kijker sees a value: " + l);
                        weggelaten += kijker == null && apiWaarde(l, p) != null ? 1 : 0;
                    }
                }
            }
        }
        assertTrue(weggelaten > 0, "some values an analist sees are withheld from the public metrics");
    }

    @Test
    void processGaugesEqualTheApiAsAKijkerSeesItAndNameAanbiedersForTheRegionOnly() throws Exception {
        LocalDate p = peildatum();
        // the gauges are recomputed every 10 s: wait for a refresh after the data came to rest
        long tot = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<Monster> rijen;
        List<String> verschillen;
        do {
            Thread.sleep(1000);
            rijen = scrape().stream().filter(s -> s.naam().equals("jeugdmonitor_berichtenverkeer")).toList();
            verschillen = verschillen(rijen, p);
        } while ((!verschillen.isEmpty() || rijen.stream().allMatch(r -> r.labels().get("aanbieder").equals("alle"))) && System.nanoTime() < tot);
        assertEquals(List.of(), verschillen);
        assertTrue(rijen.stream().anyMatch(r -> !r.labels().get("aanbieder").equals("alle")), "some aanbieder is shown: " + rijen.size() + " rows");
        Set<String> maten = new TreeSet<>();
        rijen.forEach(r -> maten.add(r.labels().get("measure")));
        assertTrue(maten.containsAll(List.of("startbericht_tijdig", "stopbericht_tijdig", "declaratie_afgewezen_aandeel")), maten.toString());
        for (Monster r : rijen) {
            assertTrue(r.labels().get("aanbieder").equals("alle") || r.labels().get("gemeente").equals("regio"),
                    "an aanbieder is named for the region only: " + r.labels());
        }
        // an aanbieder with few messages: an analist sees its value, a kijker and /metrics do not
        boolean weggelaten = false;
        for (int i = 41_000_000; i < 41_000_226 && !weggelaten; i++) {
            String agb = String.valueOf(i);
            Map<String, String> l = Map.of("measure", "startbericht_tijdig", "granularity", Periode.JAAR, "gemeente", "regio", "aanbieder", agb);
            if (apiWaarde(l, p) != null && apiWaarde(l, p, Toegang.Rol.kijker) == null) {
                weggelaten = true;
                assertFalse(rijen.stream().anyMatch(r -> r.labels().get("aanbieder").equals(agb)
                        && r.labels().get("measure").equals("startbericht_tijdig") && r.labels().get("granularity").equals(Periode.JAAR)), l.toString());
            }
        }
        assertTrue(weggelaten, "some aanbieder's value is withheld from a kijker");
    }

    private static String sleutel(Map<String, String> l) {
        return l.get("measure") + "|" + l.get("zorgvorm") + "|" + l.get("groep") + "|" + l.get("gemeente") + "|" + l.get("granularity");
    }

    private static List<String> verschillen(List<Monster> rijen, LocalDate p) throws Exception {
        List<String> uit = new ArrayList<>();
        for (Monster r : rijen) {
            Double api = apiWaarde(r.labels(), p, Toegang.Rol.kijker);
            if (api == null || Math.abs(api - r.waarde()) > 1e-6 * Math.max(1, Math.abs(api))) {
                uit.add(r.labels() + ": gauge " + r.waarde() + ", API " + api);
            }
        }
        return uit;
    }

    @Test
    void everyMetricADashboardQueriesIsExported() throws Exception {
        Set<String> geëxporteerd = new TreeSet<>();
        for (Monster s : scrape()) {
            geëxporteerd.add(s.naam());
        }
        geëxporteerd.add("up"); // Prometheus's own, per target
        Set<String> ontbreekt = new TreeSet<>(GrafanaDashboardsTest.metriekNamen());
        ontbreekt.removeAll(geëxporteerd);
        assertEquals(Set.of(), ontbreekt, "queried by a dashboard but not exported");
    }

    @Test
    void aRealPrometheusScrapesTheMonitor(@TempDir Path tmp) throws Exception {
        String prometheus = DeploymentFilesTest.gereedschap("prometheus");
        int poort;
        try (ServerSocket s = new ServerSocket(0)) {
            poort = s.getLocalPort();
        }
        Files.writeString(tmp.resolve("prometheus.yml"), """
                global: {scrape_interval: 1s}
                scrape_configs:
                  - job_name: jeugdmonitor
                    static_configs: [{targets: ["localhost:%d"]}]
                """.formatted(monitor.httpPort()));
        Process p = new ProcessBuilder(prometheus, "--config.file=" + tmp.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + tmp.resolve("data"), "--web.listen-address=127.0.0.1:" + poort)
                .redirectErrorStream(true).redirectOutput(tmp.resolve("prometheus.log").toFile()).start();
        try {
            String reeks = "max(jeugdmonitor_indicator{measure=\"jeugdigen\",gemeente=\"regio\",granularity=\"r12\",groep=\"alle\",zorgvorm=\"alle\"})";
            Map<String, JsonNode> antwoord = new HashMap<>();
            KafkaTestSupport.wachtOp("Prometheus to scrape the monitor", Duration.ofSeconds(60), () -> {
                try {
                    JsonNode up = vraag(poort, "up{job=\"jeugdmonitor\"}");
                    JsonNode ind = vraag(poort, reeks);
                    antwoord.put("up", up);
                    antwoord.put("ind", ind);
                    return up.size() == 1 && up.get(0).get("value").get(1).asText().equals("1") && ind.size() == 1;
                } catch (Exception e) {
                    return false;
                }
            });
            double inPrometheus = antwoord.get("ind").get(0).get("value").get(1).asDouble();
            Double api = apiWaarde(Map.of("measure", "jeugdigen", "granularity", "r12", "zorgvorm", "alle", "groep", "alle",
                    "gemeente", "regio"), peildatum());
            assertEquals(api, inPrometheus, 1e-9, "the series in Prometheus is the API's value");
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    private static JsonNode vraag(int poort, String promql) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + poort + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        return JsonSerde.MAPPER.readTree(r.body()).get("data").get("result");
    }
}
