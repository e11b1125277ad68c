package nl.jeugdmonitor.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import nl.jeugdmonitor.indicator.Feiten;
import nl.jeugdmonitor.indicator.Generatie;
import nl.jeugdmonitor.indicator.Metingen;
import nl.jeugdmonitor.indicator.Periode;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code jeugdmonitor_indicator{measure, zorgvorm, groep, gemeente, granularity}}: the dashboards' measures for the
 * current month, quarter, year and r12 at the peildatum, per scope. Computed every {@link #INTERVAL_S} s from this
 * instance's global copy of all aggregates, so every instance exports the same values (aggregate over instances
 * with {@code max without(instance)}). The label set is at most {@link #SELECTIES} × the scopes × 4 granularities.
 * <p>
 * {@code /metrics} needs no token, so it shows what a kijker sees (SPEC §8): a value a kijker's answer withholds
 * (fewer than 10 youths, or withheld to protect one, see {@code Onderdrukking}) is not exported at all, and the
 * streefwaarde gauges of a (streefwaarde, scope) a kijker may not see are NaN ({@link #zichtbaar}).
 * <p>
 * {@code jeugdmonitor_berichtenverkeer{measure, gemeente, aanbieder, granularity}}: the process measures (SPEC §6.3) for
 * the current month and year, per gemeente and the region, and per aanbieder ("alle" for every one) for the region: a
 * kijker sees an aanbieder across the region only. Aanbieder labels are bounded to those with traffic in the 12 months
 * up to the peildatum's.
 */
public final class IndicatorMetrics implements AutoCloseable {

    static final int INTERVAL_S = 10;
    private static final Logger LOG = LoggerFactory.getLogger(IndicatorMetrics.class);
    private static final List<String> NORM_ZORGVORMEN = List.of("begeleiding", "behandeling", "dyslexie", "screening", "verblijf");
    private static final List<String> GROEPEN = List.of("verblijf", "wonen", "ambulant", "ambulant_alternatief", "crisis", "justitieel", "overig");

    /** The measures and selections exported ("alle", "groep=…", "zorgvorm=…"). */
    static final Map<String, List<String>> SELECTIES = Map.ofEntries(
            Map.entry("jeugdigen", metAlle(GROEPEN, "groep=")),
            Map.entry("kosten", metAlle(GROEPEN, "groep=")),
            Map.entry("kosten_per_jeugdige", List.of(Feiten.ALLE, "groep=verblijf", "groep=ambulant", "groep=wonen")),
            Map.entry("etmalen", List.of("groep=verblijf", "groep=wonen")),
            Map.entry("starts", metAlle(GROEPEN, "groep=")),
            Map.entry("wachttijd_dagen", metAlle(NORM_ZORGVORMEN, "zorgvorm=")),
            Map.entry("binnen_norm", metAlle(NORM_ZORGVORMEN, "zorgvorm=")),
            Map.entry("wachtend", metAlle(NORM_ZORGVORMEN, "zorgvorm=")),
            Map.entry("wachtend_boven_norm", metAlle(NORM_ZORGVORMEN, "zorgvorm=")),
            Map.entry("trajectduur_dagen", metAlle(List.of("begeleiding", "behandeling", "verblijf"), "zorgvorm=")),
            Map.entry("recidive", List.of(Feiten.ALLE)),
            Map.entry("doorplaatsing_vrij", List.of(Feiten.ALLE)));
    /** Measures of the year only. */
    static final List<String> JAARMATEN = List.of("budget_realisatie", "budget_begroting", "budget_prognose", "budget_overschrijding_pct");

    private static List<String> metAlle(List<String> waarden, String prefix) {
        List<String> uit = new ArrayList<>(List.of(Feiten.ALLE));
        waarden.forEach(w -> uit.add(prefix + w));
        return List.copyOf(uit);
    }

    private final MultiGauge gauge;
    private final MultiGauge berichtenverkeer;
    private final Supplier<Generatie> indicatoren;
    private final List<String> scopes;
    private final List<String> gemeenten;
    private final nl.jeugdmonitor.streefwaarde.Streefwaarden streefwaarden;
    private volatile java.util.Set<String> zichtbareParen = java.util.Set.of();
    private final ScheduledExecutorService planner = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "indicator-metrics");
        t.setDaemon(true);
        return t;
    });

    public IndicatorMetrics(MeterRegistry registry, Supplier<Generatie> indicatoren, nl.jeugdmonitor.streefwaarde.Streefwaarden streefwaarden) {
        this.gauge = MultiGauge.builder("jeugdmonitor.indicator")
                .description("an indicator for the current period at the peildatum, as a kijker sees it").register(registry);
        this.berichtenverkeer = MultiGauge.builder("jeugdmonitor.berichtenverkeer")
                .description("a process measure (SPEC 6.3) for the current month or year at the peildatum, as a kijker sees it").register(registry);
        this.indicatoren = indicatoren;
        this.streefwaarden = streefwaarden;
        this.gemeenten = streefwaarden.gemeenten();
        List<String> s = new ArrayList<>(List.of(Feiten.REGIO));
        s.addAll(gemeenten);
        this.scopes = List.copyOf(s);
    }

    /** Whether a kijker sees the (streefwaarde, scope) {@code paar} ("id|scope") at the last refresh: its gauges are NaN otherwise. */
    public boolean zichtbaar(String paar) {
        return zichtbareParen.contains(paar);
    }

    public IndicatorMetrics start() {
        planner.scheduleWithFixedDelay(this::ververs, INTERVAL_S, INTERVAL_S, TimeUnit.SECONDS);
        return this;
    }

    /** Recomputes every row; keeps the previous rows while the stores are not readable. */
    void ververs() {
        try {
            Generatie generatie = indicatoren.get(); // one generation for the whole refresh
            if (generatie == null) {
                return;
            }
            nl.jeugdmonitor.indicator.GlobaleBron globaal = new nl.jeugdmonitor.indicator.GlobaleBron(generatie); // one snapshot
            Metingen metingen = new Metingen(globaal);
            LocalDate p = globaal.peildatum();
            if (p == null) {
                return;
            }
            YearMonth m = YearMonth.from(p);
            Map<String, nl.jeugdmonitor.indicator.Onderdrukking.Tabel> tabellen = new java.util.HashMap<>();
            nl.jeugdmonitor.indicator.Onderdrukking.Kijker kijker = new nl.jeugdmonitor.indicator.Onderdrukking.Kijker(metingen,
                    (maat, params, jaar) -> tabellen.computeIfAbsent(maat.id() + "|" + new java.util.TreeMap<>(params) + "|" + jaar,
                            k -> nl.jeugdmonitor.indicator.Onderdrukking.tabel(metingen, maat, params, jaar, generatie.catalogus(), gemeenten,
                                    globaal.aanbieders(jaar + "-01", jaar + "-12"), p)));
            Map<String, String> perioden = Map.of(Periode.MAAND, Periode.maand(m), Periode.KWARTAAL, Periode.kwartaal(m),
                    Periode.JAAR, Periode.jaar(m), Periode.R12, Periode.maand(m));
            List<MultiGauge.Row<?>> rijen = new ArrayList<>();
            for (String scope : scopes) {
                SELECTIES.forEach((maat, selecties) -> {
                    for (String sel : selecties) {
                        perioden.forEach((g, per) -> rij(rijen, metingen, kijker, generatie.id(), maat, sel, scope, g, per));
                    }
                });
                for (String maat : JAARMATEN) {
                    rij(rijen, metingen, kijker, generatie.id(), maat, Feiten.ALLE, scope, Periode.JAAR, Periode.jaar(m));
                }
            }
            gauge.register(rijen, true);
            berichtenverkeer.register(berichtenverkeer(metingen, kijker, globaal.aanbieders(Periode.maand(m.minusMonths(11)), Periode.maand(m)),
                    generatie.id(), m), true);
            java.util.Set<String> paren = new java.util.HashSet<>();
            for (nl.jeugdmonitor.streefwaarde.Streefwaarde s : streefwaarden.alle()) {
                for (String scope : streefwaarden.scopes(s)) {
                    if (s.zichtbaar(scope, p, kijker)) {
                        paren.add(s.sleutel(scope));
                    }
                }
            }
            zichtbareParen = paren;
        } catch (InvalidStateStoreException e) {
            LOG.debug("indicator metrics wait for the stores: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("indicator metrics not refreshed", e);
        }
    }

    /** The process measures' rows: every scope for all aanbieders, and the region for each aanbieder with recent traffic. */
    private List<MultiGauge.Row<?>> berichtenverkeer(Metingen metingen, nl.jeugdmonitor.indicator.Onderdrukking.Kijker kijker,
                                                     java.util.Collection<String> aanbieders, String definitie, YearMonth m) {
        List<MultiGauge.Row<?>> rijen = new ArrayList<>();
        List<String[]> reeksen = new ArrayList<>(); // {scope as measured, gemeente label, aanbieder label}
        scopes.forEach(s -> reeksen.add(new String[] {s, s, Feiten.ALLE}));
        aanbieders.forEach(a -> reeksen.add(new String[] {Feiten.metAanbieder(Feiten.REGIO, a), Feiten.REGIO, a}));
        for (Metingen.Maat maat : Metingen.MATEN) {
            if (!maat.parameters().contains(Metingen.AANBIEDER_PARAMETER)) {
                continue;
            }
            for (String[] s : reeksen) {
                // the year so far rather than r12: a kijker sees an r12 only when each of its months rests on 10 messages,
                // which few aanbieders have; a year's value is a cell of the table like a month's
                for (String[] gp : new String[][] {{Periode.MAAND, Periode.maand(m)}, {Periode.JAAR, Periode.jaar(m)}}) {
                    String g = gp[0];
                    Number v = metingen.waarde(maat.id(), Feiten.ALLE, s[0], g, gp[1], Map.of()).value();
                    if (v != null && kijker.ziet(maat.id(), Feiten.ALLE, s[0], g, gp[1], Map.of())) {
                        rijen.add(MultiGauge.Row.of(Tags.of("measure", maat.id(), "gemeente", s[1], "aanbieder", s[2], "granularity", g,
                                "definitie", definitie), v.doubleValue()));
                    }
                }
            }
        }
        return rijen;
    }

    private static void rij(List<MultiGauge.Row<?>> rijen, Metingen metingen, nl.jeugdmonitor.indicator.Onderdrukking.Kijker kijker,
                            String definitie, String maat, String sel, String scope, String g, String per) {
        Number v = metingen.waarde(maat, sel, scope, g, per, Map.of()).value();
        if (v == null || !kijker.ziet(maat, sel, scope, g, per, Map.of())) {
            return; // nothing measured, or withheld from a kijker: no series at all
        }
        String zorgvorm = sel.startsWith("zorgvorm=") ? sel.substring(9) : Feiten.ALLE;
        String groep = sel.startsWith("groep=") ? sel.substring(6) : Feiten.ALLE;
        double d = v.doubleValue();
        // the definition the value was computed under (SPEC §6.4): a few ids over a deployment's life, one at a time
        rijen.add(MultiGauge.Row.of(Tags.of("measure", maat, "zorgvorm", zorgvorm, "groep", groep, "gemeente", scope, "granularity", g,
                "definitie", definitie), d));
    }

    @Override
    public void close() {
        planner.shutdownNow();
    }
}
