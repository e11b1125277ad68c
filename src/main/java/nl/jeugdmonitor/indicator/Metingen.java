package nl.jeugdmonitor.indicator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The measures of SPEC §6, computed from the stored aggregates: what the API, the metrics and the streefwaarden
 * ask for. Counts and sums are 0 when nothing happened; medians, means, shares and ratios are null when their
 * denominator is 0. Median of an even count is the mean of the two middle values; p90 is the nearest rank.
 */
public final class Metingen {

    /** Where the aggregates come from: the local stores, another instance, or a test. */
    public interface Bron {
        /** The aggregate at basis|selection|scope|granularity|period, or null. */
        Bijdrage aggregaat(String sleutel);

        /** The peildatum, or null before any event. */
        LocalDate peildatum();

        /** The budget of a gemeente (or, for "regio", of all gemeenten together) for a year in eurocent, or null. */
        Long begroting(String scope, int jaar);

        /** The catalogue the aggregates were computed with, where known (it says which selections have a wait norm). */
        default nl.jeugdmonitor.config.Productcatalogus catalogus() {
            return null;
        }
    }

    /** One value of a measure; {@code value} null where nothing was measured; statistics only where SPEC §6 has them. */
    public record Waarde(String period, Number value, Long n, Number median, Number p90, Number mean, boolean voorlopig) {}

    /** The granularities of most measures, and of those that exist per year only. */
    public static final List<String> ALLE_GRANULARITEITEN = List.of(Periode.MAAND, Periode.KWARTAAL, Periode.JAAR, Periode.R12);
    public static final List<String> ALLEEN_JAAR = List.of(Periode.JAAR);

    /** The values a parameter besides zorgvorm and groep may take (zorgvorm and groep come from the catalogue). */
    public static final Map<String, List<String>> PARAMETERWAARDEN = Map.of(
            "herkomst", List.of("verblijf", "ambulant", "alle"),
            "verwijzer", List.of("01", "02", "03", "04", "05", "06", "08"));

    /** What a measure computes for one period; {@code selectie} is the one asked for, or the measure's fixed one. */
    @FunctionalInterface
    interface Berekening {
        Waarde bereken(Metingen m, String selectie, String scope, String granulariteit, String periode, Map<String, String> params,
                       boolean voorlopig);
    }

    /**
     * One measure of SPEC §6, defined once: its id, Dutch name, unit and basis, the parameters and granularities it
     * allows, the count of youths its suppression rests on ({@code n} of its values), a fixed selection where it has one,
     * and how it is computed from the stored bases. The API's validation, GET /indicators, the OpenAPI document and the
     * README table derive from this list.
     *
     * @param vasteSelectie the selection the measure always reads ("totaal": every line, justitieel included), or null
     */
    public record Maat(String id, String naam, String eenheid, String basis, List<String> parameters, List<String> granulariteiten,
                       String onderdrukking, @com.fasterxml.jackson.annotation.JsonIgnore String vasteSelectie,
                       @com.fasterxml.jackson.annotation.JsonIgnore Berekening berekening) {

        /** Whether the measure takes a zorgvorm or groep selection. */
        public boolean heeftSelectie() {
            return parameters.contains("zorgvorm");
        }
    }

    private static final List<String> SELECTIE = List.of("zorgvorm", "groep");
    private static final String TELLING = "de telling zelf (jeugdigen of trajecten)";
    /** Amounts and volumes rest on the youths with declarations behind them (SPEC §8, issue 17). */
    private static final String GEDECLAREERD = "jeugdigen_gedeclareerd (de jeugdigen achter de declaraties)";
    private static final String GEDECLAREERD_ALLE = "jeugdigen_gedeclareerd van alle zorgvormen (zonder justitieel: een ondergrens)";

    /** The parameter of the process measures: an aanbieder (AGB code) narrows the scope to it. */
    public static final String AANBIEDER_PARAMETER = "aanbieder";
    private static final List<String> AANBIEDER = List.of(AANBIEDER_PARAMETER);
    /** Process counts count messages (requests, lines), each about one youth, several possibly about the same one. */
    private static final String BERICHTEN = "de telling zelf (verzoeken of declaratieregels)";

