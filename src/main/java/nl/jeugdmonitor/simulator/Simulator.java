package nl.jeugdmonitor.simulator;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import nl.jeugdmonitor.simulator.IjwSchrijver.Aanvraag;
import nl.jeugdmonitor.simulator.IjwSchrijver.Kop;
import nl.jeugdmonitor.simulator.IjwSchrijver.Persoon;
import nl.jeugdmonitor.simulator.IjwSchrijver.Regel;
import nl.jeugdmonitor.simulator.IjwSchrijver.StartStop;
import nl.jeugdmonitor.simulator.IjwSchrijver.ToegewezenProduct;
import nl.jeugdmonitor.simulator.Kalibratie.Zorgvorm;

/**
 * Generates the iJw messages a youth-care region exchanges, deterministically from a seed: requests,
 * allocations, starts and stops, monthly declarations with late lines, corrections and rejections,
 * deleted allocations, retracted starts, pauses, transfers (doorplaatsing) and outflow to wonen,
 * redeliveries. Messages come out in order of their Dagtekening.
 */
public final class Simulator {

    /** @param foutKans share of messages corrupted on purpose (an impossible date): they must land in the DLQ */
    public record Instellingen(long seed, int vanJaar, int totJaar, double schaal, double foutKans) {
        public Instellingen {
            if (totJaar < vanJaar) {
                throw new IllegalArgumentException("--to " + totJaar + " is before --from " + vanJaar);
            }
            if (!(schaal > 0) || schaal > 1000) {
                throw new IllegalArgumentException("--scale must be above 0 and at most 1000");
            }
            if (foutKans < 0 || foutKans > 1) {
                throw new IllegalArgumentException("--invalid must be a share between 0 and 1");
            }
        }
    }

    /** One message as sent: its date, type (JW301 …), XML, and the canonical events it must yield (0 if invalid). */
    public record SimBericht(LocalDate dag, String type, String xml, int events, boolean dubbel, boolean ongeldig) {}

    /** What was generated: messages by type, expected canonical events by type, redeliveries, invalid ones. */
    public static final class Telling {
        public final Map<String, Long> berichten = new TreeMap<>();
        public final Map<String, Long> events = new TreeMap<>();
        public long dubbel;
        public long ongeldig;

        void tel(SimBericht b) {
            berichten.merge(b.type(), 1L, Long::sum);
            if (b.dubbel()) {
                dubbel++;
            } else if (b.ongeldig()) {
                ongeldig++;
            } else if (b.events() > 0) {
                events.merge(EVENT_TYPE.get(b.type()), (long) b.events(), Long::sum);
            }
        }

        public long totaalEvents() {
            return events.values().stream().mapToLong(Long::longValue).sum();
        }

        @Override
        public String toString() {
            return "berichten " + berichten + ", verwachte events " + events + ", dubbel " + dubbel + ", ongeldig " + ongeldig;
        }
    }

    static final Map<String, String> EVENT_TYPE = Map.of("JW301", "Toewijzing", "JW305", "Start", "JW307", "Stop",
            "JW315", "Verzoek", "JW319", "VerzoekAntwoord", "JW323", "DeclaratieRegel", "JW325", "Afwijzing");

    private static final String[] ACHTERNAMEN = {"Oosterveld", "Wolterink", "Nijhuis", "Kamphuis", "Hofman", "Brinkhuis",
            "Lansink", "Ten Hove", "Scholten", "Bruggink", "Morsink", "Pierik", "Veldhuis", "Haverkate", "Roelofs"};
    private static final String[] VOORNAMEN = {"Daan", "Sem", "Lotte", "Noor", "Finn", "Julia", "Mila", "Luuk", "Tess",
            "Bram", "Sara", "Levi", "Fenna", "Jesse", "Yara"};
    private static final String[] STRATEN = {"Haaksbergerstraat", "Deurningerstraat", "Oldenzaalsestraat", "Wierdensestraat",
            "Bornsestraat", "Enschedesestraat", "Almelosestraat", "Kerkstraat"};

