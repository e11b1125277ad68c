package nl.jeugdmonitor.streefwaarde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.jeugdmonitor.config.Productcatalogus;
import nl.jeugdmonitor.indicator.Bijdrage;
import nl.jeugdmonitor.indicator.Metingen;
import org.junit.jupiter.api.Test;

/** Expected values (SPEC §7) per kind of target, the status rule with its hysteresis, and the file's validation. */
class StreefwaardeTest {

    private static final Productcatalogus CATALOGUS = Productcatalogus.standaard();
    private static final Streefwaarden STANDAARD = Streefwaarden.standaard(CATALOGUS);

    /** Aggregates by key and a peildatum: what one pair of the evaluation topology holds. */
    private static final class Bron implements Metingen.Bron {
        final Map<String, Bijdrage> aggregaten = new HashMap<>();
        final Map<String, Long> begrotingen = new HashMap<>();
        LocalDate peildatum;

        Bron zet(String sleutel, long som) {
            aggregaten.put(sleutel, new Bijdrage(som, null));
            return this;
        }

        @Override
        public Bijdrage aggregaat(String sleutel) {
            return aggregaten.get(sleutel);
        }

        @Override
        public LocalDate peildatum() {
            return peildatum;
        }

        @Override
        public Long begroting(String scope, int jaar) {
            return begrotingen.get(scope + ":" + jaar);
        }
    }

    @Test
    void oneTargetPointIsReachedLinearlyFromTheFirstDayAfterTheBaseline() {
        Streefwaarde s = STANDAARD.get("verblijf-jeugdigen"); // vs 2024: 2027 ≤ 70%
        assertEquals(1.0, s.factor(LocalDate.of(2024, 6, 1)), 1e-9, "before the first point: 100%");
        assertEquals(1.0, s.factor(LocalDate.of(2025, 1, 1)), 1e-9, "100% on 1 January after the basisjaar");
        // 2025-01-01 → 2027-12-31 is 1094 days; 2026-07-02 is day 547 of them: halfway, 85%
        assertEquals(0.85, s.factor(LocalDate.of(2026, 7, 2)), 1e-9);
        assertEquals(0.70, s.factor(LocalDate.of(2027, 12, 31)), 1e-9, "the point's factor on 31 December");
        assertEquals(0.70, s.factor(LocalDate.of(2029, 3, 1)), 1e-9, "after the last point: its factor");
    }

    @Test
    void severalPointsInterpolateBetweenNeighbours() {
        Streefwaarde etmalen = STANDAARD.get("verblijf-etmalen"); // vs 2024: 2025 95%, 2026 90%, 2027 85%
        assertEquals(0.95, etmalen.factor(LocalDate.of(2025, 12, 31)), 1e-9);
        assertEquals(0.95 - 0.05 * 183 / 365, etmalen.factor(LocalDate.of(2026, 7, 2)), 1e-9);
        assertEquals(0.85, etmalen.factor(LocalDate.of(2028, 1, 1)), 1e-9);
        Streefwaarde alternatieven = STANDAARD.get("ambulante-alternatieven"); // vs 2025: 2026 110%, 2027 120%, 2028 140%
        assertEquals(1.0, alternatieven.factor(LocalDate.of(2026, 1, 1)), 1e-9);
        assertEquals(1.10, alternatieven.factor(LocalDate.of(2026, 12, 31)), 1e-9);
        // 2028 is a leap year: 2027-12-31 → 2028-12-31 is 366 days, 2028-07-01 is day 183
        assertEquals(1.30, alternatieven.factor(LocalDate.of(2028, 7, 1)), 1e-9);
    }

    @Test
    void baselineTargetComparesTheR12ValueWithTheBaselineTimesTheFactor() {
        Streefwaarde s = STANDAARD.get("verblijf-jeugdigen");
        Bron bron = new Bron().zet("jeugdigen|groep=verblijf|regio|jaar|2024", 200);
        bron.peildatum = LocalDate.of(2026, 7, 2); // factor 0.85: expected 170, tolerance 5% of it = 8.5
        Beoordelaar b = new Beoordelaar("Twente");
        bron.zet("jeugdigen|groep=verblijf|regio|r12|2026-07", 170);
        Stand op = b.beoordeel(s, "regio", bron, Status.ONBEKEND);
        assertEquals(0, new BigDecimal("170").compareTo(op.verwacht()));
        assertEquals(Status.OP_KOERS, op.status());
        bron.zet("jeugdigen|groep=verblijf|regio|r12|2026-07", 178);
        assertEquals(Status.RISICO, b.beoordeel(s, "regio", bron, Status.ONBEKEND).status(), "8 over: within 8.5");
        bron.zet("jeugdigen|groep=verblijf|regio|r12|2026-07", 179);
        assertEquals(Status.AFWIJKING, b.beoordeel(s, "regio", bron, Status.ONBEKEND).status(), "9 over: beyond 8.5");

        bron.peildatum = LocalDate.of(2024, 12, 31);
        assertEquals(Status.ONBEKEND, b.beoordeel(s, "regio", bron, Status.ONBEKEND).status(), "the basisjaar is not complete");
        bron.peildatum = LocalDate.of(2026, 7, 2);
        bron.zet("jeugdigen|groep=verblijf|regio|jaar|2024", 9);
        assertEquals(Status.ONBEKEND, b.beoordeel(s, "regio", bron, Status.ONBEKEND).status(), "a baseline of 9 youths is too few");
    }