    /** Declaration lines (not rejected) that fail one check against their toewijzing (SPEC §6.3). */
    private static Maat controle(String id, String naam, String label) {
        return new Maat(id, naam, "aantal", "declaraties + toewijzing + start", AANBIEDER, ALLE_GRANULARITEITEN, BERICHTEN, Feiten.TOTAAL,
                (m, sel, sc, g, per, p, v) -> telling(per, m.a(Feiten.REGELS, sel, sc, g, per).get(label), v));
    }

    /** The share on time of the messages judged; the median and p90 of the working days late of the late ones. */
    private static Waarde tijdig(String periode, Bijdrage b, boolean voorlopig) {
        Histogram laat = new Histogram(b);
        return new Waarde(periode, aandeel(b.get("tijdig"), b.som), b.som, laat.mediaan(), laat.p90(), null, voorlopig);
    }

    private static Maat telling(String id, String naam, String basis, String bron) {
        return new Maat(id, naam, "aantal", bron, SELECTIE, ALLE_GRANULARITEITEN, TELLING, null,
                (m, sel, sc, g, per, p, v) -> telling(per, m.a(basis, sel, sc, g, per).som, v));
    }

    public static final List<Maat> MATEN = List.of(
            telling("jeugdigen", "Jeugdigen in zorg", Feiten.JEUGDIGEN, "start/stop"),
            telling("starts", "Gestarte trajecten", Feiten.STARTS, "start"),
            new Maat("kosten", "Gedeclareerde kosten", "euro", "declaraties", SELECTIE, ALLE_GRANULARITEITEN, GEDECLAREERD, null,
                    (m, sel, sc, g, per, p, v) -> new Waarde(per, euro(m.a(Feiten.KOSTEN, sel, sc, g, per).som), m.gedeclareerd(sel, sc, g, per),
                            null, null, null, v)),
            telling("jeugdigen_gedeclareerd", "Jeugdigen met declaraties", Feiten.GEDECLAREERD, "declaraties"),
            new Maat("kosten_per_jeugdige", "Kosten per jeugdige", "euro", "declaraties", SELECTIE, ALLE_GRANULARITEITEN,
                    "jeugdigen_gedeclareerd", null, (m, sel, sc, g, per, p, v) -> {
                        long jeugdigen = m.a(Feiten.GEDECLAREERD, sel, sc, g, per).som;
                        long kosten = m.a(Feiten.KOSTEN, sel, sc, g, per).som;
                        return new Waarde(per, jeugdigen == 0 ? null : euro(kosten, jeugdigen), jeugdigen, null, null, null, v);
                    }),
            new Maat("etmalen", "Gedeclareerde etmalen", "etmalen", "declaraties", SELECTIE, ALLE_GRANULARITEITEN, GEDECLAREERD,
                    null, (m, sel, sc, g, per, p, v) -> new Waarde(per, m.a(Feiten.ETMALEN, sel, sc, g, per).som, m.gedeclareerd(sel, sc, g, per),
                            null, null, null, v)),
            new Maat("wachttijd_dagen", "Wachttijd tot start (mediaan)", "dagen", "toewijzing + start", SELECTIE, ALLE_GRANULARITEITEN,
                    "gestarte trajecten met een wachttijd (n)", null, (m, sel, sc, g, per, p, v) -> {
                        Histogram h = new Histogram(m.a(Feiten.WACHT, sel, sc, g, per));
                        return new Waarde(per, h.mediaan(), h.n, h.mediaan(), h.p90(), h.gemiddelde(), v);
                    }),
            new Maat("binnen_norm", "Aandeel gestart binnen de wachttijdnorm", "aandeel", "toewijzing + start", SELECTIE,
                    ALLE_GRANULARITEITEN, "gestarte trajecten met een norm (n)", null, (m, sel, sc, g, per, p, v) -> {
                        Bijdrage n = m.a(Feiten.NORM, sel, sc, g, per);
                        return new Waarde(per, aandeel(n.get("binnen"), n.som), n.som, null, null, null, v);
                    }),
            new Maat("wachtend", "Wachtende toewijzingen", "aantal", "toewijzing + start", SELECTIE, ALLE_GRANULARITEITEN, TELLING, null,
                    (m, sel, sc, g, per, p, v) -> m.wachtend(false, sel, sc, g, per, v)),
            new Maat("wachtend_boven_norm", "Wachtend langer dan de norm", "aantal", "toewijzing + start", SELECTIE, ALLE_GRANULARITEITEN,
                    TELLING, null, (m, sel, sc, g, per, p, v) -> m.wachtend(true, sel, sc, g, per, v)),
            new Maat("trajectduur_dagen", "Trajectduur (gemiddeld)", "dagen", "start/stop", SELECTIE, ALLE_GRANULARITEITEN,
                    "beëindigde trajecten (n)", null, (m, sel, sc, g, per, p, v) -> {
                        Histogram h = new Histogram(m.a(Feiten.DUUR, sel, sc, g, per));
                        return new Waarde(per, h.gemiddelde(), h.n, h.mediaan(), h.p90(), h.gemiddelde(), v);
                    }),
            new Maat("aanbieders_aantal", "Aantal aanbieders", "aantal", "declaraties", SELECTIE, ALLE_GRANULARITEITEN, GEDECLAREERD, null,
                    (m, sel, sc, g, per, p, v) -> {
                        Bijdrage b = m.a(Feiten.AANBIEDERS, sel, sc, g, per);
                        long aanbieders = b.verdeling == null ? 0 : b.verdeling.values().stream().filter(x -> x > 0).count();
                        return new Waarde(per, aanbieders, m.gedeclareerd(sel, sc, g, per), null, null, null, v);
                    }),
            new Maat("aanbieders_top5_aandeel", "Aandeel jeugdigen bij de 5 grootste aanbieders", "aandeel", "declaraties", SELECTIE,
                    ALLEEN_JAAR, "jeugdige-aanbiederparen (n)", null, (m, sel, sc, g, per, p, v) -> {
                        Bijdrage b = m.a(Feiten.AANBIEDERS_JEUGDIGEN, sel, sc, g, per);
                        List<Map.Entry<String, Long>> perAanbieder = new ArrayList<>(b.verdeling == null ? Map.<String, Long>of().entrySet()
                                : b.verdeling.entrySet());
                        perAanbieder.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
                        long totaal = perAanbieder.stream().mapToLong(Map.Entry::getValue).sum();
                        long top5 = perAanbieder.stream().limit(5).mapToLong(Map.Entry::getValue).sum();
                        return new Waarde(per, aandeel(top5, totaal), totaal, null, null, null, v);
                    }),
            new Maat("doorplaatsing_vrij", "Aandeel verblijf zonder doorplaatsing", "aandeel", "start/stop", List.of(), ALLE_GRANULARITEITEN,
                    "jeugdigen in verblijf (n)", "groep=verblijf", (m, sel, sc, g, per, p, v) -> {
                        Bijdrage b = m.a(Feiten.DOORPLAATSING, sel, sc, g, per);
                        return new Waarde(per, aandeel(b.som - b.get("doorplaatst"), b.som), b.som, null, null, null, v);
                    }),
            new Maat("recidive", "Jeugdigen terug in zorg na 183 dagen", "aantal", "start/stop", List.of("zorgvorm", "groep", "herkomst"),
                    ALLE_GRANULARITEITEN, TELLING, null, (m, sel, sc, g, per, p, v) -> {
                        String herkomst = p.getOrDefault("herkomst", "alle");
                        Bijdrage b = m.a(Feiten.RECIDIVE, sel, sc, g, per);
                        return telling(per, "alle".equals(herkomst) ? b.som : b.get(herkomst), v);
                    }),
            new Maat("uitstroom_naar_wonen", "Uitstroom uit verblijf naar wonen", "aantal", "start/stop", List.of(), ALLE_GRANULARITEITEN,
                    TELLING, "groep=verblijf", (m, sel, sc, g, per, p, v) -> telling(per, m.a(Feiten.UITSTROOM, sel, sc, g, per).get("naar_wonen"), v)),
            new Maat("uitstroom_naar_huis", "Uitstroom uit verblijf naar huis", "aantal", "start/stop", List.of(), ALLE_GRANULARITEITEN,
                    TELLING, "groep=verblijf", (m, sel, sc, g, per, p, v) -> telling(per, m.a(Feiten.UITSTROOM, sel, sc, g, per).get("naar_huis"), v)),
            new Maat("budget_realisatie", "Gedeclareerd in het jaar", "euro", "declaraties", List.of(), ALLEEN_JAAR, GEDECLAREERD_ALLE,
                    Feiten.TOTAAL, (m, sel, sc, g, per, p, v) -> new Waarde(per, euro(m.a(Feiten.KOSTEN, sel, sc, g, per).som),
                            m.gedeclareerd(Feiten.ALLE, sc, g, per), null, null, null, v)),
            new Maat("budget_begroting", "Begroting", "euro", "begroting", List.of(), ALLEEN_JAAR, "geen: een besluit van de raad, openbaar", Feiten.TOTAAL,
                    (m, sel, sc, g, per, p, v) -> {
                        Long b = m.bron.begroting(sc, Integer.parseInt(per));
                        return new Waarde(per, b == null ? null : euro(b), null, null, null, null, false);
                    }),
            new Maat("budget_prognose", "Prognose jaareinde", "euro", "declaraties", List.of(), ALLEEN_JAAR, GEDECLAREERD_ALLE, Feiten.TOTAAL,
                    (m, sel, sc, g, per, p, v) -> {
                        Long prognose = m.prognoseCent(sc, Integer.parseInt(per), m.bron.peildatum());
                        return new Waarde(per, prognose == null ? null : euro(prognose), m.gedeclareerd(Feiten.ALLE, sc, g, per), null, null, null, v);
                    }),
            new Maat("budget_overschrijding_pct", "Prognose boven begroting", "procent", "declaraties + begroting", List.of(), ALLEEN_JAAR,
                    GEDECLAREERD_ALLE, Feiten.TOTAAL, (m, sel, sc, g, per, p, v) -> {
                        Long prognose = m.prognoseCent(sc, Integer.parseInt(per), m.bron.peildatum());
                        Long begroting = m.bron.begroting(sc, Integer.parseInt(per));
                        Number pct = prognose == null || begroting == null || begroting == 0 ? null
                                : BigDecimal.valueOf(prognose - begroting).multiply(BigDecimal.valueOf(100))
                                .divide(BigDecimal.valueOf(begroting), 2, RoundingMode.HALF_UP);
                        return new Waarde(per, pct, m.gedeclareerd(Feiten.ALLE, sc, g, per), null, null, null, v);
                    }),
            new Maat("trajectprijs", "Gemiddelde trajectprijs", "euro", "declaraties", List.of(), ALLEEN_JAAR, GEDECLAREERD_ALLE,
                    Feiten.TOTAAL, (m, sel, sc, g, per, p, v) -> {
                        long trajecten = m.a(Feiten.TRAJECTEN, sel, sc, g, per).som;
                        long kosten = m.a(Feiten.KOSTEN, sel, sc, g, per).som;
                        return new Waarde(per, trajecten == 0 ? null : euro(kosten, trajecten), m.gedeclareerd(Feiten.ALLE, sc, g, per), null, null, null, v);
                    }),
            new Maat("verwijzers_aandeel", "Aandeel nieuwe toewijzingen per verwijzer", "aandeel", "toewijzing + verzoek",
                    List.of("zorgvorm", "groep", "verwijzer"), ALLE_GRANULARITEITEN, "nieuwe toewijzingen (n)", null, (m, sel, sc, g, per, p, v) -> {
                        Bijdrage b = m.a(Feiten.TOEWIJZINGEN, sel, sc, g, per);
                        return new Waarde(per, aandeel(b.get(p.getOrDefault("verwijzer", "01")), b.som), b.som, null, null, null, v);
                    }),
            telling("stapeling", "Jeugdigen met gelijktijdige zorg in meer zorgvormen", Feiten.STAPELING, "start/stop"),
            // iJw process health (SPEC §6.3): every message counts ("totaal"); scope also one aanbieder (parameter aanbieder)
            new Maat("startbericht_tijdig", "Startberichten (JW305) binnen 5 werkdagen", "aandeel", "start + toewijzing (Dagtekening)",
                    AANBIEDER, ALLE_GRANULARITEITEN, "beoordeelde startberichten (n)", Feiten.TOTAAL,
                    (m, sel, sc, g, per, p, v) -> tijdig(per, m.a(Feiten.STARTBERICHT, sel, sc, g, per), v)),
            new Maat("stopbericht_tijdig", "Stopberichten (JW307) binnen 5 werkdagen", "aandeel", "stop (Dagtekening)",
                    AANBIEDER, ALLE_GRANULARITEITEN, "beoordeelde stopberichten (n)", Feiten.TOTAAL,
                    (m, sel, sc, g, per, p, v) -> tijdig(per, m.a(Feiten.STOPBERICHT, sel, sc, g, per), v)),
            new Maat("verzoek_beantwoord_tijdig", "Verzoeken (JW315) binnen 5 werkdagen beantwoord", "aandeel",
                    "verzoek + toewijzing/antwoord (Dagtekening)", AANBIEDER, ALLE_GRANULARITEITEN, "beslechte verzoeken (n)", Feiten.TOTAAL,
                    (m, sel, sc, g, per, p, v) -> {
                        Bijdrage b = m.a(Feiten.VERZOEK, sel, sc, g, per);
                        return new Waarde(per, aandeel(b.get("tijdig"), b.som), b.som, null, null, null, v);
                    }),
            new Maat("verzoek_open", "Verzoeken na 5 werkdagen zonder antwoord", "aantal", "verzoek + toewijzing/antwoord (Dagtekening)",
                    AANBIEDER, ALLE_GRANULARITEITEN, BERICHTEN, Feiten.TOTAAL, (m, sel, sc, g, per, p, v) -> {
                        Bijdrage b = m.opLaatsteDag(Feiten.VERZOEK_OPEN, sel, sc, g, per);
                        return b == null ? new Waarde(per, null, null, null, null, null, v) : telling(per, b.som, v);
                    }),
            controle("declaratie_zonder_toewijzing", "Declaratieregels zonder (geldige) toewijzing", "zonder_toewijzing"),
            controle("declaratie_buiten_toewijzing", "Declaratieregels buiten de toewijzingsperiode", "buiten_toewijzing"),
            controle("declaratie_zonder_start", "Declaratieregels bij een toewijzing zonder start", "zonder_start"),
            new Maat("declaratie_afgewezen_aandeel", "Aandeel afgewezen declaratieregels (JW325)", "aandeel", "declaraties + afwijzingen",
                    AANBIEDER, ALLE_GRANULARITEITEN, "gedeclareerde regels (n)", Feiten.TOTAAL, (m, sel, sc, g, per, p, v) -> {
                        Bijdrage b = m.a(Feiten.REGELS, sel, sc, g, per);
                        return new Waarde(per, aandeel(b.get("afgewezen"), b.som), b.som, null, null, null, v);
                    }));