    private final Kalibratie kal;
    private final Instellingen in;
    private final Random rnd;
    private final LocalDate begin;
    private final LocalDate einde;
    private final List<Gepland> gepland = new ArrayList<>();
    private final TreeMap<String, List<Regel>> declaraties = new TreeMap<>();
    private final List<Jeugdige> jeugdigen = new ArrayList<>();
    private final Map<String, List<String>> aanbieders = new java.util.HashMap<>();
    private final Map<String, double[]> aanbiederGewichten = new java.util.HashMap<>();
    /** The providers that habitually report late. */
    private final java.util.Set<String> laatMelders = new java.util.HashSet<>();
    /** Requests (ReferentieAanbieder) whose JW315 was corrupted on purpose: their JW319 has no request to reach. */
    private final java.util.Set<String> kapotteVerzoeken = new java.util.HashSet<>();
    private long volgnummer;
    private long bsnTeller = 90_000_000L;
    private long toewijzingTeller = 100_000L;
    private long referentieTeller;
    private long identificatieTeller;

    public Simulator(Kalibratie kalibratie, Instellingen instellingen) {
        this.kal = kalibratie;
        this.in = instellingen;
        this.rnd = new Random(instellingen.seed());
        // start half a year early so that the first simulated year begins with youths already in care
        this.begin = LocalDate.of(instellingen.vanJaar() - 1, 7, 1);
        this.einde = LocalDate.of(instellingen.totJaar(), 12, 31);
        long agb = kal.eersteAanbiederAgb();
        for (Map.Entry<String, Zorgvorm> z : kal.zorgvormen().entrySet()) {
            List<String> codes = new ArrayList<>();
            double[] w = new double[z.getValue().aanbieders()];
            for (int i = 0; i < w.length; i++) {
                codes.add(String.valueOf(agb++));
                w[i] = 1.0 / Math.pow(i + 1, 1.1); // a few large providers serve most youths (seed 000: top 5 = 45-79%)
            }
            aanbieders.put(z.getKey(), codes);
            aanbiederGewichten.put(z.getKey(), w);
        }
        aanbieders.values().stream().flatMap(List::stream).sorted().forEach(a -> {
            if (rnd.nextDouble() < kal.berichten().laatAanbiederAandeel()) {
                laatMelders.add(a);
            }
        });
    }

    /** Generates everything and hands each message to {@code uit} in order of date. */
    public Telling genereer(Consumer<SimBericht> uit) {
        double totaalAandeel = kal.zorgvormen().values().stream().mapToDouble(Zorgvorm::aandeel).sum();
        for (int jaar = begin.getYear(); jaar <= in.totJaar(); jaar++) {
            LocalDate van = jaar == begin.getYear() ? begin : LocalDate.of(jaar, 1, 1);
            double deelVanJaar = (ChronoUnit.DAYS.between(van, LocalDate.of(jaar, 12, 31)) + 1) / 365.0;
            for (Map.Entry<String, Zorgvorm> e : kal.zorgvormen().entrySet()) {
                Zorgvorm z = e.getValue();
                double n = kal.nieuweTrajectenPerJaar() * in.schaal() * z.aandeel() / totaalAandeel * deelVanJaar
                        * Math.pow(z.trend(), jaar - in.vanJaar());
                long aantal = Math.round(n);
                long dagen = ChronoUnit.DAYS.between(van, LocalDate.of(jaar, 12, 31)) + 1;
                for (long i = 0; i < aantal; i++) {
                    LocalDate toewijzing = van.plusDays((long) (rnd.nextDouble() * dagen));
                    traject(e.getKey(), kiesJeugdige(e.getKey(), toewijzing), toewijzing, null);
                }
            }
        }
        planDeclaraties();
        gepland.sort(Comparator.comparing(Gepland::dag).thenComparingLong(Gepland::volgorde));
        Telling telling = new Telling();
        for (Gepland g : gepland) {
            SimBericht b = g.maak();
            if (in.foutKans() > 0 && rnd.nextDouble() < in.foutKans()) {
                // an impossible Dagtekening: fails the XSD date type, so the whole message is rejected
                b = new SimBericht(b.dag(), b.type(), b.xml().replaceFirst("Dagtekening>\\d{4}-\\d{2}-\\d{2}<",
                        "Dagtekening>" + b.dag().getYear() + "-02-30<"), 0, false, true);
                if (b.type().equals("JW315")) {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("ReferentieAanbieder>([^<]+)<").matcher(b.xml());
                    while (m.find()) {
                        kapotteVerzoeken.add(m.group(1));
                    }
                }
            }
            telling.tel(b);
            uit.accept(b);
            if (!b.ongeldig() && rnd.nextDouble() < kal.berichten().dubbelKans()) {
                SimBericht dubbel = new SimBericht(b.dag(), b.type(), b.xml(), b.events(), true, false);
                telling.tel(dubbel);
                uit.accept(dubbel);
            }
        }
        return telling;
    }

