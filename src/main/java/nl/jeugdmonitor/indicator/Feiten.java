package nl.jeugdmonitor.indicator;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.jeugdmonitor.config.Productcatalogus;
import nl.jeugdmonitor.trajectory.Dossier;
import nl.jeugdmonitor.trajectory.Traject;

/**
 * The facts of one client: its contribution to every indicator key {@code basis|selection|scope|granularity|period}
 * (packed into a {@code long} by {@link FeitSleutel}; {@link #alsTekst} writes them out), a pure function of the
 * dossier and the peildatum (SPEC §6). The topology emits the difference between the facts
 * before and after each event, so every aggregate stays the exact sum over clients — distinct counts included,
 * because a client contributes at most 1 to a distinct key.
 *
 * <p>Two families, recomputed independently: ZORG (toewijzingen, trajectories; depends on the peildatum) and
 * DECLARATIE (lines and rejections; does not). Bases marked {@link #PER_MAAND} are summable and are kept per month
 * only; {@link Metingen} sums the months of a quarter, year or r12 when it reads them. The others are kept per period.
 *
 * <p>Process health (SPEC §6.3): start and stop messages on time and requests answered belong to ZORG (they depend on
 * the same data and the peildatum; a request's deadline is a timer). Lines, their rejections and their checks against
 * toewijzing and start read both kinds of data: a third family, CONTROLE, recomputed for the month of a line or
 * rejection, and whole when a toewijzing or start arrives. Process keys have no selection and carry an
 * aanbieder ({@link FeitSleutel#procesSerie}).
 */
public final class Feiten {

    public enum Familie { ZORG, DECLARATIE, CONTROLE }

    // bases: the stored aggregates from which the measures of SPEC §6 are computed (see Metingen)
    public static final String JEUGDIGEN = "jeugdigen";
    public static final String STARTS = "starts";
    public static final String WACHT = "wacht";
    public static final String NORM = "norm";
    public static final String DUUR = "duur";
    public static final String WACHTEND = "wachtend";
    public static final String DOORPLAATSING = "doorplaatsing";
    public static final String RECIDIVE = "recidive";
    public static final String UITSTROOM = "uitstroom";
    public static final String TOEWIJZINGEN = "toewijzingen";
    public static final String KOSTEN = "kosten";
    public static final String ETMALEN = "etmalen";
    public static final String GEDECLAREERD = "gedeclareerd";
    public static final String AANBIEDERS = "aanbieders";
    public static final String AANBIEDERS_JEUGDIGEN = "aanbieders_jeugdigen";
    public static final String TRAJECTEN = "trajecten";
    public static final String STAPELING = "stapeling";
    public static final String STARTBERICHT = "startbericht";
    public static final String STOPBERICHT = "stopbericht";
    public static final String VERZOEK = "verzoek";
    public static final String VERZOEK_OPEN = "verzoek_open";
    /** Declaration lines (SPEC §6.3): debit lines, those rejected, and the non-rejected ones failing a check. */
    public static final String REGELS = "regels";
    /** The deadline of OP271, OP272 and OP274, in working days. */
    public static final int TERMIJN_WERKDAGEN = 5;

    /** Summable bases: per month in the facts and the aggregates, summed into longer periods when read. */
    public static final Set<String> PER_MAAND = Set.of(STARTS, WACHT, NORM, DUUR, TOEWIJZINGEN, KOSTEN, ETMALEN, AANBIEDERS,
            STARTBERICHT, STOPBERICHT, VERZOEK, REGELS);

    public static final String REGIO = "regio";
    public static final String ALLE = "alle";
    /** Every declaration line, justitieel included: the basis of the budget and the trajectprijs. */
    public static final String TOTAAL = "totaal";

    /** The scope of one aanbieder within a scope (a gemeente or the region): {@code 0153@41000001}, {@code regio@41000001}. */
    public static String metAanbieder(String scope, String agb) {
        return scope + "@" + agb;
    }

    /** The wait and gap rules that are configuration (SPEC §6). */
    public record Regels(int recidiveGapDagen, int doorplaatsingDagen, int uitstroomDagen) {
        public static final Regels STANDAARD = new Regels(183, 14, 30);
    }

