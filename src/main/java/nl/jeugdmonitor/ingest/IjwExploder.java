package nl.jeugdmonitor.ingest;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import nl.jeugdmonitor.config.Gemeenten;
import nl.jeugdmonitor.event.Afwijzing;
import nl.jeugdmonitor.event.CanoniekEvent;
import nl.jeugdmonitor.event.DeclaratieRegel;
import nl.jeugdmonitor.event.Start;
import nl.jeugdmonitor.event.Stop;
import nl.jeugdmonitor.event.Toewijzing;
import nl.jeugdmonitor.event.Verzoek;
import nl.jeugdmonitor.event.VerzoekAntwoord;

/**
 * Turns one validated iJw message into canonical events (SPEC §3.2, §4): one per allocated, started or
 * stopped product, requested product, declaration line or rejected line. Reads only what the monitor
 * may keep: the BSN becomes a pseudonym, the birth date an age at the event date; names, addresses
 * and contacts are never read.
 */
final class IjwExploder {

    /** How far after its message's Dagtekening an event date may lie. */
    static final int TOEKOMST_DAGEN = 31;

    private final Bsn bsn;

    IjwExploder(Bsn bsn) {
        this.bsn = bsn;
    }

    Bericht explodeer(IjwParser.Geparseerd bericht) throws Afkeuring {
        XmlElement root = bericht.root();
        XmlElement header = root.child("Header");
        String afzender = header.at("Afzender");
        String ontvanger = header.at("Ontvanger");
        String id = afzender + "|" + header.at("BerichtCode") + "|" + header.at("BerichtIdentificatie", "Identificatie");
        // JW301 and JW325 go gemeente → aanbieder, the others aanbieder → gemeente (iJw README; retour copies the header)
        boolean vanGemeente = bericht.type().equals("JW301") || bericht.type().equals("JW319") || bericht.type().equals("JW325");
        String gemeente = vanGemeente ? afzender : ontvanger;
        String aanbieder = vanGemeente ? ontvanger : afzender;
        if (!Gemeenten.bestaat(gemeente)) {
            throw new Afkeuring(AfkeurCode.UNKNOWN_GEMEENTE, bericht.type() + ": gemeente " + gemeente + " is not a CBS municipality code");
        }
        LocalDate dagtekening = datum(header.at("BerichtIdentificatie", "Dagtekening"));
        Header h = new Header(gemeente, aanbieder, dagtekening);
        List<CanoniekEvent> events = switch (bericht.type()) {
            case "JW301" -> toewijzingen(root.child("Client"), h);
            case "JW305" -> starts(root.child("Client"), h);
            case "JW307" -> stops(root.child("Client"), h);
            case "JW315" -> verzoeken(root.child("Client"), h);
            case "JW319" -> List.of(antwoord(root.child("Antwoord"), h));
            case "JW323" -> declaratieRegels(root.child("Declaratie"), h);
            case "JW325" -> afwijzingen(root.child("DeclaratieAntwoord"), h);
            default -> throw new IllegalArgumentException("not an exploded type: " + bericht.type());
        };
        for (CanoniekEvent e : events) {
            // fields iJw leaves optional but the monitor cannot do without, e.g. a JW305 without ToewijzingNummer
            List<String> missing = e.ontbrekendeVelden();
            if (!missing.isEmpty()) {
                throw new Afkeuring(AfkeurCode.MISSING_FIELD, bericht.type() + " lacks " + missing + " for a " + e.type());
            }
            // the peildatum is the greatest event date and never goes back: one mistyped year would move it for
            // everyone, so an event may not lie beyond its own message's date (plus a month of slack)
            if (e.eventDatum() != null && dagtekening != null && e.eventDatum().isAfter(dagtekening.plusDays(TOEKOMST_DAGEN))) {
                throw new Afkeuring(AfkeurCode.FUTURE_DATE, bericht.type() + ": a " + e.type() + " dated " + e.eventDatum()
                        + " in a message of " + dagtekening);
            }
        }
        return new Bericht(id, bericht.type(), events);
    }

