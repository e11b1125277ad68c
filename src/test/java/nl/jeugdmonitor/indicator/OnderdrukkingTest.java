package nl.jeugdmonitor.indicator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The adversarial differencing test of issue 17: on a table with several small cells, an attacker who knows every
 * value a kijker is shown along every hierarchy (months ⊂ quarters ⊂ year, zorgvormen ⊂ groep ⊂ alle, gemeenten ⊂
 * regio) and solves the linear system of those values cannot find any suppressed value; with primary suppression only
 * (round 1's rule) it can.
 */
class OnderdrukkingTest {

    /** A prime above any sum here: row reduction modulo it is exact for the 0/1 systems of these tables. */
    private static final long P = 2_147_483_647L;

    private static Onderdrukking.Hierarchie selecties() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("alle", null);
        o.put("groep=ambulant", "alle");
        o.put("groep=verblijf", "alle");
        o.put("groep=justitieel", null); // not in "alle", as in Feiten
        o.put("zorgvorm=begeleiding", "groep=ambulant");
        o.put("zorgvorm=behandeling", "groep=ambulant");
        o.put("zorgvorm=dyslexie", "groep=ambulant");
        o.put("zorgvorm=verblijf", "groep=verblijf"); // a groep with one zorgvorm: equal values
        o.put("zorgvorm=jeugdbescherming", "groep=justitieel");
        o.put("zorgvorm=jeugdreclassering", "groep=justitieel");
        return new Onderdrukking.Hierarchie(o);
    }

    private static List<Onderdrukking.Hierarchie> dims() {
        return List.of(selecties(), Onderdrukking.scopes(List.of("0141", "0147", "0153", "0158")), Onderdrukking.perioden(2024, false));
    }

    /** The leaves of a hierarchy: nodes nobody names as parent. */
    private static List<String> bladeren(Onderdrukking.Hierarchie h) {
        return h.ouder().keySet().stream().filter(k -> !h.ouder().containsValue(k)).toList();
    }

    private static boolean onder(Onderdrukking.Hierarchie h, String blad, String knoop) {
        for (String k = blad; k != null; k = h.ouder().get(k)) {
            if (k.equals(knoop)) {
                return true;
            }
        }
        return false;
    }

    /** Every cell of the table, as the set of leaf cells (indices) it sums. */
    private static Map<List<String>, Set<Integer>> dragers(List<Onderdrukking.Hierarchie> dims, List<List<String>> bladcellen) {
        Map<List<String>, Set<Integer>> uit = new LinkedHashMap<>();
        for (String a : dims.get(0).ouder().keySet()) {
            for (String b : dims.get(1).ouder().keySet()) {
                for (String c : dims.get(2).ouder().keySet()) {
                    Set<Integer> s = new HashSet<>();
                    for (int i = 0; i < bladcellen.size(); i++) {
                        List<String> l = bladcellen.get(i);
                        if (onder(dims.get(0), l.get(0), a) && onder(dims.get(1), l.get(1), b) && onder(dims.get(2), l.get(2), c)) {
                            s.add(i);
                        }
                    }
                    uit.put(List.of(a, b, c), s);
                }
            }
        }
        return uit;
    }

    private static List<List<String>> bladcellen(List<Onderdrukking.Hierarchie> dims) {
        List<List<String>> uit = new ArrayList<>();
        for (String a : bladeren(dims.get(0))) {
            for (String b : bladeren(dims.get(1))) {
                for (String c : bladeren(dims.get(2))) {
                    uit.add(List.of(a, b, c));
                }
            }
        }
        return uit;
    }

    /** The cells whose value follows from the published cells by adding and subtracting: the attacker's harvest. */
    static Set<List<String>> teVinden(Map<List<String>, Set<Integer>> dragers, Set<List<String>> onderdrukt, int variabelen) {
        List<long[]> basis = new ArrayList<>(); // rows in echelon form, each with its pivot first non-zero
        List<Integer> pivots = new ArrayList<>();
        dragers.forEach((cel, s) -> {
            if (!onderdrukt.contains(cel)) {
                long[] r = reduceer(rij(s, variabelen), basis, pivots);
                int p = eersteNietNul(r);
                if (p >= 0) {
                    long inv = inverse(r[p]);
                    for (int j = 0; j < r.length; j++) {
                        r[j] = r[j] * inv % P;
                    }
                    basis.add(r);
                    pivots.add(p);
                }
            }
        });
        Set<List<String>> gevonden = new HashSet<>();
        for (List<String> cel : onderdrukt) {
            if (eersteNietNul(reduceer(rij(dragers.get(cel), variabelen), basis, pivots)) < 0) {
                gevonden.add(cel);
            }
        }
        return gevonden;
    }

    private static long[] rij(Set<Integer> s, int n) {
        long[] r = new long[n];
        s.forEach(i -> r[i] = 1);
        return r;
    }

    private static long[] reduceer(long[] r, List<long[]> basis, List<Integer> pivots) {
        for (int k = 0; k < basis.size(); k++) {
            int p = pivots.get(k);
            if (r[p] != 0) {
                long f = r[p];
                long[] b = basis.get(k);
                for (int j = 0; j < r.length; j++) {
                    r[j] = Math.floorMod(r[j] - f * b[j] % P, P);
                }
            }
        }
        return r;
    }

    private static int eersteNietNul(long[] r) {
        for (int j = 0; j < r.length; j++) {
            if (r[j] != 0) {
                return j;
            }
        }
        return -1;
    }

    private static long inverse(long a) {
        return java.math.BigInteger.valueOf(a).modInverse(java.math.BigInteger.valueOf(P)).longValue();
    }

    /** A table with many small cells: counts per leaf of 0..4 for the small zorgvormen, 5..40 for the large. */
    private static Map<List<String>, Long> tabel(List<Onderdrukking.Hierarchie> dims, Map<List<String>, Set<Integer>> dragers,
                                                 List<List<String>> bladcellen, long zaad) {
        Random rnd = new Random(zaad);
        long[] blad = new long[bladcellen.size()];
        for (int i = 0; i < blad.length; i++) {
            String zv = bladcellen.get(i).get(0);
            blad[i] = zv.contains("dyslexie") || zv.contains("jeugdreclassering") ? rnd.nextInt(5) : 5 + rnd.nextInt(36);
        }
        Map<List<String>, Long> n = new HashMap<>();
        dragers.forEach((cel, s) -> n.put(cel, s.stream().mapToLong(i -> blad[i]).sum()));
        return n;
    }

    @Test
    void noSuppressedValueFollowsFromWhatAKijkerSeesAlongEveryHierarchy() {
        List<Onderdrukking.Hierarchie> dims = dims();
        List<List<String>> bladcellen = bladcellen(dims);
        Map<List<String>, Set<Integer>> dragers = dragers(dims, bladcellen);
        for (long zaad = 1; zaad <= 3; zaad++) {
            Map<List<String>, Long> n = tabel(dims, dragers, bladcellen, zaad);
            Set<List<String>> primair = new HashSet<>();
            n.forEach((cel, w) -> {
                if (w < Onderdrukking.MIN_N) {
                    primair.add(cel);
                }
            });
            assertTrue(primair.size() > 50, "the scenario has many small cells: " + primair.size());

            // round 1: only the small cells withheld; subtraction gives some of them back
            Set<List<String>> zonderSecundair = teVinden(dragers, primair, bladcellen.size());
            assertFalse(zonderSecundair.isEmpty(), "primary suppression alone lets subtraction find small cells");

            Set<List<String>> patroon = Onderdrukking.patroon(dims, n);
            assertTrue(patroon.containsAll(primair), "every small cell is withheld");
            assertEquals(Set.of(), teVinden(dragers, patroon, bladcellen.size()), "suppressed cells that subtraction recovers");
            // what stays published: the region's totals of alle per month, quarter and year
            for (String per : dims.get(2).ouder().keySet()) {
                assertFalse(patroon.contains(List.of("alle", "regio", per)), "the region's total is published: " + per);
            }
            assertTrue(patroon.size() < n.size() / 2, "most cells stay published: " + patroon.size() + " of " + n.size());
        }
    }

    @Test
    void aCellWithoutYouthsIsNeverPairedWithAnotherEmptyOneBesidePublishedTotals() {
        // two zorgvormen of one groep with 0 youths each and the groep published: their sum would be 0, giving both
        List<Onderdrukking.Hierarchie> dims = dims();
        List<List<String>> bladcellen = bladcellen(dims);
        Map<List<String>, Set<Integer>> dragers = dragers(dims, bladcellen);
        Map<List<String>, Long> n = tabel(dims, dragers, bladcellen, 7);
        Set<List<String>> patroon = Onderdrukking.patroon(dims, n);
        for (List<String> cel : patroon) {
            if (n.get(cel) == 0) {
                // some withheld cell shares each of this cell's totals and holds youths: the total minus the published rest is ≥ 1
                long verborgen = 0;
                List<String> groep = List.of(selecties().ouder().getOrDefault(cel.get(0), cel.get(0)), cel.get(1), cel.get(2));
                for (List<String> ander : patroon) {
                    if (ander.get(1).equals(cel.get(1)) && ander.get(2).equals(cel.get(2))
                            && groep.get(0).equals(selecties().ouder().get(ander.get(0)))) {
                        verborgen += n.get(ander);
                    }
                }
                if (selecties().ouder().get(cel.get(0)) != null && !patroon.contains(groep)) {
                    assertTrue(verborgen > 0, "withheld cells under published " + groep + " sum to 0: " + cel);
                }
            }
        }
    }

    @Test
    void aSmallAanbiederCannotBeFoundAsTheRegionsTotalMinusTheOthers() {
        // a process measure's table (SPEC §6.3): aanbieders ⊂ alle in place of the selections, and a kijker is shown an
        // aanbieder for the region only (Onderdrukking.tabel): those are the values an attacker has, per month and quarter
        List<Onderdrukking.Hierarchie> dims = List.of(Onderdrukking.aanbieders(List.of("41000001", "41000002", "41000003", "41000004")),
                Onderdrukking.scopes(List.of("0141", "0147", "0153", "0158")), Onderdrukking.perioden(2024, false));
        List<List<String>> bladcellen = bladcellen(dims);
        Map<List<String>, Set<Integer>> gepubliceerd = new LinkedHashMap<>();
        dragers(dims, bladcellen).forEach((cel, s) -> {
            if (cel.get(0).equals("alle") || cel.get(1).equals("regio")) {
                gepubliceerd.put(cel, s);
            }
        });
        for (long zaad = 1; zaad <= 3; zaad++) {
            Random rnd = new Random(zaad);
            long[] blad = new long[bladcellen.size()];
            for (int i = 0; i < blad.length; i++) { // one small provider among large ones
                blad[i] = bladcellen.get(i).get(0).equals("41000004") ? rnd.nextInt(3) : 5 + rnd.nextInt(36);
            }
            Map<List<String>, Long> n = new HashMap<>();
            gepubliceerd.forEach((cel, s) -> n.put(cel, s.stream().mapToLong(i -> blad[i]).sum()));
            Set<List<String>> primair = new HashSet<>();
            n.forEach((cel, w) -> {
                if (w < Onderdrukking.MIN_N) {
                    primair.add(cel);
                }
            });
            assertFalse(primair.isEmpty());
            assertFalse(teVinden(gepubliceerd, primair, bladcellen.size()).isEmpty(),
                    "primary suppression alone: the region's total minus the other aanbieders gives the small one");
            Set<List<String>> patroon = new HashSet<>(Onderdrukking.patroon(dims, n));
            patroon.retainAll(gepubliceerd.keySet());
            assertTrue(patroon.containsAll(primair));
            assertEquals(Set.of(), teVinden(gepubliceerd, patroon, bladcellen.size()), "suppressed cells that subtraction recovers");
        }
    }

    @Test
    void monthsAfterThePeildatumAreNoPartOfTheTable() {
        // they hold no data yet: as cells known to be 0 they would need protecting and could protect nothing, and their
        // partners would withhold the months that have data (the current quarter of every series)
        Onderdrukking.Hierarchie tot = Onderdrukking.perioden(2024, false, java.time.YearMonth.of(2024, 5));
        assertEquals(List.of("jaar|2024", "kwartaal|2024-Q1", "maand|2024-01", "maand|2024-02", "maand|2024-03", "kwartaal|2024-Q2",
                "maand|2024-04", "maand|2024-05"), List.copyOf(tot.ouder().keySet()));
        assertEquals(Map.of(), Onderdrukking.perioden(2025, false, java.time.YearMonth.of(2024, 12)).ouder());
        assertEquals(17, Onderdrukking.perioden(2024, false, java.time.YearMonth.of(2025, 1)).ouder().size());

        // a table up to May: the region's totals of every month stay published, with small cells all around
        List<Onderdrukking.Hierarchie> dims = List.of(selecties(), Onderdrukking.scopes(List.of("0141", "0147", "0153", "0158")), tot);
        List<List<String>> bladcellen = bladcellen(dims);
        Map<List<String>, Set<Integer>> dragers = dragers(dims, bladcellen);
        Map<List<String>, Long> n = tabel(dims, dragers, bladcellen, 11);
        Set<List<String>> patroon = Onderdrukking.patroon(dims, n);
        assertEquals(Set.of(), teVinden(dragers, patroon, bladcellen.size()));
        for (String per : tot.ouder().keySet()) {
            assertFalse(patroon.contains(List.of("alle", "regio", per)), per);
        }
    }
}
