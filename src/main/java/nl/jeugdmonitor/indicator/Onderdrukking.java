package nl.jeugdmonitor.indicator;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.jeugdmonitor.config.Productcatalogus;

/**
 * Disclosure control for what a {@code kijker} sees (SPEC §8): no value resting on fewer than {@link #MIN_N} youths
 * (primary suppression), and none that can be recovered by subtracting published values along the hierarchies
 * (secondary suppression). Secondary suppression follows CBS's hypercube method (τ-ARGUS, GHMITER): every primarily
 * suppressed cell is the corner of a "hypercube" of suppressed cells — in each hierarchy the cell's node and a sibling
 * under the same parent (or, at the top, the node's path up) — chosen so that adding +1 to the cell and ±1 to the other
 * corners in turn changes no published value. So every published total and every published difference stays the same
 * whether the suppressed cell holds its value or one more or less: subtraction cannot find it. A partner with at least
 * one youth is preferred, so that two suppressed cells beside published totals never sum to 0 (which would give both).
 * The pattern is a property of the data, the same for every kijker and every request: it is computed over the whole
 * table (every selection × every scope × every period of a year up to the peildatum's month), never over what one
 * request shows.
 */
public final class Onderdrukking {

    public static final int MIN_N = 10;

    private Onderdrukking() {}

    /**
     * One hierarchy: each node's parent, null for a top node; iteration order is the order nodes are tried in. The
     * children of each node are listed once: a process measure's table has hundreds of aanbieders under one node, and
     * finding them by a scan per question made one table take minutes.
     */
    public record Hierarchie(Map<String, String> ouder, Map<String, List<String>> kinderenPerKnoop) {

        public Hierarchie(Map<String, String> ouder) {
            this(ouder, kinderen(ouder));
        }

        private static Map<String, List<String>> kinderen(Map<String, String> ouder) {
            Map<String, List<String>> k = new HashMap<>();
            ouder.forEach((kind, o) -> {
                if (o != null) {
                    k.computeIfAbsent(o, x -> new ArrayList<>()).add(kind);
                }
            });
            return k;
        }

        List<String> kinderen(String knoop) {
            return new ArrayList<>(kinderenPerKnoop.getOrDefault(knoop, List.of()));
        }

        List<String> broers(String knoop) {
            String o = ouder.get(knoop);
            if (o == null) {
                return List.of(); // top nodes are not summed into anything: no total to hide a difference from
            }
            List<String> b = kinderen(o);
            b.remove(knoop);
            return b;
        }

        List<String> voorouders(String knoop) {
            List<String> v = new ArrayList<>();
            for (String o = ouder.get(knoop); o != null; o = ouder.get(o)) {
                v.add(o);
            }
            return v;
        }
    }

    /**
     * The cells to withhold from a kijker in the table over {@code dims} (a cell: one node per hierarchy) whose youths
     * are {@code n}: a cell missing from {@code n}, or with n null (a measure that does not rest on youths), is never
     * suppressed itself.
     */
    public static Set<List<String>> patroon(List<Hierarchie> dims, Map<List<String>, Long> n) {
        Set<List<String>> weg = new HashSet<>();
        List<List<String>> primair = new ArrayList<>();
        n.forEach((cel, waarde) -> {
            if (waarde != null && waarde < MIN_N) {
                primair.add(cel);
            }
        });
        primair.sort(java.util.Comparator.comparing(Object::toString)); // the same pattern whatever the map's order
        weg.addAll(primair);
        for (List<String> cel : primair) {
            List<List<String>> perDim = new ArrayList<>();
            for (int d = 0; d < dims.size(); d++) {
                perDim.add(knopen(dims.get(d), d, cel, n, weg));
            }
            product(perDim, 0, new ArrayList<>(), weg);
        }
        return weg;
    }

