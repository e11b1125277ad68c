package nl.jeugdmonitor.trajectory;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import nl.jeugdmonitor.config.Productcatalogus;
import nl.jeugdmonitor.event.Afwijzing;
import nl.jeugdmonitor.event.CanoniekEvent;
import nl.jeugdmonitor.event.DeclaratieRegel;
import nl.jeugdmonitor.event.Start;
import nl.jeugdmonitor.event.Stop;
import nl.jeugdmonitor.event.Toewijzing;
import nl.jeugdmonitor.event.Verzoek;
import nl.jeugdmonitor.event.VerzoekAntwoord;

/**
 * Everything the monitor knows of one client (pseudonym), folded so that the order of arrival carries
 * no meaning (iJw OP080): the same events in any order give the same dossier. Kept per client in the
 * indicator stores. It holds no BSN, name, address or birth date.
 */
public final class Dossier {

    /** Toewijzingen by gemeente|toewijzingNummer. */
    public TreeMap<String, ToewijzingStaat> toewijzingen = new TreeMap<>();
    /** Starts by toewijzingNummer|categorie|code|begindatum (SPEC §3.2 key, the client being implied). */
    public TreeMap<String, MeldingStaat> starts = new TreeMap<>();
    /** Stops by the start key + |redenBeeindiging|einddatum. */
    public TreeMap<String, MeldingStaat> stops = new TreeMap<>();
    /** JW315 requests: aanbieder|referentieAanbieder → verwijzerType. */
    public TreeMap<String, String> verzoeken = new TreeMap<>();
    /** JW315 requests: aanbieder|referentieAanbieder → the gemeente and earliest Dagtekening (SPEC §6.3, OP274). */
    public TreeMap<String, Verzoekstaat> verzoekDagen = new TreeMap<>();
    /** JW319 answers: aanbieder|referentieAanbieder → the earliest Dagtekening of an answer. */
    public TreeMap<String, LocalDate> antwoorden = new TreeMap<>();
    /** Declaration lines by aanbieder|referentieNummer. */
    public TreeMap<String, Regel> regels = new TreeMap<>();
    /** Lines rejected by a JW325: aanbieder|referentieNummer. */
    public TreeSet<String> afgewezen = new TreeSet<>();
    /** The peildatum (epoch day) the client's facts were last computed with; -1 before the first. */
    public long peildatum = -1;
    /** The registered timer (epoch day) at which the facts change by the peildatum alone; -1 for none. */
    public long timer = -1;

    /** All versions of one toewijzing reduced to what the indicators need. */
    public static final class ToewijzingStaat {
        public String gemeente;
        public String aanbieder;
        public String nummer;
        /** Toewijzingsdatum and -tijd of the first version: the wait starts here. */
        public LocalDate eersteDatum;
        public LocalTime eersteTijd;
        /** The latest version (greatest datum, tijd): its product and validity count. */
        public LocalDate laatsteDatum;
        public LocalTime laatsteTijd;
        public String categorie;
        public String code;
        public LocalDate ingangsdatum;
        public LocalDate einddatum;
        public String referentieAanbieder;
        /** A version with RedenWijziging 13: treated as never sent. */
        public boolean verwijderd;
        /** The earliest Dagtekening of a JW301 with this toewijzing (OP271 measures a late toewijzing from it); null if unknown. */
        public LocalDate eersteDagtekening;
    }

    /** A request as the process measures need it: its gemeente and the earliest Dagtekening it was sent with. */
    public record Verzoekstaat(String gemeente, LocalDate dagtekening) {}

    /** A start or stop key seen with StatusAanlevering 1 (nieuw) and/or 3 (ingetrokken). */
    public static final class MeldingStaat {
        public String gemeente;
        public String aanbieder;
        public String nummer;
        public String categorie;
        public String code;
        public LocalDate begindatum;
        public LocalDate einddatum;
        public String reden;
        public boolean nieuw;
        public boolean ingetrokken;
        /** Dagtekeningen (null where the events carried none): earliest and latest report (status 1), latest retraction (3). */
        public LocalDate eersteNieuw;
        public LocalDate laatsteNieuw;
        public LocalDate laatsteIntrekking;