    @Test
    void lowerThanLastYearAndAbsoluteThresholds() {
        Beoordelaar b = new Beoordelaar("Twente");
        Streefwaarde kosten = STANDAARD.get("kosten-per-jeugdige-verblijf");
        Bron bron = new Bron()
                .zet("gedeclareerd|groep=verblijf|0153|jaar|2025", 40).zet("gedeclareerd|groep=verblijf|0153|r12|2026-03", 50)
                // costs are kept per month: 2025 = February 2025 only; the r12 to March 2026 = January 2026 only
                .zet("kosten|groep=verblijf|0153|maand|2025-02", 400_000_000L).zet("kosten|groep=verblijf|0153|maand|2026-01", 480_000_000L);
        bron.peildatum = LocalDate.of(2026, 3, 10);
        Stand st = b.beoordeel(kosten, "0153", bron, null);
        // expected: 2025's €4,000,000 / 40 = €100,000; value €4,800,000 / 50 = €96,000: lower, on course
        assertEquals(0, new BigDecimal("100000").compareTo(st.verwacht()));
        assertEquals(0, new BigDecimal("96000").compareTo(st.waarde()));
        assertEquals(Status.OP_KOERS, st.status());

        Streefwaarde wachttijd = STANDAARD.get("wachttijd-begeleiding");
        Bron norm = new Bron();
        norm.aggregaten.put("norm|zorgvorm=begeleiding|regio|maand|2025-11", new Bijdrage(100, new java.util.TreeMap<>(Map.of("binnen", 81L))));
        norm.peildatum = LocalDate.of(2026, 3, 10);
        Stand w = b.beoordeel(wachttijd, "regio", norm, null);
        assertEquals(0, new BigDecimal("0.90").compareTo(w.verwacht()));
        assertEquals(Status.AFWIJKING, w.status(), "0.81 misses 0.90 by more than 0.02");
        assertEquals("Wachttijd begeleiding regio Twente: 81% binnen 14 dagen gestart, streefwaarde 90% (afwijking)",
                b.uitleg(wachttijd, w, Status.ONBEKEND));

        Streefwaarde wachtlijst = STANDAARD.get("geen-wachtlijst-begeleiding");
        Bron lijst = new Bron();
        lijst.aggregaten.put("wachtend|zorgvorm=begeleiding|0153|maand|2026-03", new Bijdrage(5, new java.util.TreeMap<>(Map.of("boven_norm", 2L))));
        lijst.peildatum = LocalDate.of(2026, 3, 10);
        Stand l = b.beoordeel(wachtlijst, "0153", lijst, null);
        assertEquals(0, new BigDecimal("2").compareTo(l.waarde()), "the live count over the norm, however small");
        assertEquals(Status.AFWIJKING, l.status());
    }

    private static Status van(String waarde, String verwacht, String tol, boolean hoger, Status vorige) {
        return Status.van(new BigDecimal(waarde), new BigDecimal(verwacht), new BigDecimal(tol), hoger, vorige);
    }

    @Test
    void aValueOscillatingAroundABoundaryChangesStatusOnce() {
        Status s = van("0.93", "0.90", "0.02", true, Status.ONBEKEND);
        assertEquals(Status.OP_KOERS, s);
        List<Status> wissels = new ArrayList<>();
        for (String v : new String[] {"0.899", "0.901", "0.899", "0.905", "0.8999", "0.909", "0.899"}) {
            Status n = van(v, "0.90", "0.02", true, s);
            if (n != s) {
                wissels.add(n);
            }
            s = n;
        }
        assertEquals(List.of(Status.RISICO), wissels, "back to OP_KOERS only at 0.91 or better");
        assertEquals(Status.OP_KOERS, van("0.91", "0.90", "0.02", true, Status.RISICO));
        assertEquals(Status.AFWIJKING, van("0.879", "0.90", "0.02", true, Status.RISICO));
        assertEquals(Status.AFWIJKING, van("0.885", "0.90", "0.02", true, Status.AFWIJKING), "needs 0.89 to leave AFWIJKING");
        assertEquals(Status.RISICO, van("0.89", "0.90", "0.02", true, Status.AFWIJKING));
        assertEquals(Status.RISICO, van("105", "100", "5", false, Status.OP_KOERS), "lower is better: 5 over is RISICO");
        assertEquals(Status.AFWIJKING, van("105.1", "100", "5", false, Status.OP_KOERS));
        assertEquals(Status.AFWIJKING, van("1", "0", "0", false, Status.OP_KOERS), "geen wachtlijst: one youth over the norm");
        assertEquals(Status.OP_KOERS, van("0", "0", "0", false, Status.AFWIJKING));
    }