    private final Productcatalogus catalogus;
    private final Regels regels;
    private final FeitSleutel sleutels;
    /** The selections of each zorgvorm (see {@link #selecties}), as numbers: asked for every line and trajectory. */
    private final Map<String, int[]> selecties = new java.util.concurrent.ConcurrentHashMap<>();

    public Feiten(Productcatalogus catalogus, Regels regels) {
        this.catalogus = catalogus;
        this.regels = regels;
        this.sleutels = new FeitSleutel(catalogus);
    }

    /** How this definition's keys are numbered and written as text. */
    public FeitSleutel sleutels() {
        return sleutels;
    }

    public LongMap<Bijdrage> van(Dossier d, LocalDate peildatum, Familie familie) {
        return van(d, peildatum, familie, null);
    }

    /**
     * As {@link #van(Dossier, LocalDate, Familie)}; for DECLARATIE with {@code maand} given, only the keys whose
     * period contains that month, from the lines that share such a period (±11 months and its year). A change of that
     * month's lines changes no other key: enough to diff one line.
     */
    public LongMap<Bijdrage> van(Dossier d, LocalDate peildatum, Familie familie, YearMonth maand) {
        LongMap<Bijdrage> f = new LongMap<>(256);
        if (peildatum != null) {
            if (familie == Familie.ZORG) {
                zorg(d, peildatum, f);
                berichten(d, peildatum, f);
            } else if (familie == Familie.CONTROLE) {
                controle(d, f, maand);
            } else {
                declaraties(d, f, maand);
            }
        }
        return f;
    }

    /** The facts keyed as text, {@code basis|selection|scope|granularity|period}, in key order. */
    public Map<String, Bijdrage> alsTekst(LongMap<Bijdrage> feiten) {
        return sleutels.alsTekst(feiten);
    }

    public String zorgvorm(String categorie, String code) {
        return catalogus.zorgvorm(categorie, code);
    }

    /** The selections a zorgvorm counts in: itself, its groep, and "alle" unless justitieel (SPEC §6). */
    public List<String> selecties(String zorgvorm) {
        String groep = catalogus.get(zorgvorm).groep();
        return Productcatalogus.JUSTITIEEL.equals(groep)
                ? List.of("zorgvorm=" + zorgvorm, "groep=" + groep)
                : List.of("zorgvorm=" + zorgvorm, "groep=" + groep, ALLE);
    }

    private int[] sels(String zorgvorm) {
        return selecties.computeIfAbsent(zorgvorm, z -> selecties(z).stream().mapToInt(sleutels::selectie).toArray());
    }

    private static int[] scopes(String gemeente) {
        return new int[] {FeitSleutel.scope(gemeente), FeitSleutel.REGIO};
    }

    private static Bijdrage at(LongMap<Bijdrage> f, int basis, int selectie, int scope, long periode) {
        return f.computeIfAbsent(FeitSleutel.serie(basis, selectie, scope) | periode, k -> new Bijdrage());
    }

    private static long maand(LocalDate d) {
        return FeitSleutel.maandPeriode(FeitSleutel.maand(d));
    }

    private static long[] overlappend(LocalDate d) {
        int m = FeitSleutel.maand(d);
        return FeitSleutel.overlappend(m, m);
    }

    private static final int B_JEUGDIGEN = FeitSleutel.basis(JEUGDIGEN);
    private static final int B_STARTS = FeitSleutel.basis(STARTS);
    private static final int B_WACHT = FeitSleutel.basis(WACHT);
    private static final int B_NORM = FeitSleutel.basis(NORM);
    private static final int B_DUUR = FeitSleutel.basis(DUUR);
    private static final int B_WACHTEND = FeitSleutel.basis(WACHTEND);
    private static final int B_DOORPLAATSING = FeitSleutel.basis(DOORPLAATSING);
    private static final int B_RECIDIVE = FeitSleutel.basis(RECIDIVE);
    private static final int B_UITSTROOM = FeitSleutel.basis(UITSTROOM);
    private static final int B_TOEWIJZINGEN = FeitSleutel.basis(TOEWIJZINGEN);
    private static final int B_KOSTEN = FeitSleutel.basis(KOSTEN);
    private static final int B_ETMALEN = FeitSleutel.basis(ETMALEN);
    private static final int B_GEDECLAREERD = FeitSleutel.basis(GEDECLAREERD);
    private static final int B_AANBIEDERS = FeitSleutel.basis(AANBIEDERS);
    private static final int B_AANBIEDERS_JEUGDIGEN = FeitSleutel.basis(AANBIEDERS_JEUGDIGEN);
    private static final int B_TRAJECTEN = FeitSleutel.basis(TRAJECTEN);
    private static final int B_STAPELING = FeitSleutel.basis(STAPELING);
    private static final int B_STARTBERICHT = FeitSleutel.basis(STARTBERICHT);
    private static final int B_STOPBERICHT = FeitSleutel.basis(STOPBERICHT);
    private static final int B_VERZOEK = FeitSleutel.basis(VERZOEK);
    private static final int B_VERZOEK_OPEN = FeitSleutel.basis(VERZOEK_OPEN);
    private static final int B_REGELS = FeitSleutel.basis(REGELS);