    /**
     * The nodes of hierarchy {@code d} the cube of {@code cel} spans: the cell's node, its way down to a leaf, and either
     * a partner (a sibling of the node or of one of its ancestors, with its way down; nodes above the partner's parent
     * then cancel out) or, where no partner exists, every ancestor. Among partners the cheapest: already withheld or the
     * fewest youths, with at least one youth when the cell has none.
     */
    private static List<String> knopen(Hierarchie h, int d, List<String> cel, Map<List<String>, Long> n, Set<List<String>> weg) {
        String x = cel.get(d);
        List<String> knopen = new ArrayList<>(omlaag(h, d, cel, x, n, weg));
        long nCel = waarde(n, cel);
        List<String> beste = null;
        long besteKosten = Long.MAX_VALUE;
        List<String> omhoog = new ArrayList<>();
        for (String a = x; a != null; a = h.ouder().get(a)) {
            if (!a.equals(x)) {
                omhoog.add(a);
            }
            for (String y : h.broers(a)) {
                List<String> pad = omlaag(h, d, cel, y, n, weg);
                long kosten = omhoog.size() * 1_000_000L;
                long nPartner = 0;
                for (String z : pad) {
                    List<String> c = met(cel, d, z);
                    nPartner += z.equals(y) ? waarde(n, c) : 0;
                    kosten += weg.contains(c) ? 0 : waarde(n, c) + 1;
                }
                if (nCel == 0 && nPartner == 0) {
                    kosten += 1_000_000_000L;
                }
                if (kosten < besteKosten) {
                    besteKosten = kosten;
                    beste = new ArrayList<>(omhoog);
                    beste.addAll(pad);
                }
            }
        }
        knopen.addAll(beste != null ? beste : h.voorouders(x));
        return knopen;
    }

    /** The node and its way down to a leaf, through the child with the fewest youths (a withheld one first). */
    private static List<String> omlaag(Hierarchie h, int d, List<String> cel, String knoop, Map<List<String>, Long> n, Set<List<String>> weg) {
        List<String> pad = new ArrayList<>();
        for (String k = knoop; k != null; ) {
            pad.add(k);
            String volgende = null;
            long laagste = Long.MAX_VALUE;
            for (String kind : h.kinderen(k)) {
                List<String> c = met(cel, d, kind);
                long kosten = weg.contains(c) ? -1 : waarde(n, c);
                if (kosten < laagste) {
                    laagste = kosten;
                    volgende = kind;
                }
            }
            k = volgende;
        }
        return pad;
    }

    private static long waarde(Map<List<String>, Long> n, List<String> cel) {
        Long w = n.get(cel);
        return w == null ? 0 : w;
    }

    private static List<String> met(List<String> cel, int d, String knoop) {
        List<String> c = new ArrayList<>(cel);
        c.set(d, knoop);
        return c;
    }

    private static void product(List<List<String>> perDim, int d, List<String> cel, Set<List<String>> weg) {
        if (d == perDim.size()) {
            weg.add(List.copyOf(cel));
            return;
        }
        for (String knoop : perDim.get(d)) {
            cel.add(knoop);
            product(perDim, d + 1, cel, weg);
            cel.remove(cel.size() - 1);
        }
    }

    /**
     * zorgvormen ⊂ groepen ⊂ alle, as selections ("zorgvorm=…", "groep=…", "alle"), in sorted order: the pattern must
     * not depend on the order a catalogue lists them in (two instances would withhold different cells otherwise).
     */
    public static Hierarchie selecties(Productcatalogus catalogus) {
        Map<String, String> ouder = new LinkedHashMap<>();
        ouder.put(Feiten.ALLE, null);
        for (String g : new java.util.TreeSet<>(catalogus.groepen())) {
            // justitieel is not part of "alle" (Feiten.selecties): a top node of its own
            ouder.put("groep=" + g, Productcatalogus.JUSTITIEEL.equals(g) ? null : Feiten.ALLE);
        }
        new java.util.TreeMap<>(catalogus.zorgvormen()).values().forEach(z -> ouder.put("zorgvorm=" + z.id(), "groep=" + z.groep()));
        return new Hierarchie(ouder);
    }

