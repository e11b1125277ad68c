package nl.jeugdmonitor.simulator;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/** Writes iJw 3.2 messages as XML, in the element order of the XSDs; every message it writes validates (SimulatorTest). */
final class IjwSchrijver {

    private final StringBuilder sb = new StringBuilder(4096);
    private final String p;

    private IjwSchrijver(String type) {
        this.p = type.toLowerCase();
    }

    /** The people in a message; the monitor reads only bsn, birth date and sex, the rest is there because iJw requires it. */
    record Persoon(String bsn, LocalDate geboortedatum, String geslacht, String achternaam, String voornaam,
                   String straat, int huisnummer, String postcode, String plaats) {}

    record Kop(String type, String code, String afzender, String ontvanger, String identificatie, LocalDate dagtekening) {}

    record ToegewezenProduct(long toewijzingNummer, String referentieAanbieder, String categorie, String code,
                             LocalDate toewijzingsdatum, LocalTime toewijzingstijd, LocalDate ingangsdatum,
                             LocalDate einddatum, String redenWijziging, long volume, String eenheid, String frequentie) {}

    record StartStop(long toewijzingNummer, String categorie, String code, LocalDate toewijzingIngangsdatum,
                     LocalDate begindatum, String redenBeeindiging, LocalDate einddatum, String status) {}

    record Aanvraag(String referentieAanbieder, String categorie, String code, LocalDate toewijzingIngangsdatum,
                    String verwijzerType) {}

    record Regel(String bsn, String referentie, String vorigeReferentie, long toewijzingNummer, String categorie,
                 String code, LocalDate begin, LocalDate eind, long volume, String eenheid, long tarief, long bedrag,
                 boolean credit) {}

    static String jw301(Kop kop, Persoon c, List<ToegewezenProduct> producten) {
        IjwSchrijver w = new IjwSchrijver("JW301").open(kop);
        w.o("Client").client(c, true);
        w.o("Contactgegevens").o("Contact").e("Soort", "01").adres(c).c("Contact").c("Contactgegevens");
        w.o("ToegewezenProducten");
        for (ToegewezenProduct t : producten) {
            w.o("ToegewezenProduct").e("ToewijzingNummer", t.toewijzingNummer());
            if (t.referentieAanbieder() != null) {
                w.e("ReferentieAanbieder", t.referentieAanbieder());
            }
            w.product(t.categorie(), t.code()).e("Toewijzingsdatum", t.toewijzingsdatum())
                    .e("Toewijzingstijd", t.toewijzingstijd().format(java.time.format.DateTimeFormatter.ISO_LOCAL_TIME.withResolverStyle(java.time.format.ResolverStyle.STRICT)).substring(0, 8)).e("Ingangsdatum", t.ingangsdatum());
            if (t.einddatum() != null) {
                w.e("Einddatum", t.einddatum());
            }
            if (t.redenWijziging() != null) {
                w.e("RedenWijziging", t.redenWijziging());
            }
            w.o("Omvang").ie("Volume", t.volume()).ie("Eenheid", t.eenheid()).ie("Frequentie", t.frequentie()).c("Omvang");
            w.c("ToegewezenProduct");
        }
        return w.c("ToegewezenProducten").c("Client").close();
    }

    static String jw305(Kop kop, Persoon c, List<StartStop> starts) {
        IjwSchrijver w = new IjwSchrijver("JW305").open(kop);
        w.o("Client").client(c, false).o("StartProducten");
        for (StartStop s : starts) {
            w.o("StartProduct").e("ToewijzingNummer", s.toewijzingNummer()).product(s.categorie(), s.code())
                    .e("ToewijzingIngangsdatum", s.toewijzingIngangsdatum()).e("Begindatum", s.begindatum())
                    .e("StatusAanlevering", s.status()).c("StartProduct");
        }
        return w.c("StartProducten").c("Client").close();
    }

    static String jw307(Kop kop, Persoon c, List<StartStop> stops) {
        IjwSchrijver w = new IjwSchrijver("JW307").open(kop);
        w.o("Client").client(c, false).o("StopProducten");
        for (StartStop s : stops) {
            w.o("StopProduct").e("ToewijzingNummer", s.toewijzingNummer()).product(s.categorie(), s.code())
                    .e("ToewijzingIngangsdatum", s.toewijzingIngangsdatum()).e("Begindatum", s.begindatum())
                    .e("RedenBeeindiging", s.redenBeeindiging()).e("Einddatum", s.einddatum())
                    .e("StatusAanlevering", s.status()).c("StopProduct");
        }
        return w.c("StopProducten").c("Client").close();
    }

