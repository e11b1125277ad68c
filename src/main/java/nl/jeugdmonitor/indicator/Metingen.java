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
    }

    /** One value of a measure; {@code value} null where nothing was measured; statistics only where SPEC §6 has them. */
    public record Waarde(String period, Number value, Long n, Number median, Number p90, Number mean, boolean voorlopig) {}

    /** The measures and their Dutch names, units and bases (GET /indicators). */
    public record Definitie(String id, String naam, String eenheid, String basis, List<String> parameters) {}

    public static final List<Definitie> DEFINITIES = List.of(
            new Definitie("jeugdigen", "Jeugdigen in zorg", "aantal", "start/stop", List.of("zorgvorm", "groep")),
            new Definitie("starts", "Gestarte trajecten", "aantal", "start", List.of("zorgvorm", "groep")),
            new Definitie("kosten", "Gedeclareerde kosten", "euro", "declaraties", List.of("zorgvorm", "groep")),
            new Definitie("jeugdigen_gedeclareerd", "Jeugdigen met declaraties", "aantal", "declaraties", List.of("zorgvorm", "groep")),
            new Definitie("kosten_per_jeugdige", "Kosten per jeugdige", "euro", "declaraties", List.of("zorgvorm", "groep")),
            new Definitie("etmalen", "Gedeclareerde etmalen", "etmalen", "declaraties", List.of("zorgvorm", "groep")),
            new Definitie("wachttijd_dagen", "Wachttijd tot start (mediaan)", "dagen", "toewijzing + start", List.of("zorgvorm", "groep")),
            new Definitie("binnen_norm", "Aandeel gestart binnen de wachttijdnorm", "aandeel", "toewijzing + start", List.of("zorgvorm", "groep")),
            new Definitie("wachtend", "Wachtende toewijzingen", "aantal", "toewijzing + start", List.of("zorgvorm", "groep")),
            new Definitie("wachtend_boven_norm", "Wachtend langer dan de norm", "aantal", "toewijzing + start", List.of("zorgvorm", "groep")),
            new Definitie("trajectduur_dagen", "Trajectduur (gemiddeld)", "dagen", "start/stop", List.of("zorgvorm", "groep")),
            new Definitie("aanbieders_aantal", "Aantal aanbieders", "aantal", "declaraties", List.of("zorgvorm", "groep")),
            new Definitie("aanbieders_top5_aandeel", "Aandeel jeugdigen bij de 5 grootste aanbieders", "aandeel", "declaraties", List.of("zorgvorm", "groep")),
            new Definitie("doorplaatsing_vrij", "Aandeel verblijf zonder doorplaatsing", "aandeel", "start/stop", List.of()),
            new Definitie("recidive", "Jeugdigen terug in zorg na 183 dagen", "aantal", "start/stop", List.of("zorgvorm", "groep", "herkomst")),
            new Definitie("uitstroom_naar_wonen", "Uitstroom uit verblijf naar wonen", "aantal", "start/stop", List.of()),
            new Definitie("uitstroom_naar_huis", "Uitstroom uit verblijf naar huis", "aantal", "start/stop", List.of()),
            new Definitie("budget_realisatie", "Gedeclareerd in het jaar", "euro", "declaraties", List.of()),
            new Definitie("budget_begroting", "Begroting", "euro", "begroting", List.of()),
            new Definitie("budget_prognose", "Prognose jaareinde", "euro", "declaraties", List.of()),
            new Definitie("budget_overschrijding_pct", "Prognose boven begroting", "procent", "declaraties + begroting", List.of()),
            new Definitie("trajectprijs", "Gemiddelde trajectprijs", "euro", "declaraties", List.of()),
            new Definitie("verwijzers_aandeel", "Aandeel nieuwe toewijzingen per verwijzer", "aandeel", "toewijzing + verzoek", List.of("zorgvorm", "groep", "verwijzer")));

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
        Bijdrage b = bron.aggregaat(basis + "|" + selectie + "|" + scope + "|" + granulariteit + "|" + periode);
        return b == null ? new Bijdrage() : b;
    }

    /**
     * @param selectie "zorgvorm=…", "groep=…" or "alle"
     * @param scope    a CBS code or "regio"
     * @param params   "herkomst" (recidive), "verwijzer" (verwijzers_aandeel)
     */
    public Waarde waarde(String meting, String selectie, String scope, String granulariteit, String periode, Map<String, String> params) {
        LocalDate p = bron.peildatum();
        LocalDate[] grenzen = Periode.grenzen(granulariteit, periode);
        boolean voorlopig = p == null || p.isBefore(grenzen[1].plusMonths(3));
        String g = granulariteit;
        String per = periode;
        switch (meting) {
            case "jeugdigen":
                return telling(per, a(Feiten.JEUGDIGEN, selectie, scope, g, per).som, voorlopig);
            case "starts":
                return telling(per, a(Feiten.STARTS, selectie, scope, g, per).som, voorlopig);
            case "jeugdigen_gedeclareerd":
                return telling(per, a(Feiten.GEDECLAREERD, selectie, scope, g, per).som, voorlopig);
            case "etmalen":
                return telling(per, a(Feiten.ETMALEN, selectie, scope, g, per).som, voorlopig);
            case "kosten":
                return new Waarde(per, euro(a(Feiten.KOSTEN, selectie, scope, g, per).som), null, null, null, null, voorlopig);
            case "kosten_per_jeugdige": {
                long jeugdigen = a(Feiten.GEDECLAREERD, selectie, scope, g, per).som;
                long kosten = a(Feiten.KOSTEN, selectie, scope, g, per).som;
                return new Waarde(per, jeugdigen == 0 ? null : euro(kosten, jeugdigen), jeugdigen, null, null, null, voorlopig);
            }
            case "wachttijd_dagen": {
                Histogram h = new Histogram(a(Feiten.WACHT, selectie, scope, g, per));
                return new Waarde(per, h.mediaan(), h.n, h.mediaan(), h.p90(), h.gemiddelde(), voorlopig);
            }
            case "trajectduur_dagen": {
                Histogram h = new Histogram(a(Feiten.DUUR, selectie, scope, g, per));
                return new Waarde(per, h.gemiddelde(), h.n, h.mediaan(), h.p90(), h.gemiddelde(), voorlopig);
            }
            case "binnen_norm": {
                Bijdrage n = a(Feiten.NORM, selectie, scope, g, per);
                return new Waarde(per, aandeel(n.get("binnen"), n.som), n.som, null, null, null, voorlopig);
            }
            case "wachtend", "wachtend_boven_norm":
                return wachtend(meting.equals("wachtend_boven_norm"), selectie, scope, per, grenzen, p, voorlopig);
            case "aanbieders_aantal": {
                Bijdrage b = a(Feiten.AANBIEDERS, selectie, scope, g, per);
                long n = b.verdeling == null ? 0 : b.verdeling.values().stream().filter(v -> v > 0).count();
                return telling(per, n, voorlopig);
            }
            case "aanbieders_top5_aandeel": {
                eisJaar(meting, g);
                Bijdrage b = a(Feiten.AANBIEDERS_JEUGDIGEN, selectie, scope, g, per);
                List<Map.Entry<String, Long>> perAanbieder = new ArrayList<>(b.verdeling == null ? Map.<String, Long>of().entrySet() : b.verdeling.entrySet());
                perAanbieder.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
                long totaal = perAanbieder.stream().mapToLong(Map.Entry::getValue).sum();
                long top5 = perAanbieder.stream().limit(5).mapToLong(Map.Entry::getValue).sum();
                return new Waarde(per, aandeel(top5, totaal), totaal, null, null, null, voorlopig);
            }
            case "doorplaatsing_vrij": {
                Bijdrage b = a(Feiten.DOORPLAATSING, "groep=verblijf", scope, g, per);
                return new Waarde(per, aandeel(b.som - b.get("doorplaatst"), b.som), b.som, null, null, null, voorlopig);
            }
            case "recidive": {
                String herkomst = params.getOrDefault("herkomst", "alle");
                Bijdrage b = a(Feiten.RECIDIVE, selectie, scope, g, per);
                return telling(per, "alle".equals(herkomst) ? b.som : b.get(herkomst), voorlopig);
            }
            case "uitstroom_naar_wonen":
                return telling(per, a(Feiten.UITSTROOM, "groep=verblijf", scope, g, per).get("naar_wonen"), voorlopig);
            case "uitstroom_naar_huis":
                return telling(per, a(Feiten.UITSTROOM, "groep=verblijf", scope, g, per).get("naar_huis"), voorlopig);
            case "verwijzers_aandeel": {
                Bijdrage b = a(Feiten.TOEWIJZINGEN, selectie, scope, g, per);
                return new Waarde(per, aandeel(b.get(params.getOrDefault("verwijzer", "01")), b.som), b.som, null, null, null, voorlopig);
            }
            case "budget_realisatie":
                eisJaar(meting, g);
                return new Waarde(per, euro(a(Feiten.KOSTEN, Feiten.TOTAAL, scope, g, per).som), null, null, null, null, voorlopig);
            case "budget_begroting": {
                eisJaar(meting, g);
                Long b = bron.begroting(scope, Integer.parseInt(per));
                return new Waarde(per, b == null ? null : euro(b), null, null, null, null, false);
            }
            case "budget_prognose": {
                eisJaar(meting, g);
                Long prognose = prognoseCent(scope, Integer.parseInt(per), p);
                return new Waarde(per, prognose == null ? null : euro(prognose), null, null, null, null, voorlopig);
            }
            case "budget_overschrijding_pct": {
                eisJaar(meting, g);
                Long prognose = prognoseCent(scope, Integer.parseInt(per), p);
                Long begroting = bron.begroting(scope, Integer.parseInt(per));
                Number pct = prognose == null || begroting == null || begroting == 0 ? null
                        : BigDecimal.valueOf(prognose - begroting).multiply(BigDecimal.valueOf(100))
                        .divide(BigDecimal.valueOf(begroting), 2, RoundingMode.HALF_UP);
                return new Waarde(per, pct, null, null, null, null, voorlopig);
            }
            case "trajectprijs": {
                eisJaar(meting, g);
                long trajecten = a(Feiten.TRAJECTEN, Feiten.TOTAAL, scope, g, per).som;
                long kosten = a(Feiten.KOSTEN, Feiten.TOTAAL, scope, g, per).som;
                return new Waarde(per, trajecten == 0 ? null : euro(kosten, trajecten), trajecten, null, null, null, voorlopig);
            }
            default:
                throw new IllegalArgumentException("unknown measure " + meting);
        }
    }

    private static void eisJaar(String meting, String granulariteit) {
        if (!Periode.JAAR.equals(granulariteit)) {
            throw new IllegalArgumentException(meting + " exists for granularity jaar only");
        }
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

    /** The waiting list on the period's last day, or at the peildatum for the current period. */
    private Waarde wachtend(boolean bovenNorm, String selectie, String scope, String per, LocalDate[] grenzen,
                            LocalDate p, boolean voorlopig) {
        if (p == null || grenzen[0].isAfter(p)) {
            return new Waarde(per, null, null, null, null, null, voorlopig);
        }
        LocalDate dag = grenzen[1].isBefore(p) ? grenzen[1] : p;
        Bijdrage b = a(Feiten.WACHTEND, selectie, scope, Periode.MAAND, Periode.maand(YearMonth.from(dag)));
        return telling(per, bovenNorm ? b.get("boven_norm") : b.som, voorlopig);
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
                    if (e.getValue() > 0) {
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