    private static final Map<String, Maat> PER_ID = new java.util.LinkedHashMap<>();

    static {
        MATEN.forEach(m -> PER_ID.put(m.id(), m));
    }

    /** The README's table of the measures, written from the registry ({@code MatenDocumentedTest} keeps the two equal). */
    public static String tabel() {
        StringBuilder b = new StringBuilder("| measure | name | unit | basis | parameters | granularities | suppression rests on |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (Maat m : MATEN) {
            b.append("| `").append(m.id()).append("` | ").append(m.naam()).append(" | ").append(m.eenheid()).append(" | ")
                    .append(m.basis()).append(" | ").append(m.parameters().isEmpty() ? "—" : String.join(", ", m.parameters()))
                    .append(m.vasteSelectie() == null ? "" : " (reads " + m.vasteSelectie() + ")").append(" | ")
                    .append(String.join(", ", m.granulariteiten())).append(" | ").append(m.onderdrukking()).append(" |\n");
        }
        return b.toString();
    }

    /** The measure with this id, or null. */
    public static Maat maat(String id) {
        return PER_ID.get(id);
    }

    private final Bron bron;

    public Metingen(Bron bron) {
        this.bron = bron;
    }

    private Bijdrage a(String basis, String selectie, String scope, String granulariteit, String periode) {
        if (Feiten.PER_MAAND.contains(basis) && !Periode.MAAND.equals(granulariteit)) {
            // summable: stored per month only, summed here into the quarter, year or r12
            Bijdrage som = new Bijdrage();
            for (YearMonth m : Periode.maanden(granulariteit, periode)) {
                som.tel(a(basis, selectie, scope, Periode.MAAND, Periode.maand(m)));
            }
            return som;
        }
        Bijdrage b = bron.aggregaat(Sleutel.van(basis, selectie, scope, granulariteit, periode));
        return b == null ? new Bijdrage() : b;
    }