    // ---------------------------------------------------------------- the youths

    private static final class Jeugdige {
        final Persoon persoon;
        final String gemeente;
        LocalDate laatsteEinde;

        Jeugdige(Persoon persoon, String gemeente) {
            this.persoon = persoon;
            this.gemeente = gemeente;
        }
    }

    private Jeugdige kiesJeugdige(String zorgvorm, LocalDate datum) {
        if (!jeugdigen.isEmpty() && rnd.nextDouble() < kal.bekendeJeugdigeKans()) {
            Jeugdige j = jeugdigen.get(rnd.nextInt(jeugdigen.size()));
            if (j.persoon.geboortedatum().plusYears(18).isAfter(datum)) {
                return j;
            }
        }
        int[] leeftijd = switch (zorgvorm) {
            case "dyslexie" -> new int[] {7, 12};
            case "jeugdreclassering" -> new int[] {14, 17};
            case "verblijf", "ambulant_alternatief" -> new int[] {10, 17};
            default -> new int[] {1, 17};
        };
        LocalDate geboren = datum.minusYears(leeftijd[0] + rnd.nextInt(leeftijd[1] - leeftijd[0] + 1)).minusDays(rnd.nextInt(365));
        Persoon p = new Persoon(volgendeBsn(), geboren, rnd.nextDouble() < 0.55 ? "1" : "2",
                ACHTERNAMEN[rnd.nextInt(ACHTERNAMEN.length)], VOORNAMEN[rnd.nextInt(VOORNAMEN.length)],
                STRATEN[rnd.nextInt(STRATEN.length)], 1 + rnd.nextInt(200),
                (7500 + rnd.nextInt(200)) + "" + (char) ('A' + rnd.nextInt(26)) + (char) ('A' + rnd.nextInt(26)), "Enschede");
        Jeugdige j = new Jeugdige(p, kiesGemeente());
        jeugdigen.add(j);
        return j;
    }

    /** The next number that passes the 11-proef (fictional: 9-prefixed, assigned in order). */
    private String volgendeBsn() {
        while (true) {
            String acht = String.valueOf(bsnTeller++);
            int som = 0;
            for (int i = 0; i < 8; i++) {
                som += (9 - i) * (acht.charAt(i) - '0');
            }
            int check = som % 11;
            if (check < 10) {
                return acht + check;
            }
        }
    }

    private String kiesGemeente() {
        int totaal = kal.gemeenten().values().stream().mapToInt(Integer::intValue).sum();
        int r = rnd.nextInt(totaal);
        for (Map.Entry<String, Integer> g : kal.gemeenten().entrySet()) {
            r -= g.getValue();
            if (r < 0) {
                return g.getKey();
            }
        }
        throw new IllegalStateException();
    }

    private String kiesAanbieder(String zorgvorm, String nietDeze) {
        List<String> codes = aanbieders.get(zorgvorm);
        double[] w = aanbiederGewichten.get(zorgvorm);
        for (int poging = 0; poging < 20; poging++) {
            double r = rnd.nextDouble() * java.util.Arrays.stream(w).sum();
            for (int i = 0; i < w.length; i++) {
                r -= w[i];
                if (r < 0) {
                    if (!codes.get(i).equals(nietDeze) || codes.size() == 1) {
                        return codes.get(i);
                    }
                    break;
                }
            }
        }
        return codes.get(codes.size() - 1);
    }