    // ---------------------------------------------------------------- ZORG

    private void zorg(Dossier d, LocalDate p, LongMap<Bijdrage> f) {
        List<Traject> trajecten = d.trajecten(catalogus).stream().filter(t -> !t.begin().isAfter(p)).toList();
        int verblijf = sleutels.selectie("groep=verblijf");
        for (Traject t : trajecten) {
            int[] sels = sels(t.zorgvorm());
            int[] scopes = scopes(t.gemeente());
            long[] actief = FeitSleutel.overlappend(FeitSleutel.maand(t.begin()), FeitSleutel.maand(t.actiefTot(p)));
            long startMaand = maand(t.begin());
            Productcatalogus.Zorgvorm zv = catalogus.get(t.zorgvorm());
            for (int sel : sels) {
                for (int scope : scopes) {
                    for (long per : actief) {
                        at(f, B_JEUGDIGEN, sel, scope, per).som = 1;
                    }
                    at(f, B_STARTS, sel, scope, startMaand).plus(1);
                    if (t.wachtDagen() != null) {
                        Bijdrage w = at(f, B_WACHT, sel, scope, startMaand);
                        w.plus(1);
                        w.plus(String.valueOf(t.wachtDagen()), 1);
                        if (zv.heeftNorm()) {
                            Bijdrage n = at(f, B_NORM, sel, scope, startMaand);
                            n.plus(1);
                            n.plus("binnen", t.wachtDagen() <= zv.normDagen() ? 1 : 0);
                        }
                    }
                    if (t.eind() != null) {
                        Bijdrage duur = at(f, B_DUUR, sel, scope, maand(t.eind()));
                        duur.plus(1);
                        duur.plus(String.valueOf(t.duurDagen()), 1);
                    }
                }
            }
            String herkomst = recidiveHerkomst(t, trajecten, p);
            if (herkomst != null) {
                for (int sel : sels) {
                    for (int scope : scopes) {
                        for (long per : overlappend(t.begin())) {
                            Bijdrage r = at(f, B_RECIDIVE, sel, scope, per);
                            r.som = 1;
                            r.zet(herkomst);
                        }
                    }
                }
            }
            if ("verblijf".equals(t.zorgvorm())) {
                for (int scope : scopes) {
                    for (long per : actief) {
                        at(f, B_DOORPLAATSING, verblijf, scope, per).som = 1;
                    }
                    if (isDoorplaatsing(t, trajecten)) {
                        for (long per : overlappend(t.begin())) {
                            at(f, B_DOORPLAATSING, verblijf, scope, per).zet("doorplaatst");
                        }
                    }
                    String uitstroom = uitstroom(t, trajecten, p);
                    if (uitstroom != null) {
                        for (long per : overlappend(t.eind())) {
                            at(f, B_UITSTROOM, verblijf, scope, per).zet(uitstroom);
                        }
                    }
                }
            }
        }
        stapeling(trajecten, p, f);
        toewijzingen(d, p, f);
    }