    static String jw315(Kop kop, Persoon c, List<Aanvraag> aanvragen) {
        IjwSchrijver w = new IjwSchrijver("JW315").open(kop);
        w.o("Client").client(c, false).o("AangevraagdeProducten");
        for (Aanvraag a : aanvragen) {
            w.o("AangevraagdProduct").e("ReferentieAanbieder", a.referentieAanbieder()).product(a.categorie(), a.code())
                    .e("ToewijzingIngangsdatum", a.toewijzingIngangsdatum())
                    .o("Verwijzer").ie("Type", a.verwijzerType()).ie("Naam", "verwijzer").c("Verwijzer")
                    .c("AangevraagdProduct");
        }
        return w.c("AangevraagdeProducten").c("Client").close();
    }

    static String jw319(Kop kop, String referentieAanbieder, String antwoord, String reden) {
        IjwSchrijver w = new IjwSchrijver("JW319").open(kop);
        w.o("Antwoord").e("ReferentieAanbieder", referentieAanbieder).e("VerzoekAntwoord", antwoord);
        if (reden != null) {
            w.e("RedenAfwijzingVerzoek", reden);
        }
        return w.c("Antwoord").close();
    }

    static String jw323(Kop kop, String declaratieNummer, LocalDate periodeBegin, LocalDate periodeEind, List<Regel> regels) {
        IjwSchrijver w = new IjwSchrijver("JW323").open(kop);
        w.o("Declaratie").e("DeclaratieNummer", declaratieNummer)
                .o("DeclaratiePeriode").ie("Begindatum", periodeBegin).ie("Einddatum", periodeEind).c("DeclaratiePeriode")
                .e("DeclaratieDagtekening", kop.dagtekening()).totaal("TotaalIngediendBedrag", regels).o("Clienten");
        w.regels(regels, false);
        return w.c("Clienten").c("Declaratie").close();
    }

    static String jw325(Kop kop, Kop declaratie, String declaratieNummer, List<Regel> afgewezen) {
        IjwSchrijver w = new IjwSchrijver("JW325").openZonderSluiten(kop);
        w.o("DeclaratieIdentificatie").ie("Identificatie", declaratie.identificatie())
                .ie("Dagtekening", declaratie.dagtekening()).c("DeclaratieIdentificatie");
        w.o("XsdVersieDeclaratie").ie("BasisschemaXsdVersie", "1.0.0").ie("BerichtXsdVersie", "1.0.0").c("XsdVersieDeclaratie");
        w.o("RetourCodes").e("RetourCode", "0200").c("RetourCodes").c("Header");
        w.o("DeclaratieAntwoord").e("DeclaratieNummer", declaratieNummer).totaal("TotaalIngediendBedrag", afgewezen)
                .o("TotaalToegekendBedrag").ie("TotaalBedrag", 0).ie("DebetCredit", "D").c("TotaalToegekendBedrag")
                .o("Clienten");
        w.regels(afgewezen, true);
        return w.c("Clienten").o("RetourCodes").e("RetourCode", "0200").c("RetourCodes").c("DeclaratieAntwoord").close();
    }

    private IjwSchrijver open(Kop kop) {
        return openZonderSluiten(kop).c("Header");
    }