    /** aanbieders ⊂ alle (every message), in sorted order. */
    public static Hierarchie aanbieders(java.util.Collection<String> aanbieders) {
        Map<String, String> ouder = new LinkedHashMap<>();
        ouder.put(Feiten.ALLE, null);
        new java.util.TreeSet<>(aanbieders).forEach(a -> ouder.put(a, Feiten.ALLE));
        return new Hierarchie(ouder);
    }

    /** gemeenten ⊂ regio, in sorted order. */
    public static Hierarchie scopes(java.util.Collection<String> gemeenten) {
        Map<String, String> ouder = new LinkedHashMap<>();
        ouder.put(Feiten.REGIO, null);
        new java.util.TreeSet<>(gemeenten).forEach(g -> ouder.put(g, Feiten.REGIO));
        return new Hierarchie(ouder);
    }

    /** months ⊂ quarters ⊂ the year, as periods "maand|2024-01", "kwartaal|2024-Q1", "jaar|2024"; the year alone if {@code alleenJaar}. */
    public static Hierarchie perioden(int jaar, boolean alleenJaar) {
        return perioden(jaar, alleenJaar, null);
    }

    /**
     * The same up to the month {@code tot} (null: the whole year): the months after it have no data yet and are known
     * to be empty, so they are neither protected nor a partner that protects (a cell known to be 0 hides nothing).
     */
    public static Hierarchie perioden(int jaar, boolean alleenJaar, YearMonth tot) {
        Map<String, String> ouder = new LinkedHashMap<>();
        if (tot != null && tot.getYear() < jaar) {
            return new Hierarchie(ouder); // the whole year lies ahead: no table
        }
        String j = Periode.JAAR + "|" + jaar;
        ouder.put(j, null);
        if (!alleenJaar) {
            for (int m = 1; m <= 12; m++) {
                YearMonth ym = YearMonth.of(jaar, m);
                if (tot != null && ym.isAfter(tot)) {
                    break;
                }
                String q = Periode.KWARTAAL + "|" + Periode.kwartaal(ym);
                ouder.putIfAbsent(q, j);
                ouder.put(Periode.MAAND + "|" + Periode.maand(ym), q);
            }
        }
        return new Hierarchie(ouder);
    }

    /** Makes the table of a measure for one year (see {@link #tabel}), from wherever the caller reads: fetched, cached. */
    @FunctionalInterface
    public interface Tabellen {
        Tabel tabel(Metingen.Maat maat, Map<String, String> params, int jaar);
    }

    /**
     * What a kijker sees of the measures of one source: every output that shows a kijker a value (the API, the
     * streefwaarden and alerts, the public metrics) asks here.
     */
    public static final class Kijker {
        private final Metingen metingen;
        private final Tabellen tabellen;

        public Kijker(Metingen metingen, Tabellen tabellen) {
            this.metingen = metingen;
            this.tabellen = tabellen;
        }

        /**
         * Whether a kijker sees this value: it rests on at least {@link #MIN_N} youths and its year's table publishes
         * it; a 12-month value when the tables publish each month of its window: then it, and any sum or difference of
         * such values (two consecutive ones differ by one month minus the same month a year before), is a sum of
         * published months and reveals nothing.
         */
        public boolean ziet(String meting, String selectie, String scope, String granulariteit, String periode, Map<String, String> params) {
            Metingen.Maat maat = Metingen.maat(meting);
            String sel = maat.heeftSelectie() ? selectie : Feiten.ALLE;
            String gevraagd = scope;
            int apestaart = scope.indexOf('@');
            if (apestaart >= 0) {
                if (!scope.startsWith(Feiten.REGIO + "@")) {
                    return false; // one aanbieder in one gemeente: too fine for a kijker, whatever its count
                }
                sel = scope.substring(apestaart + 1); // the aanbieder is the table's first dimension
                scope = Feiten.REGIO;
            }
            if (granulariteit.equals(Periode.R12)) {
                // twelve published months rest on at least 10 youths each, so their sum does too
                YearMonth eind = YearMonth.parse(periode);
                for (int i = 0; i < 12; i++) {
                    YearMonth m = eind.minusMonths(i);
                    if (!tabellen.tabel(maat, params, m.getYear()).zichtbaar(sel, scope, Periode.MAAND, Periode.maand(m))) {
                        return false;
                    }
                }
                return true;
            }
            Tabel tabel = tabellen.tabel(maat, params, Integer.parseInt(periode.substring(0, 4)));
            if (tabel.waarden().containsKey(List.of(sel, scope, granulariteit + "|" + periode))) {
                return tabel.zichtbaar(sel, scope, granulariteit, periode); // small cells are in the pattern too
            }
            Metingen.Waarde w = metingen.waarde(meting, selectie, gevraagd, granulariteit, periode, params); // after the peildatum
            return w.n() == null || w.n() >= MIN_N;
        }
    }

