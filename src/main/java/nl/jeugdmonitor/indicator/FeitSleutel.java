package nl.jeugdmonitor.indicator;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import nl.jeugdmonitor.config.Productcatalogus;

/**
 * The indicator keys as the engine computes them: one {@code long} per {@code basis|selection|scope|granularity|period}
 * instead of a string, so computing, diffing and summing a client's facts builds and hashes no text. A key becomes
 * text ({@link Sleutel}) only when it leaves the dossier processor, once per commit interval.
 *
 * <pre>
 * bits 48–52 basis (index in {@link #BASES})    bits 36–47 selection (index in this catalogue's {@link #selecties})
 * bits 22–35 scope (gemeente code 0–9999; {@link #REGIO} the region)
 * bits 20–21 granularity (maand, kwartaal, jaar, r12)    bits 0–19 month: (year + 10000) × 12 + month − 1
 * </pre>
 * A process basis (SPEC §6.3, {@link #PROCES}) has no selection (it counts every message, "totaal"): its bits 36–47 and
 * 53–62 hold the number of an aanbieder (0 for none), so its scopes are a gemeente or the region, each alone or for one
 * aanbieder. An AGB code (8 digits) does not fit, so aanbieders are numbered in order of first use in this process;
 * the unsent-delta log writes the AGB code beside such a key ({@link #agb}, {@link #metAgb}), so a number never
 * outlives the process.
 * A period is named by one month: the month itself, a quarter's first, a year's January, an r12's last. The selections
 * are numbered from the catalogue of the definition (sorted), so a key means the same after a restart of the same
 * definition (the unsent-delta log holds keys).
 */
public final class FeitSleutel {

    /** The bases in a fixed order: a key's basis is its index here. */
    static final List<String> BASES = List.of(Feiten.JEUGDIGEN, Feiten.STARTS, Feiten.WACHT, Feiten.NORM, Feiten.DUUR,
            Feiten.WACHTEND, Feiten.DOORPLAATSING, Feiten.RECIDIVE, Feiten.UITSTROOM, Feiten.TOEWIJZINGEN, Feiten.KOSTEN,
            Feiten.ETMALEN, Feiten.GEDECLAREERD, Feiten.AANBIEDERS, Feiten.AANBIEDERS_JEUGDIGEN, Feiten.TRAJECTEN, Feiten.STAPELING,
            Feiten.STARTBERICHT, Feiten.STOPBERICHT, Feiten.VERZOEK, Feiten.VERZOEK_OPEN, Feiten.REGELS);
    /** The bases of SPEC §6.3 (process health): no selection, an aanbieder in the key. */
    static final java.util.Set<String> PROCES = java.util.Set.of(Feiten.STARTBERICHT, Feiten.STOPBERICHT, Feiten.VERZOEK,
            Feiten.VERZOEK_OPEN, Feiten.REGELS);
    private static final boolean[] IS_PROCES = new boolean[32];
    /** AGB code → number (from 1) and back, for this process. */
    private static final ConcurrentHashMap<String, Integer> AANBIEDER_NUMMERS = new ConcurrentHashMap<>();
    private static final java.util.List<String> AANBIEDERS = new java.util.concurrent.CopyOnWriteArrayList<>();
    static final int REGIO = 10_000;
    /** The bits of a key that name its series (basis, selection, scope). */
    static final long SERIE = ~((1L << 22) - 1);
    static final int MAAND = 0;
    static final int KWARTAAL = 1;
    static final int JAAR = 2;
    static final int R12 = 3;
    private static final String[] GRANULARITEITEN = {Periode.MAAND, Periode.KWARTAAL, Periode.JAAR, Periode.R12};
    private static final Map<String, Integer> BASIS_INDEX = new HashMap<>();

    static {
        for (int i = 0; i < BASES.size(); i++) {
            BASIS_INDEX.put(BASES.get(i), i);
            IS_PROCES[i] = PROCES.contains(BASES.get(i));
        }
    }

    private final List<String> selecties;
    private final Map<String, Integer> selectieIndex = new HashMap<>();