    /**
     * Stapeling (SPEC §6.2, TMSD): a youth counts in a selection, scope and period when one of its trajectories there
     * shares at least one day of care with a trajectory in another zorgvorm (any, justitieel included). Days after a
     * pause are not care; trajectories back to back share no day.
     */
    private void stapeling(List<Traject> trajecten, LocalDate p, LongMap<Bijdrage> f) {
        for (Traject t : trajecten) {
            for (Traject o : trajecten) {
                if (o == t || o.zorgvorm().equals(t.zorgvorm())) {
                    continue;
                }
                LocalDate van = t.begin().isAfter(o.begin()) ? t.begin() : o.begin();
                LocalDate tot = t.zorgTot(p).isBefore(o.zorgTot(p)) ? t.zorgTot(p) : o.zorgTot(p);
                if (van.isAfter(tot)) {
                    continue;
                }
                for (int sel : sels(t.zorgvorm())) {
                    for (int scope : scopes(t.gemeente())) {
                        for (long per : FeitSleutel.overlappend(FeitSleutel.maand(van), FeitSleutel.maand(tot))) {
                            at(f, B_STAPELING, sel, scope, per).som = 1;
                        }
                    }
                }
            }
        }
    }

    /**
     * Recidive (SPEC §6.2, local Twente definition): the previous non-justitieel trajectory (the one that ended last
     * before this start) ended at least the gap before it, and no non-justitieel trajectory was active in between.
     * Returns the groep of that previous trajectory, or null.
     */
    private String recidiveHerkomst(Traject t, List<Traject> alle, LocalDate p) {
        if (justitieel(t)) {
            return null;
        }
        Traject vorige = null;
        for (Traject o : alle) {
            if (o != t && !justitieel(o) && o.eind() != null && o.eind().isBefore(t.begin())
                    && (vorige == null || o.eind().isAfter(vorige.eind()))) {
                vorige = o;
            }
        }
        if (vorige == null || t.begin().toEpochDay() - vorige.eind().toEpochDay() < regels.recidiveGapDagen()) {
            return null;
        }
        for (Traject o : alle) {
            if (o != t && o != vorige && !justitieel(o) && o.begin().isBefore(t.begin()) && o.actiefTot(p).isAfter(vorige.eind())) {
                return null; // care in between: not a return after a gap
            }
        }
        return catalogus.get(vorige.zorgvorm()).groep();
    }

    private boolean justitieel(Traject t) {
        return Productcatalogus.JUSTITIEEL.equals(catalogus.get(t.zorgvorm()).groep());
    }

    /** A verblijf start within the doorplaatsing days after the end of another verblijf trajectory elsewhere (SPEC §6.2). */
    private boolean isDoorplaatsing(Traject t, List<Traject> alle) {
        for (Traject o : alle) {
            if (o != t && "verblijf".equals(o.zorgvorm()) && o.eind() != null
                    && binnen(o.eind(), t.begin(), regels.doorplaatsingDagen())
                    && !(o.aanbieder().equals(t.aanbieder()) && String.valueOf(o.productCode()).equals(String.valueOf(t.productCode())))) {
                return true;
            }
        }
        return false;
    }

    /** naar_wonen / naar_huis once the peildatum is the outflow days past the end; null while undecided or not outflow. */
    private String uitstroom(Traject t, List<Traject> alle, LocalDate p) {
        if (t.eind() == null || "02".equals(t.redenEinde()) || p.isBefore(t.eind().plusDays(regels.uitstroomDagen()))) {
            return null;
        }
        boolean wonen = false;
        for (Traject o : alle) {
            if (o != t && binnen(t.eind(), o.begin(), regels.uitstroomDagen())) {
                if ("verblijf".equals(o.zorgvorm())) {
                    return null; // still in verblijf: a transfer, not outflow
                }
                wonen |= "wonen".equals(catalogus.get(o.zorgvorm()).groep());
            }
        }
        return wonen ? "naar_wonen" : "naar_huis";
    }

    private static boolean binnen(LocalDate eind, LocalDate begin, int dagen) {
        long verschil = begin.toEpochDay() - eind.toEpochDay();
        return verschil >= 0 && verschil <= dagen;
    }