    /**
     * @param selectie "zorgvorm=…", "groep=…" or "alle"; a measure with a fixed selection reads that one instead
     * @param scope    a CBS code or "regio"
     * @param params   "herkomst" (recidive), "verwijzer" (verwijzers_aandeel)
     */
    public Waarde waarde(String meting, String selectie, String scope, String granulariteit, String periode, Map<String, String> params) {
        Maat maat = maat(meting);
        if (maat == null) {
            throw new IllegalArgumentException("unknown measure " + meting);
        }
        if (!maat.granulariteiten().contains(granulariteit)) {
            throw new IllegalArgumentException(meting + " exists for granularity " + maat.granulariteiten() + " only");
        }
        LocalDate p = bron.peildatum();
        LocalDate[] grenzen = Periode.grenzen(granulariteit, periode);
        boolean voorlopig = p == null || p.isBefore(grenzen[1].plusMonths(3));
        String sel = maat.vasteSelectie() != null ? maat.vasteSelectie() : selectie;
        return maat.berekening().bereken(this, sel, scope, granulariteit, periode, params, voorlopig);
    }

    private static Waarde telling(String periode, long n, boolean voorlopig) {
        return new Waarde(periode, n, n, null, null, null, voorlopig);
    }

    static BigDecimal euro(long cent) {
        return BigDecimal.valueOf(cent, 2);
    }