        /**
         * Reported and not retracted; a report dated after the last retraction (a message sent again) stands. With equal
         * or unknown Dagtekeningen the retraction wins, so the order of arrival cannot decide.
         */
        @JsonIgnore
        public boolean geldig() {
            return nieuw && (!ingetrokken || laatsteNieuw != null && laatsteIntrekking != null && laatsteNieuw.isAfter(laatsteIntrekking));
        }

        /** The Dagtekening the deadline is judged by: of the report in force (the one sent again after a retraction). */
        @JsonIgnore
        public LocalDate gemeld() {
            return ingetrokken ? laatsteNieuw : eersteNieuw;
        }
    }

    /** One declaration line as counted: unsigned amount and volume, the sign in {@code credit}. */
    public record Regel(String gemeente, String aanbieder, String toewijzingNummer, String categorie, String code,
                        LocalDate periodeBegin, LocalDate periodeEind, String eenheid, long volume, long bedragCent, boolean credit,
                        LocalDate dagtekening, String declaratieNummer) {}

    /** Applies one event; returns false for an event that changes nothing. */
    public boolean verwerk(CanoniekEvent e) {
        if (e instanceof Toewijzing t) {
            return toewijzing(t);
        } else if (e instanceof Start s) {
            return melding(starts, startSleutel(s.toewijzingNummer(), s.productCategorie(), s.productCode(), s.begindatum()),
                    s.gemeente(), s.aanbieder(), s.toewijzingNummer(), s.productCategorie(), s.productCode(), s.begindatum(),
                    null, null, s.statusAanlevering(), s.dagtekening());
        } else if (e instanceof Stop s) {
            return melding(stops, startSleutel(s.toewijzingNummer(), s.productCategorie(), s.productCode(), s.begindatum())
                            + "|" + s.redenBeeindiging() + "|" + s.einddatum(),
                    s.gemeente(), s.aanbieder(), s.toewijzingNummer(), s.productCategorie(), s.productCode(), s.begindatum(),
                    s.einddatum(), s.redenBeeindiging(), s.statusAanlevering(), s.dagtekening());
        } else if (e instanceof Verzoek v) {
            // two requests under one reference: the lowest referrer code wins, whatever the arrival order
            String key = v.aanbieder() + "|" + v.referentieAanbieder();
            boolean veranderd = false;
            Verzoekstaat dag = verzoekDagen.get(key);
            if (dag == null || v.ontvangstdatum().isBefore(dag.dagtekening())
                    || v.ontvangstdatum().equals(dag.dagtekening()) && v.gemeente().compareTo(dag.gemeente()) < 0) {
                verzoekDagen.put(key, new Verzoekstaat(v.gemeente(), v.ontvangstdatum()));
                veranderd = true;
            }
            String oud = verzoeken.get(key);
            if (oud != null && oud.compareTo(v.verwijzerType()) <= 0) {
                return veranderd;
            }
            verzoeken.put(key, v.verwijzerType());
            return true;
        } else if (e instanceof VerzoekAntwoord a) {
            return vroegste(antwoorden, a.aanbieder() + "|" + a.referentieAanbieder(), a.dagtekening());
        } else if (e instanceof DeclaratieRegel d) {
            return regel(d);
        } else {
            Afwijzing a = (Afwijzing) e;
            return afgewezen.add(a.aanbieder() + "|" + a.referentieNummer());
        }
    }

