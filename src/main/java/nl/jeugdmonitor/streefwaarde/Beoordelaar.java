package nl.jeugdmonitor.streefwaarde;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import nl.jeugdmonitor.config.Gemeenten;
import nl.jeugdmonitor.indicator.Feiten;
import nl.jeugdmonitor.indicator.Metingen;
import nl.jeugdmonitor.indicator.Periode;

/** Evaluates one (streefwaarde, scope) at the peildatum (SPEC §7): value, expected value and status. */
public final class Beoordelaar {

    /** Values, shares and baselines resting on fewer youths are ONBEKEND (SPEC §7). */
    static final int MIN_JEUGDIGEN = 10;
    private static final BigDecimal VIJF_PROCENT = new BigDecimal("0.05");
    private static final BigDecimal AANDEEL_TOLERANTIE = new BigDecimal("0.02");

    private final String regio;
    private final Map<String, String> aanbieders;

    public Beoordelaar(String regio) {
        this(regio, Map.of());
    }

    /** @param aanbieders AGB code → name, for the alert texts of an aanbieder's scope */
    public Beoordelaar(String regio, Map<String, String> aanbieders) {
        this.regio = regio;
        this.aanbieders = aanbieders;
    }

    /**
     * The stand of {@code s} for {@code scope} over the aggregates of {@code bron}; {@code vorige} (may be null) is the
     * status so far, for the hysteresis. {@code sinds} and {@code alerts} are left to the caller.
     */
    public Stand beoordeel(Streefwaarde s, String scope, Metingen.Bron bron, Status vorige) {
        LocalDate p = bron.peildatum();
        if (p == null) {
            return stand(s, scope, Status.ONBEKEND, null, null, null, null);
        }
        Metingen m = new Metingen(bron);
        String[] gp = s.vergeleken(p);
        Metingen.Waarde w = m.waarde(s.meting(), s.selectie(), scope, gp[0], gp[1], s.params());
        BigDecimal waarde = getal(w.value());
        BigDecimal verwacht = verwacht(s, scope, m, p);
        boolean teWeinig = s.waarde() != Streefwaarde.Waarde.PEILDATUM && w.n() != null && w.n() < MIN_JEUGDIGEN;
        if (waarde == null || verwacht == null || teWeinig) {
            return stand(s, scope, Status.ONBEKEND, waarde, verwacht, w.n(), p);
        }
        Status status = Status.van(waarde, verwacht, tolerantie(s, verwacht), s.hogerIsBeter(), vorige);
        return stand(s, scope, status, waarde, verwacht, w.n(), p);
    }

    /** The expected value at {@code p}, or null while the baseline is missing or rests on too few youths. */
    static BigDecimal verwacht(Streefwaarde s, String scope, Metingen m, LocalDate p) {
        if (s.drempel() != null) {
            return s.drempel();
        }
        int basisjaar = s.basisjaar(p);
        if (p.getYear() <= basisjaar) {
            return null; // the baseline year is not complete
        }
        Metingen.Waarde basis = m.waarde(s.meting(), s.selectie(), scope, Periode.JAAR, String.valueOf(basisjaar), s.params());
        BigDecimal b = getal(basis.value());
        if (b == null || (basis.n() != null && basis.n() < MIN_JEUGDIGEN)) {
            return null;
        }
        if (s.vorigJaar()) {
            return b;
        }
        return b.multiply(BigDecimal.valueOf(s.factor(p))).setScale(4, RoundingMode.HALF_UP);
    }

    /** The configured tolerance, else 0.02 for shares and 5% of the expected value otherwise. */
    static BigDecimal tolerantie(Streefwaarde s, BigDecimal verwacht) {
        if (s.tolerantie() != null) {
            return s.tolerantie();
        }
        return "aandeel".equals(eenheid(s)) ? AANDEEL_TOLERANTIE : verwacht.abs().multiply(VIJF_PROCENT);
    }

    private static String eenheid(Streefwaarde s) {
        return Metingen.maat(s.meting()).eenheid();
    }

    private static BigDecimal getal(Number n) {
        return n == null ? null : n instanceof BigDecimal b ? b : new BigDecimal(n.toString());
    }

    private static Stand stand(Streefwaarde s, String scope, Status status, BigDecimal waarde, BigDecimal verwacht, Long n, LocalDate p) {
        return new Stand(s.id(), scope, status, waarde, verwacht, n, p, p, 0);
    }

    /** One Dutch line, e.g. "Wachttijd begeleiding Enschede: 81% binnen 14 dagen gestart, streefwaarde 90% (afwijking)". */
    public String uitleg(Streefwaarde s, Stand stand, Status vorige) {
        String waar = waar(stand.scope());
        String eenheid = eenheid(s);
        String hoe = stand.status() == Status.OP_KOERS && vorige.compareTo(Status.OP_KOERS) > 0 ? "weer op koers" : stand.status().tekst();
        if (stand.status() == Status.ONBEKEND) {
            return s.naam() + " " + waar + ": niet te beoordelen (te weinig gegevens of geen basisjaar)";
        }
        return s.naam() + " " + waar + ": " + formatteer(stand.waarde(), eenheid) + " " + s.omschrijving()
                + ", streefwaarde " + formatteer(stand.verwacht(), eenheid) + " (" + hoe + ")";
    }

    /** The scope in words: "regio Twente", "Enschede", "aanbieder Zorg BV (41000001)". */
    public String waar(String scope) {
        int apestaart = scope.indexOf('@');
        if (apestaart >= 0) {
            String agb = scope.substring(apestaart + 1);
            String naam = aanbieders.get(agb);
            return "aanbieder " + (naam == null ? agb : naam + " (" + agb + ")")
                    + (scope.startsWith(Feiten.REGIO + "@") ? "" : " in " + waar(scope.substring(0, apestaart)));
        }
        return Feiten.REGIO.equals(scope) ? "regio " + regio : Gemeenten.bestaat(scope) ? Gemeenten.get(scope).naam() : scope;
    }

    static String formatteer(BigDecimal v, String eenheid) {
        DecimalFormatSymbols nl = DecimalFormatSymbols.getInstance(Locale.forLanguageTag("nl-NL"));
        return switch (eenheid) {
            case "aandeel" -> new DecimalFormat("0.#", nl).format(v.movePointRight(2)) + "%";
            case "procent" -> new DecimalFormat("0.#", nl).format(v) + "%";
            case "euro" -> "€ " + new DecimalFormat("#,##0", nl).format(v);
            case "dagen" -> new DecimalFormat("#,##0", nl).format(v) + " dagen";
            default -> new DecimalFormat("#,##0.#", nl).format(v);
        };
    }
}