    static BigDecimal euro(long cent, long deler) {
        return BigDecimal.valueOf(cent).divide(BigDecimal.valueOf(100L * deler), 2, RoundingMode.HALF_UP);
    }

    static Number aandeel(long teller, long noemer) {
        return noemer == 0 ? null : BigDecimal.valueOf(teller).divide(BigDecimal.valueOf(noemer), 4, RoundingMode.HALF_UP);
    }

    /**
     * realisatie + mean monthly net cost of the last 3 complete months of the year before the peildatum's month
     * (fewer if the year has fewer; no value in January) × the months remaining after the peildatum's month;
     * the realisatie for a past year (SPEC §6.2).
     */
    private Long prognoseCent(String scope, int jaar, LocalDate p) {
        long realisatie = a(Feiten.KOSTEN, Feiten.TOTAAL, scope, Periode.JAAR, String.valueOf(jaar)).som;
        if (p == null || p.getYear() > jaar) {
            return realisatie;
        }
        if (p.getYear() < jaar || p.getMonthValue() == 1) {
            return null;
        }
        YearMonth peilmaand = YearMonth.from(p);
        long som = 0;
        int maanden = 0;
        for (YearMonth m = peilmaand.minusMonths(1); m.getYear() == jaar && maanden < 3; m = m.minusMonths(1)) {
            som += a(Feiten.KOSTEN, Feiten.TOTAAL, scope, Periode.MAAND, Periode.maand(m)).som;
            maanden++;
        }
        int resterend = 12 - peilmaand.getMonthValue();
        return realisatie + Math.round((double) som / maanden * resterend);
    }