    @Test
    void theShippedFileIsCompleteAndBadFilesAreRefusedWithEveryReason() {
        assertEquals(26, STANDAARD.alle().size(), "SPEC §7: 17 rows, geen-wachtlijst for each of the 5 zorgvormen with a norm, 4 of process health");
        assertEquals(14, STANDAARD.gemeenten().size(), "Twente has 14 municipalities");
        assertEquals(14, STANDAARD.scopes(STANDAARD.get("budget")).size(), "budget: per municipality");
        assertEquals(15, STANDAARD.scopes(STANDAARD.get("doorplaatsingen")).size(), "the region and its municipalities");
        assertEquals(STANDAARD.aanbieders().keySet().stream().map(a -> "regio@" + a).toList(),
                STANDAARD.scopes(STANDAARD.get("startberichten-tijdig")), "each listed aanbieder in the region");
        assertTrue(STANDAARD.aanbieders().size() >= 20);
        assertEquals(15, STANDAARD.scopes(STANDAARD.get("verzoeken-tijdig-beantwoord")).size(), "requests: per gemeente and the region");
        String slecht = """
                regio: Twente
                streefwaarden:
                  - {id: a, naam: A, omschrijving: x, meting: bestaat_niet, richting: lager, drempel: 1}
                  - {id: b, naam: B, omschrijving: x, meting: jeugdigen, richting: lager, basisjaar: 2024, punten: {2023: 0.9}}
                  - {id: c, naam: C, omschrijving: x, meting: jeugdigen, richting: omhoog, drempel: 1}
                  - {id: d, naam: D, omschrijving: x, meting: jeugdigen, selectie: zorgvorm=toveren, richting: lager, drempel: 1}
                  - {id: e, naam: E, omschrijving: x, meting: jeugdigen, richting: lager, drempel: 1, vergelijk: vorig_jaar}
                  - {id: f, naam: F, omschrijving: x, meting: jeugdigen, richting: lager, drempel: 1}
                  - {id: f, naam: F, omschrijving: x, meting: jeugdigen, richting: lager, drempel: 2}
                  - {id: g, naam: G, omschrijving: x, meting: jeugdigen, scopes: aanbieders, richting: lager, drempel: 1}
                  - {id: h, naam: H, omschrijving: x, meting: startbericht_tijdig, scopes: aanbieders, richting: hoger, drempel: 0.95}
                  - {id: i, naam: I, omschrijving: x, meting: startbericht_tijdig, scopes: zorgaanbieders, richting: hoger, drempel: 0.95}
                """;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Streefwaarden.lees(slecht.getBytes(StandardCharsets.UTF_8), "test.yaml", CATALOGUS));
        for (String reden : List.of("a: unknown indicator 'bestaat_niet'", "b: target year 2023 is not after the basisjaar 2024",
                "c: richting must be 'hoger' or 'lager'", "d: unknown selectie 'zorgvorm=toveren'", "e: give exactly one of",
                "f: id appears more than once", "g: indicator jeugdigen has no aanbieder scope",
                "h: scopes aanbieders needs the list 'aanbieders'", "i: scopes may only be")) {
            assertTrue(e.getMessage().contains(reden), () -> "missing '" + reden + "' in:\n" + e.getMessage());
        }
        IllegalArgumentException veld = assertThrows(IllegalArgumentException.class, () -> Streefwaarden.lees(
                "regio: Twente\nstreefwaarden:\n  - {id: a, naam: A, omschrijving: x, meting: jeugdigen, richting: lager, drempel: 1, drempl: 2}\n"
                        .getBytes(StandardCharsets.UTF_8), "typo.yaml", CATALOGUS));
        assertTrue(veld.getMessage().contains("drempl"), veld.getMessage());
        assertNull(STANDAARD.get("bestaat-niet"));
        Beoordelaar woorden = new Beoordelaar("Twente", java.util.Map.of("41000001", "Zorg Oost"));
        assertEquals("aanbieder Zorg Oost (41000001)", woorden.waar("regio@41000001"));
        assertEquals("aanbieder 41000002 in Enschede", woorden.waar("0153@41000002"));
        assertEquals("regio Twente", woorden.waar("regio"));
        IllegalArgumentException agb = assertThrows(IllegalArgumentException.class, () -> Streefwaarden.lees(
                "regio: Twente\naanbieders: [{agb: '123', naam: X}, {agb: '41000001', naam: ''}]\nstreefwaarden:\n  - {id: a, naam: A, omschrijving: x, meting: jeugdigen, richting: lager, drempel: 1}\n"
                        .getBytes(StandardCharsets.UTF_8), "agb.yaml", CATALOGUS));
        assertTrue(agb.getMessage().contains("8 digits: 123") && agb.getMessage().contains("41000001 has no naam"), agb.getMessage());
    }
}
