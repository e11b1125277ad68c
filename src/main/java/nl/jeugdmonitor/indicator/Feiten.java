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
 * The facts of one client: its contribution to every indicator key {@code basis|selection|scope|granularity|period},
 * a pure function of the dossier and the peildatum (SPEC §6). The topology emits the difference between the facts
 * before and after each event, so every aggregate stays the exact sum over clients — distinct counts included,
 * because a client contributes at most 1 to a distinct key.
 *
 * <p>Two families, recomputed independently: ZORG (toewijzingen, trajectories; depends on the peildatum) and
 * DECLARATIE (lines and rejections; does not). Bases marked {@link #PER_MAAND} are summable and are kept per month
 * only; {@link Metingen} sums the months of a quarter, year or r12 when it reads them. The others are kept per period.
 */
public final class Feiten {

    public enum Familie { ZORG, DECLARATIE }

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

    /** Summable bases: per month in the facts and the aggregates, summed into longer periods when read. */
    public static final Set<String> PER_MAAND = Set.of(STARTS, WACHT, NORM, DUUR, TOEWIJZINGEN, KOSTEN, ETMALEN, AANBIEDERS);

    public static final String REGIO = "regio";
    public static final String ALLE = "alle";
    /** Every declaration line, justitieel included: the basis of the budget and the trajectprijs. */
    public static final String TOTAAL = "totaal";

    /** The wait and gap rules that are configuration (SPEC §6). */
    public record Regels(int recidiveGapDagen, int doorplaatsingDagen, int uitstroomDagen) {
        public static final Regels STANDAARD = new Regels(183, 14, 30);
    }

    private final Productcatalogus catalogus;
    private final Regels regels;
    /** {@link #selecties} per zorgvorm: asked for every line and trajectory of every event. */
    private final Map<String, List<String>> selecties = new java.util.concurrent.ConcurrentHashMap<>();

    public Feiten(Productcatalogus catalogus, Regels regels) {
        this.catalogus = catalogus;
        this.regels = regels;
    }

    public Map<String, Bijdrage> van(Dossier d, LocalDate peildatum, Familie familie) {
        return van(d, peildatum, familie, null);
    }

    /**
     * As {@link #van(Dossier, LocalDate, Familie)}; for DECLARATIE with {@code maand} given, only the keys whose
     * period contains that month, from the lines that share such a period (±11 months and its year). A change of that
     * month's lines changes no other key: enough to diff one line.
     */
    public Map<String, Bijdrage> van(Dossier d, LocalDate peildatum, Familie familie, YearMonth maand) {
        Map<String, Bijdrage> f = new HashMap<>();
        if (peildatum != null) {
            if (familie == Familie.ZORG) {
                zorg(d, peildatum, f);
            } else {
                declaraties(d, f, maand);
            }
        }
        return f;
    }

    public String zorgvorm(String categorie, String code) {
        return catalogus.zorgvorm(categorie, code);
    }

    /** The selections a zorgvorm counts in: itself, its groep, and "alle" unless justitieel (SPEC §6). */
    public List<String> selecties(String zorgvorm) {
        return selecties.computeIfAbsent(zorgvorm, this::berekenSelecties);
    }

    private List<String> berekenSelecties(String zorgvorm) {
        String groep = catalogus.get(zorgvorm).groep();
        return Productcatalogus.JUSTITIEEL.equals(groep)
                ? List.of("zorgvorm=" + zorgvorm, "groep=" + groep)
                : List.of("zorgvorm=" + zorgvorm, "groep=" + groep, ALLE);
    }

    private static String[] scopes(String gemeente) {
        return new String[] {gemeente, REGIO};
    }

    private static Bijdrage at(Map<String, Bijdrage> f, String basis, String selectie, String scope, String periode) {
        return f.computeIfAbsent(Sleutel.van(basis, selectie, scope, periode), k -> new Bijdrage());
    }

    private static String maand(LocalDate d) {
        return Periode.MAAND + "|" + Periode.maand(YearMonth.from(d));
    }

    // ---------------------------------------------------------------- ZORG

    private void zorg(Dossier d, LocalDate p, Map<String, Bijdrage> f) {
        List<Traject> trajecten = d.trajecten(catalogus).stream().filter(t -> !t.begin().isAfter(p)).toList();
        for (Traject t : trajecten) {
            List<String> sels = selecties(t.zorgvorm());
            String[] scopes = scopes(t.gemeente());
            List<String> actief = Periode.overlappend(YearMonth.from(t.begin()), YearMonth.from(t.actiefTot(p)));
            String startMaand = maand(t.begin());
            Productcatalogus.Zorgvorm zv = catalogus.get(t.zorgvorm());
            for (String sel : sels) {
                for (String scope : scopes) {
                    for (String per : actief) {
                        at(f, JEUGDIGEN, sel, scope, per).som = 1;
                    }
                    at(f, STARTS, sel, scope, startMaand).plus(1);
                    if (t.wachtDagen() != null) {
                        Bijdrage w = at(f, WACHT, sel, scope, startMaand);
                        w.plus(1);
                        w.plus(String.valueOf(t.wachtDagen()), 1);
                        if (zv.heeftNorm()) {
                            Bijdrage n = at(f, NORM, sel, scope, startMaand);
                            n.plus(1);
                            n.plus("binnen", t.wachtDagen() <= zv.normDagen() ? 1 : 0);
                        }
                    }
                    if (t.eind() != null) {
                        Bijdrage duur = at(f, DUUR, sel, scope, maand(t.eind()));
                        duur.plus(1);
                        duur.plus(String.valueOf(t.duurDagen()), 1);
                    }
                }
            }
            String herkomst = recidiveHerkomst(t, trajecten, p);
            if (herkomst != null) {
                for (String sel : sels) {
                    for (String scope : scopes) {
                        for (String per : Periode.overlappend(t.begin())) {
                            Bijdrage r = at(f, RECIDIVE, sel, scope, per);
                            r.som = 1;
                            r.zet(herkomst);
                        }
                    }
                }
            }
            if ("verblijf".equals(t.zorgvorm())) {
                for (String scope : scopes) {
                    for (String per : actief) {
                        at(f, DOORPLAATSING, "groep=verblijf", scope, per).som = 1;
                    }
                    if (isDoorplaatsing(t, trajecten)) {
                        for (String per : Periode.overlappend(t.begin())) {
                            at(f, DOORPLAATSING, "groep=verblijf", scope, per).zet("doorplaatst");
                        }
                    }
                    String uitstroom = uitstroom(t, trajecten, p);
                    if (uitstroom != null) {
                        for (String per : Periode.overlappend(t.eind())) {
                            at(f, UITSTROOM, "groep=verblijf", scope, per).zet(uitstroom);
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
    private void stapeling(List<Traject> trajecten, LocalDate p, Map<String, Bijdrage> f) {
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
                for (String sel : selecties(t.zorgvorm())) {
                    for (String scope : scopes(t.gemeente())) {
                        for (String per : Periode.overlappend(YearMonth.from(van), YearMonth.from(tot))) {
                            at(f, STAPELING, sel, scope, per).som = 1;
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

    private void toewijzingen(Dossier d, LocalDate p, Map<String, Bijdrage> f) {
        YearMonth huidige = YearMonth.from(p);
        for (Dossier.ToewijzingStaat t : d.toewijzingen.values()) {
            if (t.verwijderd || t.eersteDatum.isAfter(p)) {
                continue;
            }
            String zorgvorm = catalogus.zorgvorm(t.categorie, t.code);
            Productcatalogus.Zorgvorm zv = catalogus.get(zorgvorm);
            List<String> sels = selecties(zorgvorm);
            String[] scopes = scopes(t.gemeente);
            String verwijzer = d.verzoeken.getOrDefault(t.aanbieder + "|" + t.referentieAanbieder, "01");
            for (String sel : sels) {
                for (String scope : scopes) {
                    Bijdrage n = at(f, TOEWIJZINGEN, sel, scope, maand(t.eersteDatum));
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
                for (String sel : sels) {
                    for (String scope : scopes) {
                        Bijdrage w = at(f, WACHTEND, sel, scope, Periode.MAAND + "|" + Periode.maand(m));
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
     * The first peildatum after {@code p} at which this client's ZORG facts change without any new event: the next
     * month (an open trajectory becomes active in it; a month of waiting completes) or an outflow decision; -1 for none.
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
        return volgende == Long.MAX_VALUE ? -1 : volgende;
    }

    // ---------------------------------------------------------------- DECLARATIE

    private static YearMonth min(YearMonth a, YearMonth b) {
        return a.isBefore(b) ? a : b;
    }

    private static YearMonth max(YearMonth a, YearMonth b) {
        return a.isAfter(b) ? a : b;
    }

    private void declaraties(Dossier d, Map<String, Bijdrage> f, YearMonth venster) {
        YearMonth van = venster == null ? null : min(venster.minusMonths(11), YearMonth.of(venster.getYear(), 1));
        YearMonth tot = venster == null ? null : max(venster.plusMonths(11), YearMonth.of(venster.getYear(), 12));
        // net cents per sel|scope and month; gedeclareerd sums them per period below (a line adds to every period
        // its month lies in: summing per month first touches each line once instead of once per period)
        Map<String, Map<YearMonth, Long>> netto = new HashMap<>();
        Map<String, Long> nettoAanbieder = new HashMap<>(); // sel|scope|jaar|period|aanbieder → net cents
        Map<String, Set<String>> trajecten = new HashMap<>(); // scope|jaar|year → gemeente|toewijzingNummer
        for (Map.Entry<String, Dossier.Regel> e : d.regels.entrySet()) {
            if (d.afgewezen.contains(e.getKey())) {
                continue; // rejected by a JW325: counts 0
            }
            Dossier.Regel r = e.getValue();
            YearMonth m = YearMonth.from(r.periodeBegin());
            if (van != null && (m.isBefore(van) || m.isAfter(tot))) {
                continue;
            }
            long bedrag = (r.credit() ? -1 : 1) * r.bedragCent();
            String zorgvorm = catalogus.zorgvorm(r.categorie(), r.code());
            List<String> sels = selecties(zorgvorm);
            String[] scopes = scopes(r.gemeente());
            String maand = Periode.MAAND + "|" + Periode.maand(m);
            String jaar = Periode.JAAR + "|" + Periode.jaar(m);
            boolean eigenMaand = venster == null || m.equals(venster);
            boolean eigenJaar = venster == null || m.getYear() == venster.getYear();
            for (String scope : scopes) {
                if (eigenMaand) {
                    at(f, KOSTEN, TOTAAL, scope, maand).plus(bedrag);
                }
                if (eigenJaar) {
                    trajecten.computeIfAbsent(scope + "|" + jaar, k -> new java.util.TreeSet<>()).add(r.gemeente() + "|" + r.toewijzingNummer());
                }
                for (String sel : sels) {
                    if (eigenMaand) {
                        at(f, KOSTEN, sel, scope, maand).plus(bedrag);
                        if ("14".equals(r.eenheid())) {
                            at(f, ETMALEN, sel, scope, maand).plus((r.credit() ? -1 : 1) * r.volume());
                        }
                        if (!r.credit()) {
                            at(f, AANBIEDERS, sel, scope, maand).zet(r.aanbieder());
                        }
                    }
                    netto.computeIfAbsent(sel + "|" + scope, k -> new HashMap<>()).merge(m, bedrag, Long::sum);
                    if (eigenJaar) {
                        nettoAanbieder.merge(sel + "|" + scope + "|" + jaar + "|" + r.aanbieder(), bedrag, Long::sum);
                    }
                }
            }
        }
        // with a window: only the periods that contain its month (no other key can change with that month)
        List<String> binnen = venster == null ? null : Periode.overlappend(venster, venster);
        netto.forEach((selScope, perMaand) -> {
            Set<String> perioden = new java.util.HashSet<>();
            if (binnen != null) {
                perioden.addAll(binnen);
            } else {
                perMaand.keySet().forEach(m -> perioden.addAll(Periode.overlappend(m, m)));
            }
            for (String per : perioden) {
                YearMonth[] grenzen = Periode.maandGrenzen(per);
                long som = 0;
                for (Map.Entry<YearMonth, Long> m : perMaand.entrySet()) {
                    if (!m.getKey().isBefore(grenzen[0]) && !m.getKey().isAfter(grenzen[1])) {
                        som += m.getValue();
                    }
                }
                if (som > 0) {
                    f.computeIfAbsent(GEDECLAREERD + "|" + selScope + "|" + per, x -> new Bijdrage()).som = 1;
                }
            }
        });
        nettoAanbieder.forEach((k, v) -> {
            if (v > 0) {
                int i = k.lastIndexOf('|');
                f.computeIfAbsent(AANBIEDERS_JEUGDIGEN + "|" + k.substring(0, i), x -> new Bijdrage()).zet(k.substring(i + 1));
            }
        });
        trajecten.forEach((k, v) -> f.computeIfAbsent(TRAJECTEN + "|" + TOTAAL + "|" + k, x -> new Bijdrage()).som = v.size());
    }
}