    private void toewijzingen(Dossier d, LocalDate p, LongMap<Bijdrage> f) {
        YearMonth huidige = YearMonth.from(p);
        for (Dossier.ToewijzingStaat t : d.toewijzingen.values()) {
            if (t.verwijderd || t.eersteDatum.isAfter(p)) {
                continue;
            }
            String zorgvorm = catalogus.zorgvorm(t.categorie, t.code);
            Productcatalogus.Zorgvorm zv = catalogus.get(zorgvorm);
            int[] sels = sels(zorgvorm);
            int[] scopes = scopes(t.gemeente);
            String verwijzer = d.verzoeken.getOrDefault(t.aanbieder + "|" + t.referentieAanbieder, "01");
            for (int sel : sels) {
                for (int scope : scopes) {
                    Bijdrage n = at(f, B_TOEWIJZINGEN, sel, scope, maand(t.eersteDatum));
                    n.plus(1);
                    n.plus(verwijzer, 1);
                }
            }
            // waiting on the last day of every completed month, and for the current month at the peildatum
            for (YearMonth m = YearMonth.from(t.eersteDatum); !m.isAfter(huidige); m = m.plusMonths(1)) {
                LocalDate dag = m.equals(huidige) ? p : m.atEndOfMonth();
                if (d.gestartOpOfVoor(t, dag) || (t.einddatum != null && t.einddatum.isBefore(dag))) {
                    break;
                }
                if (t.ingangsdatum.isAfter(dag)) {
                    continue;
                }
                boolean bovenNorm = zv.heeftNorm() && dag.toEpochDay() - t.eersteDatum.toEpochDay() > zv.normDagen();
                for (int sel : sels) {
                    for (int scope : scopes) {
                        Bijdrage w = at(f, B_WACHTEND, sel, scope, FeitSleutel.maandPeriode(FeitSleutel.maand(m)));
                        w.plus(1);
                        if (bovenNorm) {
                            w.plus("boven_norm", 1);
                        }
                    }
                }
            }
        }
    }

    /**
     * The first peildatum after {@code p} at which this client's ZORG facts change without any new event: the
     * next month (an open trajectory becomes active in it; a month of waiting completes), an outflow decision, or a
     * request's deadline passing; -1 for none.
     */
    public long volgendeWijziging(Dossier d, LocalDate p) {
        long volgende = Long.MAX_VALUE;
        long nieuweMaand = YearMonth.from(p).plusMonths(1).atDay(1).toEpochDay();
        for (Traject t : d.trajecten(catalogus)) {
            if (t.eind() == null) {
                volgende = Math.min(volgende, nieuweMaand);
            } else if ("verblijf".equals(t.zorgvorm())) {
                long besluit = t.eind().plusDays(regels.uitstroomDagen()).toEpochDay();
                if (besluit > p.toEpochDay()) {
                    volgende = Math.min(volgende, besluit);
                }
            }
        }
        for (Dossier.ToewijzingStaat t : d.toewijzingen.values()) {
            if (!t.verwijderd && !d.gestartOpOfVoor(t, p) && (t.einddatum == null || !t.einddatum.isBefore(p.withDayOfMonth(1)))) {
                volgende = Math.min(volgende, nieuweMaand);
                // the current month's waiting count is taken at the peildatum: it changes when the allocation takes
                // effect, ends, or its wait passes the norm
                Productcatalogus.Zorgvorm zv = catalogus.get(zorgvorm(t.categorie, t.code));
                long[] wissels = {t.ingangsdatum.toEpochDay(), t.einddatum == null ? -1 : t.einddatum.toEpochDay() + 1,
                        zv.heeftNorm() ? t.eersteDatum.toEpochDay() + zv.normDagen() + 1 : -1};
                for (long w : wissels) {
                    if (w > p.toEpochDay()) {
                        volgende = Math.min(volgende, w);
                    }
                }
            }
        }
        // a request is decided, and becomes open, the day after its deadline; an open one counts again each month
        for (Map.Entry<String, Dossier.Verzoekstaat> e : d.verzoekDagen.entrySet()) {
            long na = Werkdagen.na(e.getValue().dagtekening(), TERMIJN_WERKDAGEN).toEpochDay() + 1;
            LocalDate antwoord = antwoord(d, e.getKey());
            if (na > p.toEpochDay()) {
                volgende = Math.min(volgende, na);
            } else if (antwoord == null || antwoord.isAfter(p)) {
                volgende = Math.min(volgende, antwoord == null ? nieuweMaand : Math.min(nieuweMaand, antwoord.toEpochDay()));
            }
        }
        return volgende == Long.MAX_VALUE ? -1 : volgende;
    }

    // ---------------------------------------------------------------- process health (SPEC §6.3)