    /** Keeps the earliest date under a key; true when it changed. */
    private static boolean vroegste(Map<String, LocalDate> m, String key, LocalDate dag) {
        LocalDate oud = m.get(key);
        if (oud != null && !dag.isBefore(oud)) {
            return false;
        }
        m.put(key, dag);
        return true;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    static String startSleutel(String nummer, String categorie, String code, LocalDate begin) {
        return nummer + "|" + categorie + "|" + code + "|" + begin;
    }

    private boolean toewijzing(Toewijzing t) {
        ToewijzingStaat s = toewijzingen.computeIfAbsent(t.gemeente() + "|" + t.toewijzingNummer(), k -> new ToewijzingStaat());
        boolean eerste = s.eersteDatum == null;
        if (eerste) {
            s.gemeente = t.gemeente();
            s.aanbieder = t.aanbieder();
            s.nummer = t.toewijzingNummer();
        }
        boolean veranderd = false;
        if (eerste || eerder(t.toewijzingsdatum(), t.toewijzingstijd(), s.eersteDatum, s.eersteTijd)) {
            s.eersteDatum = t.toewijzingsdatum();
            s.eersteTijd = t.toewijzingstijd();
            if (t.referentieAanbieder() != null) {
                s.referentieAanbieder = t.referentieAanbieder();
            }
            veranderd = true;
        } else if (s.referentieAanbieder == null && t.referentieAanbieder() != null) {
            s.referentieAanbieder = t.referentieAanbieder();
            veranderd = true;
        }
        if (eerste || !eerder(t.toewijzingsdatum(), t.toewijzingstijd(), s.laatsteDatum, s.laatsteTijd)
                && !(t.toewijzingsdatum().equals(s.laatsteDatum) && t.toewijzingstijd().equals(s.laatsteTijd)
                && laterInhoud(t, s) <= 0)) {
            s.laatsteDatum = t.toewijzingsdatum();
            s.laatsteTijd = t.toewijzingstijd();
            s.categorie = t.productCategorie();
            s.code = t.productCode();
            s.ingangsdatum = t.ingangsdatum();
            s.einddatum = t.einddatum();
            veranderd = true;
        }
        LocalDate dag = min(s.eersteDagtekening, t.dagtekening());
        if (!java.util.Objects.equals(dag, s.eersteDagtekening)) {
            s.eersteDagtekening = dag;
            veranderd = true;
        }
        if (Toewijzing.REDEN_VERWIJDERD.equals(t.redenWijziging()) && !s.verwijderd) {
            s.verwijderd = true;
            veranderd = true;
        }
        return veranderd;
    }

    private static boolean eerder(LocalDate d1, LocalTime t1, LocalDate d2, LocalTime t2) {
        int c = d1.compareTo(d2);
        return c < 0 || (c == 0 && t1.isBefore(t2));
    }

    /** Two versions with the same datum and tijd: the one with the later einddatum wins, so arrival order cannot decide. */
    private static int laterInhoud(Toewijzing t, ToewijzingStaat s) {
        Comparator<LocalDate> c = Comparator.nullsLast(Comparator.naturalOrder());
        int byEind = c.compare(t.einddatum(), s.einddatum);
        return byEind != 0 ? byEind : String.valueOf(t.productCode()).compareTo(String.valueOf(s.code));
    }

    private static boolean melding(Map<String, MeldingStaat> m, String key, String gemeente, String aanbieder, String nummer,
                                   String categorie, String code, LocalDate begin, LocalDate eind, String reden, String status,
                                   LocalDate dagtekening) {
        MeldingStaat s = m.get(key);
        boolean nieuw = s == null;
        if (nieuw) {
            s = new MeldingStaat();
            s.gemeente = gemeente;
            s.aanbieder = aanbieder;
            s.nummer = nummer;
            s.categorie = categorie;
            s.code = code;
            s.begindatum = begin;
            s.einddatum = eind;
            s.reden = reden;
            m.put(key, s);
        }
        // every field counts, not only validity: a retraction that changes nothing now decides what a later report means
        List<Object> was = List.of(s.nieuw, s.ingetrokken, String.valueOf(s.eersteNieuw), String.valueOf(s.laatsteNieuw),
                String.valueOf(s.laatsteIntrekking));
        if ("3".equals(status)) {
            s.ingetrokken = true;
            s.laatsteIntrekking = max(s.laatsteIntrekking, dagtekening);
        } else {
            s.nieuw = true;
            s.eersteNieuw = min(s.eersteNieuw, dagtekening);
            s.laatsteNieuw = max(s.laatsteNieuw, dagtekening);
        }
        return nieuw || !was.equals(List.of(s.nieuw, s.ingetrokken, String.valueOf(s.eersteNieuw), String.valueOf(s.laatsteNieuw),
                String.valueOf(s.laatsteIntrekking)));
    }

    private boolean regel(DeclaratieRegel d) {
        String key = d.aanbieder() + "|" + d.referentieNummer();
        Regel r = new Regel(d.gemeente(), d.aanbieder(), d.toewijzingNummer(), d.productCategorie(), d.productCode(),
                d.periodeBegin(), d.periodeEind(), d.eenheid(), d.geleverdVolume(), d.bedragCent(), "C".equals(d.debetCredit()),
                d.dagtekening(), d.declaratieNummer());
        Regel oud = regels.get(key);
        // a line number used twice: the later declaration wins, whatever the arrival order
        if (oud != null && (oud.dagtekening().isAfter(r.dagtekening())
                || (oud.dagtekening().equals(r.dagtekening()) && oud.declaratieNummer().compareTo(r.declaratieNummer()) >= 0))) {
            return false;
        }
        regels.put(key, r);
        return true;
    }

    /** The trajectories (SPEC §6): valid starts with their definitive stop, if any; sorted by begin. */
    public List<Traject> trajecten(Productcatalogus catalogus) {
        TreeMap<String, Traject> perSleutel = new TreeMap<>();
        for (MeldingStaat s : starts.values()) {
            if (!s.geldig()) {
                continue;
            }
            String sleutel = s.aanbieder + "|" + s.nummer + "|" + s.begindatum;
            if (perSleutel.containsKey(sleutel)) {
                continue; // the same trajectory started under two products: count it once
            }
            String categorie = s.categorie;
            String code = s.code;
            ToewijzingStaat t = toewijzingen.get(s.gemeente + "|" + s.nummer);
            if (categorie == null && t != null) {
                categorie = t.categorie;
                code = t.code;
            }
            LocalDate eind = null;
            String reden = null;
            LocalDate pauze = null;
            for (MeldingStaat stop : stops.values()) {
                if (!stop.geldig() || !stop.aanbieder.equals(s.aanbieder) || !stop.nummer.equals(s.nummer)
                        || !stop.begindatum.equals(s.begindatum)) {
                    continue;
                }
                if (nl.jeugdmonitor.event.Stop.REDEN_TIJDELIJK.equals(stop.reden)) {
                    pauze = pauze == null || stop.einddatum.isBefore(pauze) ? stop.einddatum : pauze;
                } else if (eind == null || stop.einddatum.isAfter(eind)) {
                    eind = stop.einddatum;
                    reden = stop.reden;
                }
            }
            Integer wacht = null;
            if (t != null && !t.verwijderd) {
                wacht = (int) Math.max(0, s.begindatum.toEpochDay() - t.eersteDatum.toEpochDay());
            }
            perSleutel.put(sleutel, new Traject(s.gemeente, s.aanbieder, s.nummer, catalogus.zorgvorm(categorie, code), code,
                    s.begindatum, eind, reden, wacht, pauze));
        }
        List<Traject> out = new ArrayList<>(perSleutel.values());
        out.sort(Comparator.comparing(Traject::begin).thenComparing(Traject::aanbieder).thenComparing(Traject::nummer));
        return out;
    }

    /** Whether a valid start names this toewijzing (gemeente and number) on or before {@code dag}. */
    public boolean gestartOpOfVoor(ToewijzingStaat t, LocalDate dag) {
        for (MeldingStaat s : starts.values()) {
            if (s.geldig() && s.gemeente.equals(t.gemeente) && s.nummer.equals(t.nummer) && !s.begindatum.isAfter(dag)) {
                return true;
            }
        }
        return false;
    }
}