    private record Header(String gemeente, String aanbieder, LocalDate dagtekening) {}

    /** The client as the monitor keeps it: pseudonym, birth date (for the age only) and sex. */
    private record Client(String pseudoniem, LocalDate geboortedatum, String geslacht) {
        Integer leeftijdOp(LocalDate datum) {
            return geboortedatum == null || datum == null ? null : Period.between(geboortedatum, datum).getYears();
        }
    }

    private Client client(XmlElement c) throws Afkeuring {
        return new Client(bsn.pseudoniem(c.at("Bsn")), datum(c.at("Geboortedatum", "Datum")), c.at("Geslacht"));
    }

    private List<CanoniekEvent> toewijzingen(XmlElement c, Header h) throws Afkeuring {
        Client cl = client(c);
        List<CanoniekEvent> out = new ArrayList<>();
        for (XmlElement p : c.child("ToegewezenProducten").all("ToegewezenProduct")) {
            LocalDate toewijzingsdatum = datum(p.at("Toewijzingsdatum"));
            out.add(new Toewijzing(cl.pseudoniem(), h.gemeente(), h.aanbieder(), p.at("ToewijzingNummer"),
                    p.at("Product", "Categorie"), p.at("Product", "Code"), toewijzingsdatum, tijd(p.at("Toewijzingstijd")),
                    datum(p.at("Ingangsdatum")), datum(p.at("Einddatum")), p.at("RedenWijziging"),
                    getal(p.at("Omvang", "Volume")), p.at("Omvang", "Eenheid"), p.at("Omvang", "Frequentie"),
                    getal(p.at("Budget")), p.at("ReferentieAanbieder"), cl.leeftijdOp(toewijzingsdatum), cl.geslacht(), h.dagtekening()));
        }
        return out;
    }

    private List<CanoniekEvent> starts(XmlElement c, Header h) throws Afkeuring {
        Client cl = client(c);
        List<CanoniekEvent> out = new ArrayList<>();
        for (XmlElement p : c.child("StartProducten").all("StartProduct")) {
            LocalDate begin = datum(p.at("Begindatum"));
            out.add(new Start(cl.pseudoniem(), h.gemeente(), h.aanbieder(), p.at("ToewijzingNummer"),
                    p.at("Product", "Categorie"), p.at("Product", "Code"), begin, p.at("StatusAanlevering"),
                    cl.leeftijdOp(begin), cl.geslacht(), h.dagtekening()));
        }
        return out;
    }

    private List<CanoniekEvent> stops(XmlElement c, Header h) throws Afkeuring {
        Client cl = client(c);
        List<CanoniekEvent> out = new ArrayList<>();
        for (XmlElement p : c.child("StopProducten").all("StopProduct")) {
            LocalDate eind = datum(p.at("Einddatum"));
            out.add(new Stop(cl.pseudoniem(), h.gemeente(), h.aanbieder(), p.at("ToewijzingNummer"),
                    p.at("Product", "Categorie"), p.at("Product", "Code"), datum(p.at("Begindatum")), eind,
                    p.at("RedenBeeindiging"), p.at("StatusAanlevering"), cl.leeftijdOp(eind), cl.geslacht(), h.dagtekening()));
        }
        return out;
    }

    private List<CanoniekEvent> verzoeken(XmlElement c, Header h) throws Afkeuring {
        Client cl = client(c);
        List<CanoniekEvent> out = new ArrayList<>();
        for (XmlElement p : c.child("AangevraagdeProducten").all("AangevraagdProduct")) {
            out.add(new Verzoek(cl.pseudoniem(), h.gemeente(), h.aanbieder(), p.at("ReferentieAanbieder"),
                    p.at("Product", "Categorie"), p.at("Product", "Code"), p.at("Verwijzer", "Type"),
                    h.dagtekening(), cl.leeftijdOp(h.dagtekening()), cl.geslacht()));
        }
        return out;
    }