    /** The selections of this catalogue: alle, totaal, every zorgvorm and every groep. */
    FeitSleutel(Productcatalogus catalogus) {
        TreeSet<String> alle = new TreeSet<>();
        alle.add(Feiten.ALLE);
        alle.add(Feiten.TOTAAL);
        catalogus.zorgvormen().keySet().forEach(z -> alle.add("zorgvorm=" + z));
        catalogus.groepen().forEach(g -> alle.add("groep=" + g));
        alle.add("groep=verblijf");
        selecties = List.copyOf(alle);
        if (selecties.size() >= 1 << 12) {
            throw new IllegalArgumentException("a catalogue of at most 4,000 zorgvormen and groepen: " + selecties.size());
        }
        for (int i = 0; i < selecties.size(); i++) {
            selectieIndex.put(selecties.get(i), i);
        }
    }

    static int basis(String basis) {
        return BASIS_INDEX.get(basis);
    }

    int selectie(String selectie) {
        Integer i = selectieIndex.get(selectie);
        if (i == null) {
            throw new IllegalStateException("selection " + selectie + " is not of this definition's catalogue");
        }
        return i;
    }

    /** A gemeente's scope number: its four-digit code (the iJw XSD allows nothing else). */
    static int scope(String gemeente) {
        if (gemeente.length() != 4) {
            throw new IllegalArgumentException("a gemeente code has four digits: '" + gemeente + "'");
        }
        int code = 0;
        for (int i = 0; i < 4; i++) {
            char c = gemeente.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("a gemeente code has four digits: '" + gemeente + "'");
            }
            code = code * 10 + (c - '0');
        }
        return code;
    }

    /** The series part of a key: basis, selection and scope, with no period. */
    static long serie(int basis, int selectie, int scope) {
        return (long) basis << 48 | (long) selectie << 36 | (long) scope << 22;
    }

    /** The series of a process basis for a scope and, unless {@code aanbieder} is 0, one aanbieder ({@link #aanbieder(String)}). */
    static long procesSerie(int basis, int scope, int aanbieder) {
        return (long) basis << 48 | (long) (aanbieder & 0xFFF) << 36 | (long) (aanbieder >>> 12) << 53 | (long) scope << 22;
    }

    /** The number of an aanbieder (an 8-digit AGB code) in this process, from 1. */
    static int aanbieder(String agb) {
        Integer n = AANBIEDER_NUMMERS.get(agb);
        return n != null ? n : nummer(agb);
    }

    private static synchronized int nummer(String agb) {
        if (!agb.matches("[0-9]{8}")) {
            throw new IllegalArgumentException("an aanbieder is an 8-digit AGB code");
        }
        return AANBIEDER_NUMMERS.computeIfAbsent(agb, a -> {
            if (AANBIEDERS.size() >= (1 << 22) - 1) {
                throw new IllegalStateException("more than 4 million aanbieders");
            }
            AANBIEDERS.add(a);
            return AANBIEDERS.size();
        });
    }

    /** The aanbieder number in a key (0 for none, and for every basis that is not a process basis). */
    private static int aanbiederNummer(long sleutel) {
        return IS_PROCES[(int) (sleutel >>> 48 & 0x1F)] ? (int) (sleutel >>> 53 & 0x3FF) << 12 | (int) (sleutel >>> 36 & 0xFFF) : 0;
    }

    /** The AGB code of the aanbieder in a key as a number, or -1 for a key without one. */
    static int agb(long sleutel) {
        int n = aanbiederNummer(sleutel);
        return n == 0 ? -1 : Integer.parseInt(AANBIEDERS.get(n - 1));
    }

    /** A key written with {@link #agb} read back in this process: the aanbieder numbered here. */
    static long metAgb(long sleutel, int agb) {
        if (agb < 0) {
            return sleutel;
        }
        long zonder = sleutel & ~(0x3FFL << 53 | 0xFFFL << 36);
        return zonder | procesSerie(0, 0, aanbieder(String.format("%08d", agb)));
    }

    /** The month number of a month. */
    static int maand(YearMonth m) {
        return (m.getYear() + 10_000) * 12 + m.getMonthValue() - 1;
    }

    static int maand(LocalDate d) {
        return (d.getYear() + 10_000) * 12 + d.getMonthValue() - 1;
    }

    /** The period part of a key. */
    static long periode(int granulariteit, int maand) {
        if (maand < 0 || maand >= 1 << 20) {
            throw new IllegalArgumentException("a year between -10000 and 77000: month number " + maand);
        }
        return (long) granulariteit << 20 | maand;
    }

    static long maandPeriode(int maand) {
        return periode(MAAND, maand);
    }

    private static final ConcurrentHashMap<Integer, long[]> VAN_MAAND = new ConcurrentHashMap<>();

    /**
     * The periods that overlap the months {@code van}..{@code tot} (month numbers, inclusive): each month, each quarter
     * and year it lies in, and the r12 periods ending in it or in the 11 months after the last.
     */
    static long[] overlappend(int van, int tot) {
        return van == tot ? VAN_MAAND.computeIfAbsent(van, m -> bereken(m, m)) : bereken(van, tot);
    }

    private static long[] bereken(int van, int tot) {
        long[] out = new long[(tot - van + 1) + ((tot - van) / 3 + 2) + ((tot - van) / 12 + 2) + (tot - van + 12)];
        int n = 0;
        int vorigKwartaal = -1;
        int vorigJaar = -1;
        for (int m = van; m <= tot; m++) {
            out[n++] = periode(MAAND, m);
            int kwartaal = m - m % 3;
            if (kwartaal != vorigKwartaal) {
                out[n++] = periode(KWARTAAL, kwartaal);
                vorigKwartaal = kwartaal;
            }
            int jaar = m - m % 12;
            if (jaar != vorigJaar) {
                out[n++] = periode(JAAR, jaar);
                vorigJaar = jaar;
            }
        }
        for (int eind = van; eind <= tot + 11; eind++) {
            out[n++] = periode(R12, eind);
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** The first and last month number of a period. */
    static int eersteMaand(long periode) {
        int m = (int) (periode & 0xFFFFF);
        return granulariteit(periode) == R12 ? m - 11 : m;
    }

    static int laatsteMaand(long periode) {
        int m = (int) (periode & 0xFFFFF);
        return switch (granulariteit(periode)) {
            case KWARTAAL -> m + 2;
            case JAAR -> m + 11;
            default -> m;
        };
    }

    private static int granulariteit(long sleutel) {
        return (int) (sleutel >>> 20 & 3);
    }

    /** The text of each series and period asked for: a send writes the same few hundred again and again. */
    private final ConcurrentHashMap<Long, String> serieTeksten = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Long, String> PERIODE_TEKSTEN = new ConcurrentHashMap<>();

    /** {@code basis|selection|scope} of a key. */
    String serieTekst(long sleutel) {
        return serieTeksten.computeIfAbsent(sleutel & SERIE, this::maakSerieTekst);
    }

    private String maakSerieTekst(long sleutel) {
        int scope = (int) (sleutel >>> 22 & 0x3FFF);
        int basis = (int) (sleutel >>> 48 & 0x1F);
        String scopeTekst = scope == REGIO ? Feiten.REGIO : String.format("%04d", scope);
        if (IS_PROCES[basis]) {
            int a = aanbiederNummer(sleutel);
            return BASES.get(basis) + "|" + Feiten.TOTAAL + "|" + (a == 0 ? scopeTekst : Feiten.metAanbieder(scopeTekst, AANBIEDERS.get(a - 1)));
        }
        return BASES.get(basis) + "|" + selecties.get((int) (sleutel >>> 36 & 0xFFF)) + "|" + scopeTekst;
    }

    /** {@code granularity|period} of a key. */
    static String periodeTekst(long sleutel) {
        return PERIODE_TEKSTEN.computeIfAbsent(sleutel & ~SERIE, FeitSleutel::maakPeriodeTekst);
    }

    private static String maakPeriodeTekst(long sleutel) {
        int m = (int) (sleutel & 0xFFFFF);
        YearMonth ym = YearMonth.of(m / 12 - 10_000, m % 12 + 1);
        int g = granulariteit(sleutel);
        String naam = switch (g) {
            case KWARTAAL -> Periode.kwartaal(ym);
            case JAAR -> Periode.jaar(ym);
            default -> Periode.maand(ym);
        };
        return GRANULARITEITEN[g] + "|" + naam;
    }

    /** The key as text: {@code basis|selection|scope|granularity|period}. */
    String tekst(long sleutel) {
        return Sleutel.van(serieTekst(sleutel), periodeTekst(sleutel));
    }

    /** Facts keyed as text, in key order (for tests and digests). */
    Map<String, Bijdrage> alsTekst(LongMap<Bijdrage> feiten) {
        Map<String, Bijdrage> out = new java.util.TreeMap<>();
        feiten.forEach((k, v) -> out.put(tekst(k), v));
        return out;
    }
}