    /** A measure's values over one year's whole table and which of them a kijker sees; cells are [selection, scope, "granularity|period"]. */
    public record Tabel(Map<List<String>, Metingen.Waarde> waarden, Set<List<String>> onderdrukt) {

        /** Whether a kijker sees this cell: it is in the table (up to the peildatum) and not withheld. */
        public boolean zichtbaar(String selectie, String scope, String granulariteit, String periode) {
            List<String> cel = List.of(selectie, scope, granulariteit + "|" + periode);
            return waarden.containsKey(cel) && !onderdrukt.contains(cel);
        }
    }

    /**
     * The whole table of {@code maat} for {@code jaar}: every selection the measure has × every scope × every period up
     * to the peildatum's month, with the pattern a kijker's answers follow.
     */
    public static Tabel tabel(Metingen metingen, Metingen.Maat maat, Map<String, String> params, int jaar, Productcatalogus catalogus,
                              java.util.Collection<String> gemeenten, java.time.LocalDate peildatum) {
        return tabel(metingen, maat, params, jaar, catalogus, gemeenten, java.util.List.of(), peildatum);
    }

    /**
     * As above; a process measure (SPEC §6.3, parameter aanbieder) has the aanbieders ({@code aanbieders}: those with
     * traffic) ⊂ alle in place of the selections, and a kijker's table holds an aanbieder only for the region: its cells
     * per gemeente are never shown to a kijker, so no sum over them can be subtracted.
     */
    public static Tabel tabel(Metingen metingen, Metingen.Maat maat, Map<String, String> params, int jaar, Productcatalogus catalogus,
                              java.util.Collection<String> gemeenten, java.util.Collection<String> aanbieders, java.time.LocalDate peildatum) {
        boolean perAanbieder = maat.parameters().contains(Metingen.AANBIEDER_PARAMETER);
        Hierarchie sel = maat.heeftSelectie() ? selecties(catalogus) : perAanbieder ? aanbieders(aanbieders)
                : new Hierarchie(java.util.Collections.singletonMap(Feiten.ALLE, null));
        List<Hierarchie> dims = List.of(sel, scopes(gemeenten), perioden(jaar, !maat.granulariteiten().contains(Periode.MAAND),
                peildatum == null ? null : YearMonth.from(peildatum)));
        Map<List<String>, Metingen.Waarde> waarden = new HashMap<>();
        Map<List<String>, Long> n = new HashMap<>();
        for (String s : dims.get(0).ouder().keySet()) {
            for (String scope : dims.get(1).ouder().keySet()) {
                if (perAanbieder && !s.equals(Feiten.ALLE) && !scope.equals(Feiten.REGIO)) {
                    continue;
                }
                String metAanbieder = perAanbieder && !s.equals(Feiten.ALLE) ? Feiten.metAanbieder(scope, s) : scope;
                for (String per : dims.get(2).ouder().keySet()) {
                    int streep = per.indexOf('|');
                    Metingen.Waarde w = metingen.waarde(maat.id(), s, metAanbieder, per.substring(0, streep), per.substring(streep + 1), params);
                    List<String> cel = List.of(s, scope, per);
                    waarden.put(cel, w);
                    n.put(cel, w.n());
                }
            }
        }
        return new Tabel(waarden, patroon(dims, n));
    }
}