    private <T> T kies(Map<T, Double> kansen) {
        double r = rnd.nextDouble() * kansen.values().stream().mapToDouble(Double::doubleValue).sum();
        T laatste = null;
        for (Map.Entry<T, Double> e : kansen.entrySet()) {
            laatste = e.getKey();
            r -= e.getValue();
            if (r < 0) {
                return laatste;
            }
        }
        return laatste;
    }

    // ---------------------------------------------------------------- one trajectory and its messages

    private record Gepland(LocalDate dag, long volgorde, java.util.function.Supplier<SimBericht> maker) {
        SimBericht maak() {
            return maker.get();
        }
    }

    private void plan(LocalDate dag, java.util.function.Supplier<SimBericht> maker) {
        if (!dag.isAfter(einde)) {
            gepland.add(new Gepland(dag, volgnummer++, maker));
        }
    }

    private Kop kop(String type, String afzender, String ontvanger, LocalDate dag) {
        return new Kop(type, nl.jeugdmonitor.ingest.IjwSchema.BERICHTCODES.get(type), afzender, ontvanger,
                String.valueOf(++identificatieTeller), dag);
    }

    /**
     * Plans one trajectory: request, allocation, start, stop, monthly lines, and follow-on care.
     * {@code startUiterlijk} forces care to start by that day (a transfer or outflow), or null.
     */
    private void traject(String zorgvormId, Jeugdige j, LocalDate toewijzingsdatum, LocalDate startUiterlijk) {
        if (toewijzingsdatum.isAfter(einde)) {
            return;
        }
        Zorgvorm z = kal.zorgvormen().get(zorgvormId);
        Kalibratie.Berichten kb = kal.berichten();
        List<String> product = z.producten().get(rnd.nextInt(z.producten().size()));
        String categorie = product.get(0);
        String code = product.get(1);
        String aanbieder = kiesAanbieder(zorgvormId, null);
        long nummer = toewijzingTeller++;
        String verwijzer = kies(z.verwijzers());
        Persoon c = j.persoon;
        String gemeente = j.gemeente;

        double wachtFactor = Math.pow(z.wachtTrend() == null ? 1.0 : z.wachtTrend(), toewijzingsdatum.getYear() - in.vanJaar());
        long wacht = Math.round(-Math.log(1 - rnd.nextDouble()) * z.wachtDagen() * wachtFactor);
        // now and then care begins before the allocation (crisis): the JW305 is due after the JW301 then (OP271)
        LocalDate start = startUiterlijk != null ? startUiterlijk : rnd.nextDouble() < kb.terugwerkendeToewijzingKans()
                ? toewijzingsdatum.minusDays(1 + rnd.nextInt(10)) : toewijzingsdatum.plusDays(wacht);
        LocalDate ingang = start.isBefore(toewijzingsdatum) ? start : toewijzingsdatum;
        long duur = Math.max(1, Math.round((-Math.log(1 - rnd.nextDouble()) - Math.log(1 - rnd.nextDouble())) / 2 * z.duurDagen()));
        LocalDate eind = start.plusDays(duur - 1);
        // now and then the toewijzing ends before the care does: the last lines are declared outside it
        LocalDate toewijzingEind = rnd.nextDouble() < kb.toewijzingTeKortKans() && duur > 60 ? eind.minusDays(10 + rnd.nextInt(20))
                : eind.plusDays(30 + rnd.nextInt(60));
        LocalTime tijd = LocalTime.of(8 + rnd.nextInt(9), rnd.nextInt(60), rnd.nextInt(60));

        String referentie = null;
        if (!"01".equals(verwijzer) && rnd.nextDouble() < kb.verzoekKans()) {
            String ref = "V" + (++referentieTeller);
            referentie = ref;
            // the gemeente answers (here: allocates) some working days after the request, mostly within 5 (OP274)
            LocalDate verzoekDag = werkdagenVoor(toewijzingsdatum, 1 + (int) (-Math.log(1 - rnd.nextDouble()) * kb.antwoordWerkdagen()));
            plan(verzoekDag, () -> new SimBericht(verzoekDag, "JW315", IjwSchrijver.jw315(kop("JW315", aanbieder, gemeente, verzoekDag), c,
                    List.of(new Aanvraag(ref, categorie, code, toewijzingsdatum, verwijzer))), 1, false, false));
            double antwoord = rnd.nextDouble();
            if (antwoord < kb.verzoekAfwijzingKans()) {
                // rejected by a JW319 instead; it reaches a client only if its request was not corrupted on purpose
                plan(toewijzingsdatum, () -> new SimBericht(toewijzingsdatum, "JW319", IjwSchrijver.jw319(kop("JW319", gemeente, aanbieder,
                        toewijzingsdatum), ref, "1", "2"), kapotteVerzoeken.contains(ref) ? 0 : 1, false, false));
                return;
            }
            if (antwoord < kb.verzoekAfwijzingKans() + kb.verzoekZonderAntwoordKans()) {
                return; // never answered: open from the 6th working day on
            }
        }
        String refAanbieder = referentie;
        long volume = "14".equals(z.eenheid()) ? 7 : 4;
        String eenheid = z.eenheid();
        plan(toewijzingsdatum, () -> new SimBericht(toewijzingsdatum, "JW301", IjwSchrijver.jw301(kop("JW301", gemeente, aanbieder, toewijzingsdatum), c,
                List.of(new ToegewezenProduct(nummer, refAanbieder, categorie, code, toewijzingsdatum, tijd, ingang,
                        toewijzingEind, null, volume, eenheid, "2"))), 1, false, false));

        if (rnd.nextDouble() < kb.verwijderdeToewijzingKans()) {
            LocalDate weg = toewijzingsdatum.plusDays(3 + rnd.nextInt(10));
            LocalTime t2 = LocalTime.of(9, rnd.nextInt(60), rnd.nextInt(60));
            plan(weg, () -> new SimBericht(weg, "JW301", IjwSchrijver.jw301(kop("JW301", gemeente, aanbieder, weg), c,
                    List.of(new ToegewezenProduct(nummer, refAanbieder, categorie, code, weg, t2, ingang,
                            ingang, "13", volume, eenheid, "2"))), 1, false, false));
            return;
        }
        if (startUiterlijk == null && rnd.nextDouble() < kb.nooitGestartKans()) {
            return; // allocated, never started: on the waiting list until someone acts
        }

        LocalDate startMelding = meldDag(start.isAfter(toewijzingsdatum) ? start : toewijzingsdatum, aanbieder);
        if (rnd.nextDouble() < kb.startCorrectieKans()) {
            LocalDate fout = start.plusDays(3);
            plan(startMelding, () -> new SimBericht(startMelding, "JW305", IjwSchrijver.jw305(kop("JW305", aanbieder, gemeente, startMelding), c,
                    List.of(new StartStop(nummer, categorie, code, toewijzingsdatum, fout, null, null, "1"))), 1, false, false));
            LocalDate herstel = startMelding.plusDays(7);
            plan(herstel, () -> new SimBericht(herstel, "JW305", IjwSchrijver.jw305(kop("JW305", aanbieder, gemeente, herstel), c,
                    List.of(new StartStop(nummer, categorie, code, toewijzingsdatum, fout, null, null, "3"),
                            new StartStop(nummer, categorie, code, toewijzingsdatum, start, null, null, "1"))), 2, false, false));
        } else {
            plan(startMelding, () -> new SimBericht(startMelding, "JW305", IjwSchrijver.jw305(kop("JW305", aanbieder, gemeente, startMelding), c,
                    List.of(new StartStop(nummer, categorie, code, toewijzingsdatum, start, null, null, "1"))), 1, false, false));
        }
        if (duur > 20 && rnd.nextDouble() < kb.tijdelijkeStopKans()) {
            LocalDate pauze = start.plusDays(duur / 2);
            LocalDate melding = pauze.plusDays(2);
            plan(melding, () -> new SimBericht(melding, "JW307", IjwSchrijver.jw307(kop("JW307", aanbieder, gemeente, melding), c,
                    List.of(new StartStop(nummer, categorie, code, toewijzingsdatum, start, "20", pauze, "1"))), 1, false, false));
        }

        boolean verblijf = "verblijf".equals(zorgvormId);
        double r = rnd.nextDouble();
        boolean doorplaatsing = verblijf && z.doorplaatsingKans() != null && r < z.doorplaatsingKans();
        boolean naarWonen = verblijf && !doorplaatsing && z.uitstroomNaarWonenKans() != null
                && r < z.doorplaatsingKans() + z.uitstroomNaarWonenKans();
        String reden = doorplaatsing ? "38" : switch (rnd.nextInt(6)) {
            case 0 -> "32";
            case 1 -> "34";
            default -> "31";
        };
        LocalDate stopMelding = meldDag(eind, aanbieder);
        plan(stopMelding, () -> new SimBericht(stopMelding, "JW307", IjwSchrijver.jw307(kop("JW307", aanbieder, gemeente, stopMelding), c,
                List.of(new StartStop(nummer, categorie, code, toewijzingsdatum, start, reden, eind, "1"))), 1, false, false));
        j.laatsteEinde = eind;

        double prijsFactor = Math.exp(rnd.nextGaussian() * 0.3 - 0.045);
        for (YearMonth m = YearMonth.from(start); !m.isAfter(YearMonth.from(eind.isAfter(einde) ? einde : eind)); m = m.plusMonths(1)) {
            LocalDate van = start.isAfter(m.atDay(1)) ? start : m.atDay(1);
            LocalDate tot = eind.isBefore(m.atEndOfMonth()) ? eind : m.atEndOfMonth();
            long dagen = ChronoUnit.DAYS.between(van, tot) + 1;
            long dagKosten = Math.round(z.kostenPerZorgjaar() * 100.0 / 365 * prijsFactor);
            long vol;
            long tarief;
            switch (z.eenheid()) {
                case "14" -> {
                    vol = dagen;
                    tarief = dagKosten;
                }
                case "04" -> {
                    tarief = 11_000;
                    vol = Math.max(1, Math.round(dagKosten * dagen / (double) tarief));
                }
                default -> {
                    vol = 1;
                    tarief = dagKosten * dagen;
                }
            }
            YearMonth indienen = m.plusMonths(rnd.nextDouble() < kb.declaratieLaatKans() ? 2 + rnd.nextInt(5) : 1);
            long genoemd = rnd.nextDouble() < kb.onbekendNummerKans() ? nummer + 900_000 : nummer; // a typo in the number
            declaraties.computeIfAbsent(declaratieSleutel(indienen, aanbieder, gemeente), k -> new ArrayList<>())
                    .add(new Regel(c.bsn(), "R" + (++referentieTeller), null, genoemd, categorie, code, van, tot, vol,
                            z.eenheid(), tarief, vol * tarief, false));
        }

        if (doorplaatsing) {
            LocalDate volgende = eind.plusDays(1 + rnd.nextInt(14));
            traject(zorgvormId, j, volgende.minusDays(1 + rnd.nextInt(3)), volgende);
        } else if (naarWonen) {
            LocalDate volgende = eind.plusDays(1 + rnd.nextInt(30));
            traject("wonen", j, volgende.minusDays(1 + rnd.nextInt(5)), volgende);
        }
    }