    private IjwSchrijver openZonderSluiten(Kop kop) {
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").append(p).append(":Bericht xmlns:ijw=\"")
                .append("http://www.istandaarden.nl/ijw/3_2/basisschema/schema\" xmlns:").append(p)
                .append("=\"http://www.istandaarden.nl/ijw/3_2/").append(p).append("/schema\">");
        o("Header").e("BerichtCode", kop.code()).e("BerichtVersie", "3").e("BerichtSubversie", "2")
                .e("Afzender", kop.afzender()).e("Ontvanger", kop.ontvanger())
                .o("BerichtIdentificatie").ie("Identificatie", kop.identificatie()).ie("Dagtekening", kop.dagtekening())
                .c("BerichtIdentificatie")
                .o("XsdVersie").ie("BasisschemaXsdVersie", "1.0.0").ie("BerichtXsdVersie", "1.0.0").c("XsdVersie");
        return this;
    }

    private String close() {
        return sb.append("</").append(p).append(":Bericht>\n").toString();
    }

    private IjwSchrijver client(Persoon c, boolean volledigeNaam) {
        e("Bsn", c.bsn()).o("Geboortedatum").ie("Datum", c.geboortedatum()).c("Geboortedatum").e("Geslacht", c.geslacht());
        o("Naam").o2("Geslachtsnaam").ie("Achternaam", c.achternaam()).c2("Geslachtsnaam");
        if (volledigeNaam) {
            ie("Voornamen", c.voornaam()).ie("NaamGebruik", "1");
        } else {
            ie("Voorletters", c.voornaam().substring(0, 1));
        }
        return c("Naam");
    }

    private IjwSchrijver adres(Persoon c) {
        return o("Adres").o2("Huis").ie("Huisnummer", c.huisnummer()).c2("Huis").ie("Postcode", c.postcode())
                .ie("Straatnaam", c.straat()).ie("Plaatsnaam", c.plaats()).ie("LandCode", "NL").c("Adres");
    }

    private IjwSchrijver product(String categorie, String code) {
        o("Product").ie("Categorie", categorie);
        if (code != null) {
            ie("Code", code);
        }
        return c("Product");
    }

    private IjwSchrijver totaal(String element, List<Regel> regels) {
        long som = 0;
        for (Regel r : regels) {
            som += r.credit() ? -r.bedrag() : r.bedrag();
        }
        return o(element).ie("TotaalBedrag", Math.abs(som)).ie("DebetCredit", som < 0 ? "C" : "D").c(element);
    }

    /** Lines grouped per client in order of first appearance, as a declaration lists them. */
    private void regels(List<Regel> regels, boolean metRetourCodes) {
        java.util.Map<String, List<Regel>> perClient = new java.util.LinkedHashMap<>();
        for (Regel r : regels) {
            perClient.computeIfAbsent(r.bsn(), k -> new java.util.ArrayList<>()).add(r);
        }
        for (var e : perClient.entrySet()) {
            o("Client").e("Bsn", e.getKey()).o("Prestaties");
            for (Regel r : e.getValue()) {
                o("Prestatie").o("ProductReferentie").ie("ReferentieNummer", r.referentie());
                if (r.vorigeReferentie() != null) {
                    ie("VorigReferentieNummer", r.vorigeReferentie());
                }
                c("ProductReferentie").e("ToewijzingNummer", r.toewijzingNummer()).e("ProductCategorie", r.categorie())
                        .e("ProductCode", r.code())
                        .o("ProductPeriode").ie("Begindatum", r.begin()).ie("Einddatum", r.eind()).c("ProductPeriode")
                        .e("GeleverdVolume", r.volume()).e("Eenheid", r.eenheid()).e("ProductTarief", r.tarief())
                        .o("IngediendBedrag").ie("Bedrag", r.bedrag()).ie("DebetCredit", r.credit() ? "C" : "D")
                        .c("IngediendBedrag");
                if (metRetourCodes) {
                    o("RetourCodes").e("RetourCode", "8001").c("RetourCodes");
                }
                c("Prestatie");
            }
            c("Prestaties");
            if (metRetourCodes) {
                o("RetourCodes").e("RetourCode", "0200").c("RetourCodes");
            }
            c("Client");
        }
    }

    // element helpers: o/c open and close a message-namespace element, o2/c2 a basisschema one,
    // e writes a message-namespace leaf, ie a basisschema leaf
    private IjwSchrijver o(String n) {
        sb.append('<').append(p).append(':').append(n).append('>');
        return this;
    }

    private IjwSchrijver c(String n) {
        sb.append("</").append(p).append(':').append(n).append('>');
        return this;
    }

    private IjwSchrijver o2(String n) {
        sb.append("<ijw:").append(n).append('>');
        return this;
    }

    private IjwSchrijver c2(String n) {
        sb.append("</ijw:").append(n).append('>');
        return this;
    }

    private IjwSchrijver e(String n, Object v) {
        o(n);
        tekst(v);
        return c(n);
    }

    private IjwSchrijver ie(String n, Object v) {
        o2(n);
        tekst(v);
        return c2(n);
    }

    private void tekst(Object v) {
        String s = String.valueOf(v);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                default -> sb.append(ch);
            }
        }
    }
}