    /** The youths with declarations behind an amount or volume: what its suppression rests on. */
    private long gedeclareerd(String selectie, String scope, String granulariteit, String periode) {
        return a(Feiten.GEDECLAREERD, selectie, scope, granulariteit, periode).som;
    }

    /** The waiting list on the period's last day, or at the peildatum for the current period. */
    private Waarde wachtend(boolean bovenNorm, String selectie, String scope, String granulariteit, String per, boolean voorlopig) {
        LocalDate p = bron.peildatum();
        LocalDate[] grenzen = Periode.grenzen(granulariteit, per);
        if (p == null || grenzen[0].isAfter(p) || (bovenNorm && !heeftNorm(selectie))) {
            return new Waarde(per, null, null, null, null, null, voorlopig);
        }
        Bijdrage b = opLaatsteDag(Feiten.WACHTEND, selectie, scope, granulariteit, per);
        return telling(per, bovenNorm ? b.get("boven_norm") : b.som, voorlopig);
    }

    /**
     * A basis kept per month as it stood on the month's last day (in the current month: at the peildatum), read for the
     * period's last day, or at the peildatum for the current period; null for a period that begins after the peildatum.
     */
    private Bijdrage opLaatsteDag(String basis, String selectie, String scope, String granulariteit, String per) {
        LocalDate p = bron.peildatum();
        LocalDate[] grenzen = Periode.grenzen(granulariteit, per);
        if (p == null || grenzen[0].isAfter(p)) {
            return null;
        }
        LocalDate dag = grenzen[1].isBefore(p) ? grenzen[1] : p;
        return a(basis, selectie, scope, Periode.MAAND, Periode.maand(YearMonth.from(dag)));
    }