    /**
     * iJw process health (SPEC §6.3) of the care messages: the JW305 within 5 working days after the later of begindatum
     * and the toewijzing's first JW301 (OP271); the JW307 of a definitive stop within 5 working days after einddatum
     * (OP272); a JW315 answered within 5 working days by a JW301 echoing its reference or a JW319 (OP274), and open past
     * that. Messages without a Dagtekening (canonical JSON without one) are not judged.
     */
    private void berichten(Dossier d, LocalDate p, LongMap<Bijdrage> f) {
        for (Dossier.MeldingStaat s : d.starts.values()) {
            if (s.geldig() && s.gemeld() != null) {
                LocalDate vanaf = s.begindatum;
                Dossier.ToewijzingStaat t = d.toewijzingen.get(s.gemeente + "|" + s.nummer);
                if (t != null && !t.verwijderd && jw301(t).isAfter(vanaf)) {
                    vanaf = jw301(t); // allocated after the care began: the deadline runs from the allocation
                }
                int werkdagen = Werkdagen.tussen(vanaf, s.gemeld());
                proces(f, B_STARTBERICHT, s.gemeente, s.aanbieder, maand(s.begindatum), b -> tijdig(b, werkdagen));
            }
        }
        for (Dossier.MeldingStaat s : d.stops.values()) {
            // OP272: a definitive stop after a pause is due 5 working days after the end became known, which no message
            // dates: not judged
            if (s.geldig() && s.gemeld() != null && !nl.jeugdmonitor.event.Stop.REDEN_TIJDELIJK.equals(s.reden) && !naPauze(d, s)) {
                int werkdagen = Werkdagen.tussen(s.einddatum, s.gemeld());
                proces(f, B_STOPBERICHT, s.gemeente, s.aanbieder, maand(s.einddatum), b -> tijdig(b, werkdagen));
            }
        }
        YearMonth huidige = YearMonth.from(p);
        for (Map.Entry<String, Dossier.Verzoekstaat> e : d.verzoekDagen.entrySet()) {
            String aanbieder = e.getKey().substring(0, e.getKey().indexOf('|'));
            Dossier.Verzoekstaat v = e.getValue();
            LocalDate termijn = Werkdagen.na(v.dagtekening(), TERMIJN_WERKDAGEN);
            LocalDate antwoord = antwoord(d, e.getKey());
            if (antwoord != null || p.isAfter(termijn)) { // decided: answered, or its deadline passed unanswered
                boolean opTijd = antwoord != null && !antwoord.isAfter(termijn);
                proces(f, B_VERZOEK, v.gemeente(), aanbieder, maand(v.dagtekening()), b -> {
                    b.plus(1);
                    if (opTijd) {
                        b.plus("tijdig", 1);
                    }
                });
            }
            // open on the last day of every month past the deadline, and in the current month at the peildatum
            for (YearMonth m = YearMonth.from(termijn.plusDays(1)); !m.isAfter(huidige); m = m.plusMonths(1)) {
                LocalDate dag = m.equals(huidige) ? p : m.atEndOfMonth();
                if (antwoord != null && !antwoord.isAfter(dag)) {
                    break;
                }
                if (dag.isAfter(termijn)) {
                    proces(f, B_VERZOEK_OPEN, v.gemeente(), aanbieder, FeitSleutel.maandPeriode(FeitSleutel.maand(m)), b -> b.plus(1));
                }
            }
        }
    }