    /** The day a provider reports an event of {@code dag}: some working days later, more for the habitually late ones. */
    private LocalDate meldDag(LocalDate dag, String aanbieder) {
        Kalibratie.Berichten kb = kal.berichten();
        double gemiddeld = laatMelders.contains(aanbieder) ? kb.laatMeldingWerkdagen() : kb.meldingWerkdagen();
        return nl.jeugdmonitor.indicator.Werkdagen.na(dag, 1 + (int) (-Math.log(1 - rnd.nextDouble()) * gemiddeld));
    }

    /** The working day {@code n} working days before {@code dag}. */
    private static LocalDate werkdagenVoor(LocalDate dag, int n) {
        LocalDate d = dag;
        for (int i = 0; i < n; ) {
            d = d.minusDays(1);
            if (nl.jeugdmonitor.indicator.Werkdagen.isWerkdag(d)) {
                i++;
            }
        }
        return d;
    }

    private static String declaratieSleutel(YearMonth maand, String aanbieder, String gemeente) {
        return maand + "|" + aanbieder + "|" + gemeente;
    }

    /** One JW323 per provider, gemeente and month of submission; corrections and re-declarations land in later ones. */
    private void planDeclaraties() {
        Kalibratie.Berichten kb = kal.berichten();
        while (!declaraties.isEmpty()) {
            Map.Entry<String, List<Regel>> e = declaraties.pollFirstEntry();
            String[] k = e.getKey().split("\\|");
            YearMonth maand = YearMonth.parse(k[0]);
            String aanbieder = k[1];
            String gemeente = k[2];
            List<Regel> regels = e.getValue();
            LocalDate dag = maand.atDay(3 + Math.floorMod(aanbieder.hashCode(), 10));
            if (dag.isAfter(einde)) {
                continue;
            }
            String declaratieNummer = "D" + (++referentieTeller);
            Kop kop = kop("JW323", aanbieder, gemeente, dag);
            YearMonth periode = maand.minusMonths(1);
            List<Regel> afgewezen = new ArrayList<>();
            for (Regel r : regels) {
                YearMonth later = maand.plusMonths(1);
                if (!r.credit() && rnd.nextDouble() < kb.afwijzingKans()) {
                    afgewezen.add(r);
                    if (rnd.nextDouble() < kb.opnieuwNaAfwijzingKans()) {
                        volgende(later, aanbieder, gemeente).add(new Regel(r.bsn(), "R" + (++referentieTeller), null,
                                r.toewijzingNummer(), r.categorie(), r.code(), r.begin(), r.eind(), r.volume(), r.eenheid(),
                                r.tarief(), r.bedrag(), false));
                    }
                } else if (!r.credit() && rnd.nextDouble() < kb.creditCorrectieKans()) {
                    List<Regel> volgende = volgende(later, aanbieder, gemeente);
                    volgende.add(new Regel(r.bsn(), "R" + (++referentieTeller), r.referentie(), r.toewijzingNummer(),
                            r.categorie(), r.code(), r.begin(), r.eind(), r.volume(), r.eenheid(), r.tarief(), r.bedrag(), true));
                    long minder = Math.max(1, r.volume() - 1 - rnd.nextInt((int) Math.max(1, r.volume() / 4)));
                    volgende.add(new Regel(r.bsn(), "R" + (++referentieTeller), null, r.toewijzingNummer(), r.categorie(),
                            r.code(), r.begin(), r.eind(), minder, r.eenheid(), r.tarief(), minder * r.tarief(), false));
                }
            }
            int n = regels.size();
            plan(dag, () -> new SimBericht(dag, "JW323", IjwSchrijver.jw323(kop, declaratieNummer, periode.atDay(1),
                    periode.atEndOfMonth(), regels), n, false, false));
            if (!afgewezen.isEmpty()) {
                LocalDate antwoord = dag.plusDays(14);
                plan(antwoord, () -> new SimBericht(antwoord, "JW325", IjwSchrijver.jw325(kop("JW325", gemeente, aanbieder, antwoord),
                        kop, declaratieNummer, afgewezen), afgewezen.size(), false, false));
            }
        }
    }

    private List<Regel> volgende(YearMonth maand, String aanbieder, String gemeente) {
        return declaraties.computeIfAbsent(declaratieSleutel(maand, aanbieder, gemeente), x -> new ArrayList<>());
    }
}