    /**
     * Whether a zorgvorm of the selection has a wait norm; true when the catalogue is not known. Without one,
     * {@code wachtend_boven_norm} is null, as {@code binnen_norm} is (SPEC §6.1, issue 20).
     */
    private boolean heeftNorm(String selectie) {
        nl.jeugdmonitor.config.Productcatalogus c = bron.catalogus();
        if (c == null) {
            return true;
        }
        return c.zorgvormen().values().stream().anyMatch(z -> z.heeftNorm() && (selectie.equals("zorgvorm=" + z.id())
                || selectie.equals("groep=" + z.groep()) || (selectie.equals(Feiten.ALLE) && !nl.jeugdmonitor.config.Productcatalogus.JUSTITIEEL.equals(z.groep()))));
    }

    /** A distribution of whole days, with the statistics of SPEC §6. */
    static final class Histogram {
        final long n;
        private final long[][] waarden; // [days, count], ascending

        Histogram(Bijdrage b) {
            List<long[]> w = new ArrayList<>();
            long totaal = 0;
            if (b.verdeling != null) {
                for (Map.Entry<String, Long> e : b.verdeling.entrySet()) {
                    if (e.getValue() > 0 && Character.isDigit(e.getKey().charAt(0))) { // numbers only ("tijdig" counts apart)
                        w.add(new long[] {Long.parseLong(e.getKey()), e.getValue()});
                        totaal += e.getValue();
                    }
                }
            }
            w.sort(Comparator.comparingLong(x -> x[0]));
            waarden = w.toArray(long[][]::new);
            n = totaal;
        }

        /** The k-th smallest value, 1-based. */
        long rang(long k) {
            long gezien = 0;
            for (long[] w : waarden) {
                gezien += w[1];
                if (gezien >= k) {
                    return w[0];
                }
            }
            throw new IllegalStateException("rank " + k + " of " + n);
        }

        Number mediaan() {
            if (n == 0) {
                return null;
            }
            return n % 2 == 1 ? BigDecimal.valueOf(rang((n + 1) / 2))
                    : BigDecimal.valueOf(rang(n / 2) + rang(n / 2 + 1)).divide(BigDecimal.valueOf(2), 1, RoundingMode.HALF_UP);
        }

        Number p90() {
            return n == 0 ? null : BigDecimal.valueOf(rang((9 * n + 9) / 10)); // ⌈0.9·n⌉ in whole numbers
        }

        Number gemiddelde() {
            if (n == 0) {
                return null;
            }
            long som = 0;
            for (long[] w : waarden) {
                som += w[0] * w[1];
            }
            return BigDecimal.valueOf(som).divide(BigDecimal.valueOf(n), 2, RoundingMode.HALF_UP);
        }
    }
}