    /**
     * The declaration lines (SPEC §6.3) under {@link #REGELS}: every debit line ({@code som}), those rejected by a JW325
     * ("afgewezen"), and every non-rejected line (debit or credit) that fails a check against its toewijzing (gemeente
     * and number: unknown or deleted, period reaching outside it) or its start; with a window, the lines of that month
     * only (a line counts in its own month).
     */
    private static void controle(Dossier d, LongMap<Bijdrage> f, YearMonth venster) {
        for (Map.Entry<String, Dossier.Regel> e : d.regels.entrySet()) {
            Dossier.Regel r = e.getValue();
            if (venster != null && !YearMonth.from(r.periodeBegin()).equals(venster)) {
                continue;
            }
            List<String> labels = new java.util.ArrayList<>(3);
            boolean afgewezen = d.afgewezen.contains(e.getKey());
            if (afgewezen) {
                if (!r.credit()) {
                    labels.add("afgewezen");
                }
            } else {
                Dossier.ToewijzingStaat t = d.toewijzingen.get(r.gemeente() + "|" + r.toewijzingNummer());
                LocalDate eind = r.periodeEind() == null ? r.periodeBegin() : r.periodeEind();
                if (t == null || t.verwijderd) {
                    labels.add("zonder_toewijzing");
                } else {
                    if (r.periodeBegin().isBefore(t.ingangsdatum) || t.einddatum != null && eind.isAfter(t.einddatum)) {
                        labels.add("buiten_toewijzing");
                    }
                    if (!d.gestartOpOfVoor(t, LocalDate.MAX)) {
                        labels.add("zonder_start");
                    }
                }
            }
            if (!r.credit() || !labels.isEmpty()) {
                proces(f, B_REGELS, r.gemeente(), r.aanbieder(), maand(r.periodeBegin()), b -> {
                    b.plus(r.credit() ? 0 : 1);
                    labels.forEach(l -> b.plus(l, 1));
                });
            }
        }
    }

    /** Whether a valid pause (reden 20) of the same trajectory precedes this stop. */
    private static boolean naPauze(Dossier d, Dossier.MeldingStaat stop) {
        for (Dossier.MeldingStaat p : d.stops.values()) {
            if (p.geldig() && nl.jeugdmonitor.event.Stop.REDEN_TIJDELIJK.equals(p.reden) && p.aanbieder.equals(stop.aanbieder)
                    && p.nummer.equals(stop.nummer) && p.begindatum.equals(stop.begindatum) && !p.einddatum.isAfter(stop.einddatum)) {
                return true;
            }
        }
        return false;
    }

    /** The date of a toewijzing's first JW301: its Dagtekening, or where unknown its toewijzingsdatum. */
    private static LocalDate jw301(Dossier.ToewijzingStaat t) {
        return t.eersteDagtekening != null ? t.eersteDagtekening : t.eersteDatum;
    }

    /** The earliest answer to a request (aanbieder|referentie): a JW319, or a JW301 of that aanbieder echoing the reference. */
    private static LocalDate antwoord(Dossier d, String verzoek) {
        LocalDate a = d.antwoorden.get(verzoek);
        int streep = verzoek.indexOf('|');
        String aanbieder = verzoek.substring(0, streep);
        String referentie = verzoek.substring(streep + 1);
        for (Dossier.ToewijzingStaat t : d.toewijzingen.values()) {
            if (aanbieder.equals(t.aanbieder) && referentie.equals(t.referentieAanbieder) && (a == null || jw301(t).isBefore(a))) {
                a = jw301(t);
            }
        }
        return a;
    }

    /** One message judged: on time within the deadline, or late by so many working days past it. */
    private static void tijdig(Bijdrage b, int werkdagen) {
        b.plus(1);
        b.plus(werkdagen <= TERMIJN_WERKDAGEN ? "tijdig" : String.valueOf(werkdagen - TERMIJN_WERKDAGEN), 1);
    }

    /** Adds to a process basis for the gemeente and the region, each alone and for the aanbieder. */
    private static void proces(LongMap<Bijdrage> f, int basis, String gemeente, String aanbieder, long periode,
                               java.util.function.Consumer<Bijdrage> wat) {
        int a = FeitSleutel.aanbieder(aanbieder);
        for (int scope : scopes(gemeente)) {
            wat.accept(f.computeIfAbsent(FeitSleutel.procesSerie(basis, scope, 0) | periode, k -> new Bijdrage()));
            wat.accept(f.computeIfAbsent(FeitSleutel.procesSerie(basis, scope, a) | periode, k -> new Bijdrage()));
        }
    }

    // ---------------------------------------------------------------- DECLARATIE