    /** A JW319 names no client: {@code IngestTopology} links it to the client of the JW315 it answers. */
    private static VerzoekAntwoord antwoord(XmlElement a, Header h) {
        return new VerzoekAntwoord(null, h.gemeente(), h.aanbieder(), a.at("ReferentieAanbieder"), a.at("VerzoekAntwoord"),
                a.at("RedenAfwijzingVerzoek"), h.dagtekening());
    }

    private List<CanoniekEvent> declaratieRegels(XmlElement d, Header h) throws Afkeuring {
        String nummer = d.at("DeclaratieNummer");
        LocalDate dagtekening = datum(d.at("DeclaratieDagtekening"));
        List<CanoniekEvent> out = new ArrayList<>();
        for (XmlElement c : d.child("Clienten").all("Client")) {
            String client = bsn.pseudoniem(c.at("Bsn"));
            for (XmlElement p : c.child("Prestaties").all("Prestatie")) {
                out.add(new DeclaratieRegel(client, h.gemeente(), h.aanbieder(), nummer,
                        p.at("ProductReferentie", "ReferentieNummer"), p.at("ProductReferentie", "VorigReferentieNummer"),
                        p.at("ToewijzingNummer"), p.at("ProductCategorie"), p.at("ProductCode"),
                        datum(p.at("ProductPeriode", "Begindatum")), datum(p.at("ProductPeriode", "Einddatum")),
                        getal(p.at("GeleverdVolume")), p.at("Eenheid"), getal(p.at("ProductTarief")),
                        getal(p.at("IngediendBedrag", "Bedrag")), p.at("IngediendBedrag", "DebetCredit"), dagtekening));
            }
        }
        return out;
    }

    private List<CanoniekEvent> afwijzingen(XmlElement d, Header h) throws Afkeuring {
        List<CanoniekEvent> out = new ArrayList<>();
        if (d == null) {
            return out; // a JW325 without DeclaratieAntwoord rejects by header code and names no lines
        }
        String nummer = d.at("DeclaratieNummer");
        XmlElement clienten = d.child("Clienten");
        if (clienten == null) {
            return out;
        }
        for (XmlElement c : clienten.all("Client")) {
            String client = bsn.pseudoniem(c.at("Bsn"));
            XmlElement prestaties = c.child("Prestaties");
            if (prestaties == null) {
                continue;
            }
            for (XmlElement p : prestaties.all("Prestatie")) {
                XmlElement codes = p.child("RetourCodes");
                List<String> retour = codes == null ? List.of() : codes.all("RetourCode").stream().map(XmlElement::text).toList();
                out.add(new Afwijzing(client, h.gemeente(), h.aanbieder(), nummer,
                        p.at("ProductReferentie", "ReferentieNummer"), retour, h.dagtekening()));
            }
        }
        return out;
    }

    private static LocalDate datum(String s) throws Afkeuring {
        try {
            LocalDate d = s == null ? null : LocalDate.parse(s);
            if (d != null && (d.getYear() < 1 || d.getYear() > 9999)) {
                throw new Afkeuring(AfkeurCode.INVALID_DATE, "'" + s + "': the year is not between 0001 and 9999");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new Afkeuring(AfkeurCode.INVALID_DATE, "'" + s + "' is not an existing date");
        }
    }

    private static LocalTime tijd(String s) throws Afkeuring {
        try {
            return s == null ? null : LocalTime.parse(s);
        } catch (DateTimeParseException e) {
            throw new Afkeuring(AfkeurCode.INVALID_DATE, "'" + s + "' is not a time of day");
        }
    }

    private static Long getal(String s) throws Afkeuring {
        try {
            return s == null ? null : Long.valueOf(s);
        } catch (NumberFormatException e) {
            throw new Afkeuring(AfkeurCode.INVALID_AMOUNT, "'" + s + "' is not a whole number");
        }
    }
}