    private void declaraties(Dossier d, LongMap<Bijdrage> f, YearMonth venster) {
        int v = venster == null ? 0 : FeitSleutel.maand(venster);
        int van = venster == null ? 0 : Math.min(v - 11, v - v % 12);
        int tot = venster == null ? 0 : Math.max(v + 11, v - v % 12 + 11);
        int totaal = sleutels.selectie(TOTAAL);
        // net cents per series (sel|scope) and month; gedeclareerd sums them per period below (a line adds to every
        // period its month lies in: summing per month first touches each line once instead of once per period)
        LongMap<Map<Integer, Long>> netto = new LongMap<>();
        LongMap<Map<String, Long>> nettoAanbieder = new LongMap<>(); // series|jaar → aanbieder → net cents
        LongMap<Set<String>> trajecten = new LongMap<>(); // series (totaal, scope)|jaar → gemeente|toewijzingNummer
        for (Map.Entry<String, Dossier.Regel> e : d.regels.entrySet()) {
            if (d.afgewezen.contains(e.getKey())) {
                continue; // rejected by a JW325: counts 0
            }
            Dossier.Regel r = e.getValue();
            int m = FeitSleutel.maand(r.periodeBegin());
            if (venster != null && (m < van || m > tot)) {
                continue;
            }
            long bedrag = (r.credit() ? -1 : 1) * r.bedragCent();
            int[] sels = sels(catalogus.zorgvorm(r.categorie(), r.code()));
            int[] scopes = scopes(r.gemeente());
            long maand = FeitSleutel.maandPeriode(m);
            long jaar = FeitSleutel.periode(FeitSleutel.JAAR, m - m % 12);
            boolean eigenMaand = venster == null || m == v;
            boolean eigenJaar = venster == null || m - m % 12 == v - v % 12;
            for (int scope : scopes) {
                if (eigenMaand) {
                    at(f, B_KOSTEN, totaal, scope, maand).plus(bedrag);
                }
                if (eigenJaar) {
                    trajecten.computeIfAbsent(FeitSleutel.serie(B_TRAJECTEN, totaal, scope) | jaar, k -> new java.util.TreeSet<>())
                            .add(r.gemeente() + "|" + r.toewijzingNummer());
                }
                for (int sel : sels) {
                    if (eigenMaand) {
                        at(f, B_KOSTEN, sel, scope, maand).plus(bedrag);
                        if ("14".equals(r.eenheid())) {
                            at(f, B_ETMALEN, sel, scope, maand).plus((r.credit() ? -1 : 1) * r.volume());
                        }
                        if (!r.credit()) {
                            at(f, B_AANBIEDERS, sel, scope, maand).zet(r.aanbieder());
                        }
                    }
                    netto.computeIfAbsent(FeitSleutel.serie(B_GEDECLAREERD, sel, scope), k -> new HashMap<>()).merge(m, bedrag, Long::sum);
                    if (eigenJaar) {
                        nettoAanbieder.computeIfAbsent(FeitSleutel.serie(B_AANBIEDERS_JEUGDIGEN, sel, scope) | jaar, k -> new HashMap<>())
                                .merge(r.aanbieder(), bedrag, Long::sum);
                    }
                }
            }
        }
        // with a window: only the periods that contain its month (no other key can change with that month)
        long[] binnen = venster == null ? null : FeitSleutel.overlappend(v, v);
        netto.forEach((serie, perMaand) -> {
            java.util.Collection<Long> perioden;
            if (binnen != null) {
                perioden = java.util.Arrays.stream(binnen).boxed().toList();
            } else {
                Set<Long> alle = new java.util.HashSet<>();
                perMaand.keySet().forEach(m -> {
                    for (long per : FeitSleutel.overlappend(m, m)) {
                        alle.add(per);
                    }
                });
                perioden = alle;
            }
            for (long per : perioden) {
                int eerste = FeitSleutel.eersteMaand(per);
                int laatste = FeitSleutel.laatsteMaand(per);
                long som = 0;
                for (Map.Entry<Integer, Long> m : perMaand.entrySet()) {
                    if (m.getKey() >= eerste && m.getKey() <= laatste) {
                        som += m.getValue();
                    }
                }
                if (som > 0) {
                    f.computeIfAbsent(serie | per, x -> new Bijdrage()).som = 1;
                }
            }
        });
        nettoAanbieder.forEach((sleutel, perAanbieder) -> perAanbieder.forEach((aanbieder, cent) -> {
            if (cent > 0) {
                f.computeIfAbsent(sleutel, x -> new Bijdrage()).zet(aanbieder);
            }
        }));
        trajecten.forEach((k, t) -> f.computeIfAbsent(k, x -> new Bijdrage()).som = t.size());
    }
}
