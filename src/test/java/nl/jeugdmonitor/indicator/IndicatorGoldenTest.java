package nl.jeugdmonitor.indicator;

import static nl.jeugdmonitor.indicator.IndicatorHarnas.A1;
import static nl.jeugdmonitor.indicator.IndicatorHarnas.A2;
import static nl.jeugdmonitor.indicator.IndicatorHarnas.ENSCHEDE;
import static nl.jeugdmonitor.indicator.IndicatorHarnas.HENGELO;
import static nl.jeugdmonitor.indicator.IndicatorHarnas.afwijzing;
import static nl.jeugdmonitor.indicator.IndicatorHarnas.credit;
import static nl.jeugdmonitor.indicator.IndicatorHarnas.intrekking;
import static nl.jeugdmonitor.indicator.IndicatorHarnas.metReferentie;
import static nl.jeugdmonitor.indicator.IndicatorHarnas.regel;
import static nl.jeugdmonitor.indicator.IndicatorHarnas.start;
import static nl.jeugdmonitor.indicator.IndicatorHarnas.stop;
import static nl.jeugdmonitor.indicator.IndicatorHarnas.toewijzing;
import static nl.jeugdmonitor.indicator.IndicatorHarnas.verwijderd;
import static nl.jeugdmonitor.indicator.IndicatorHarnas.verzoek;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import nl.jeugdmonitor.event.DeclaratieRegel;
import nl.jeugdmonitor.event.Start;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every indicator family of SPEC §6 on a small hand-written history; the expected values are worked out in the
 * comments from the events, not taken from the code.
 */
class IndicatorGoldenTest {

    private IndicatorHarnas h;

    @BeforeEach
    void open() {
        h = new IndicatorHarnas();
    }

    @AfterEach
    void close() {
        h.close();
    }

    /** Moves the peildatum: an unrelated client's request dated {@code dag}, which counts in no measure by itself. */
    private void peildatum(String dag) {
        h.stuur(verzoek("peil-" + dag, HENGELO, A2, "P" + dag, "02", dag));
    }

    @Test
    void distinctYouthsAreCountedOncePerPeriodAndNeverSummedAcrossMonths() {
        Start c1Begeleiding = start("c1", ENSCHEDE, A1, "1", "45", "45G01", "2025-03-20");
        Start c1Behandeling = start("c1", ENSCHEDE, A1, "2", "45", "45B01", "2025-03-25");
        Start c2Begeleiding = start("c2", HENGELO, A2, "3", "45", "45G01", "2025-06-01");
        h.stuur(c1Begeleiding, stop(c1Begeleiding, "2025-04-10", "31"), c1Behandeling,
                c2Begeleiding, stop(c2Begeleiding, "2025-06-30", "31"));
        peildatum("2025-08-15");

        // c1 has two trajectories in March: one youth
        assertEquals(1L, h.v("jeugdigen", "alle", "regio", "maand", "2025-03"));
        assertEquals(1L, h.v("jeugdigen", "alle", "regio", "maand", "2025-05"), "c1's behandeling is open, active up to the peildatum");
        assertEquals(2L, h.v("jeugdigen", "alle", "regio", "maand", "2025-06"));
        assertEquals(1L, h.v("jeugdigen", "alle", "regio", "kwartaal", "2025-Q1"));
        assertEquals(2L, h.v("jeugdigen", "alle", "regio", "kwartaal", "2025-Q2"));
        assertEquals(1L, h.v("jeugdigen", "alle", "regio", "kwartaal", "2025-Q3"));
        // the sum of the months (1+1+1+2+1+1 = 7) is not the year: 2 youths
        assertEquals(2L, h.v("jeugdigen", "alle", "regio", "jaar", "2025"));
        assertEquals(2L, h.v("jeugdigen", "alle", "regio", "r12", "2025-08"));
        assertEquals(0L, h.v("jeugdigen", "alle", "regio", "maand", "2025-09"), "nothing after the peildatum");
        assertEquals(1L, h.v("jeugdigen", "zorgvorm=begeleiding", "regio", "maand", "2025-04"));
        assertEquals(0L, h.v("jeugdigen", "zorgvorm=begeleiding", "regio", "maand", "2025-05"));
        assertEquals(2L, h.v("jeugdigen", "groep=ambulant", "regio", "maand", "2025-06"));
        assertEquals(1L, h.v("jeugdigen", "alle", ENSCHEDE, "jaar", "2025"));
        assertEquals(1L, h.v("jeugdigen", "alle", HENGELO, "jaar", "2025"));

        assertEquals(2L, h.v("starts", "alle", "regio", "maand", "2025-03"));
        assertEquals(3L, h.v("starts", "alle", "regio", "jaar", "2025"), "starts are trajectories, not youths");
        assertEquals(3L, h.v("starts", "alle", "regio", "r12", "2025-08"));
        // begeleiding ended: c1 2025-03-20..04-10 = 22 days, c2 06-01..06-30 = 30 days
        Metingen.Waarde duur = h.waarde("trajectduur_dagen", "zorgvorm=begeleiding", "regio", "jaar", "2025");
        assertEquals("26.00", duur.mean().toString());
        assertEquals("26.0", duur.median().toString());
        assertEquals("30", duur.p90().toString(), "nearest rank ⌈0.9·2⌉ = 2nd");
        assertEquals(2L, duur.n());
        assertTrue(duur.voorlopig());
    }

    @Test
    void aDeclarationThatMovesThePeildatumIntoANewMonthCountsTheOpenTrajectoryThere() {
        h.stuur(start("c1", ENSCHEDE, A1, "1", "45", "45G01", "2025-01-10"));
        assertEquals(0L, h.v("jeugdigen", "alle", "regio", "maand", "2025-02"));
        // c1's own February line is the first event of February: the open trajectory is active in it from that day
        h.stuur(regel("c1", ENSCHEDE, A1, "r1", "1", "45", "45G01", "2025-02-01", 4, "04", 40_000));
        assertEquals(1L, h.v("jeugdigen", "alle", "regio", "maand", "2025-02"));
        assertEquals(1L, h.v("jeugdigen", "alle", "regio", "kwartaal", "2025-Q1"));
    }

    @Test
    void temporaryStopIsAPauseNotAnEnd() {
        Start s = start("c1", ENSCHEDE, A1, "1", "45", "45G01", "2025-01-01");
        h.stuur(s, stop(s, "2025-02-15", "20"), stop(s, "2025-04-30", "31"));
        peildatum("2025-06-01");
        assertEquals(1L, h.v("jeugdigen", "alle", "regio", "maand", "2025-03"), "still in care after the pause");
        // 31 + 28 + 31 + 30 = 120 days
        assertEquals("120.00", h.waarde("trajectduur_dagen", "alle", "regio", "jaar", "2025").mean().toString());
    }

    @Test
    void waitsCountFromTheFirstVersionAndIgnoreDeletedToewijzingenAndRetractedStarts() {
        h.stuur(toewijzing("c1", ENSCHEDE, A1, "1", "45", "45G01", "2025-01-10", "2025-01-10", null),
                start("c1", ENSCHEDE, A1, "1", "45", "45G01", "2025-01-20"));                          // wait 10, within 14
        h.stuur(toewijzing("c2", ENSCHEDE, A1, "2", "45", "45G01", "2025-01-08", "2025-01-08", "2025-12-31"),
                start("c2", ENSCHEDE, A1, "2", "45", "45G01", "2025-01-25"),
                toewijzing("c2", ENSCHEDE, A1, "2", "45", "45G01", "2025-01-05", "2025-01-05", null));   // first version arrives last: wait 20
        h.stuur(toewijzing("c3", ENSCHEDE, A1, "3", "45", "45G01", "2025-01-02", "2025-01-02", null),
                verwijderd("c3", ENSCHEDE, A1, "3", "45", "45G01", "2025-01-09", "2025-01-02"),
                start("c3", ENSCHEDE, A1, "3", "45", "45G01", "2025-01-15"));                          // deleted toewijzing: no wait
        Start fout = start("c4", ENSCHEDE, A1, "4", "45", "45G01", "2025-01-06");
        h.stuur(toewijzing("c4", ENSCHEDE, A1, "4", "45", "45G01", "2025-01-03", "2025-01-03", null), fout,
                start("c4", ENSCHEDE, A1, "4", "45", "45G01", "2025-01-31"), intrekking(fout));        // wait 28, not 3
        peildatum("2025-02-10");

        Metingen.Waarde w = h.waarde("wachttijd_dagen", "zorgvorm=begeleiding", "regio", "maand", "2025-01");
        assertEquals(3L, w.n(), "waits 10, 20, 28");
        assertEquals("20", w.median().toString());
        assertEquals("28", w.p90().toString());
        assertEquals("19.33", w.mean().toString());
        assertEquals("0.3333", h.v("binnen_norm", "zorgvorm=begeleiding", "regio", "maand", "2025-01"), "only c1's 10 days ≤ 14");
        assertEquals(4L, h.v("starts", "alle", "regio", "maand", "2025-01"), "the retracted start is not a trajectory");
        assertNull(h.v("wachttijd_dagen", "zorgvorm=behandeling", "regio", "maand", "2025-01"), "no starts: no median");
    }

    @Test
    void theWaitingListBeforeAndAfterAStart() {
        h.stuur(toewijzing("c5", ENSCHEDE, A1, "5", "45", "45B01", "2025-01-15", "2025-01-15", null),  // behandeling, norm 98
                toewijzing("c6", ENSCHEDE, A1, "6", "45", "45G01", "2025-01-02", "2025-01-02", null),  // begeleiding, norm 14
                toewijzing("c7", ENSCHEDE, A1, "7", "45", "45G01", "2025-01-10", "2025-01-10", null));
        h.stuur(start("c7", ENSCHEDE, A1, "7", "45", "45G01", "2025-01-12"));
        peildatum("2025-02-10");
        // live, at the peildatum 2025-02-10: c5 and c6 wait; c6 for 39 days > 14
        assertEquals(2L, h.v("wachtend", "alle", "regio", "maand", "2025-02"));
        assertEquals(1L, h.v("wachtend_boven_norm", "alle", "regio", "maand", "2025-02"));
        // on 2025-01-31 (a completed month): c5 (16 days, norm 98) and c6 (29 days > 14)
        assertEquals(2L, h.v("wachtend", "alle", "regio", "maand", "2025-01"));
        assertEquals(1L, h.v("wachtend_boven_norm", "alle", "regio", "maand", "2025-01"));
        assertEquals(1L, h.v("wachtend", "zorgvorm=behandeling", ENSCHEDE, "maand", "2025-01"));

        h.stuur(start("c5", ENSCHEDE, A1, "5", "45", "45B01", "2025-02-20"));
        peildatum("2025-03-10");
        assertEquals(2L, h.v("wachtend", "alle", "regio", "maand", "2025-01"), "January does not change");
        assertEquals(1L, h.v("wachtend", "alle", "regio", "maand", "2025-02"), "on 2025-02-28 c5 has started");
        assertEquals(1L, h.v("wachtend", "alle", "regio", "maand", "2025-03"), "live: only c6");
        assertEquals(1L, h.v("wachtend", "alle", "regio", "kwartaal", "2025-Q1"), "the current quarter is live too");
        assertEquals(1L, h.v("wachtend_boven_norm", "zorgvorm=begeleiding", "regio", "maand", "2025-03"));
        assertNull(h.v("wachtend", "alle", "regio", "maand", "2025-04"), "after the peildatum nothing is measured");
    }

    @Test
    void aboveTheNormIsNullWhereNoZorgvormOfTheSelectionHasANorm() {
        // c8 waits for wonen (44W, no norm) since 2025-01-02; c6 for begeleiding (norm 14)
        h.stuur(toewijzing("c8", ENSCHEDE, A1, "8", "44", "44W01", "2025-01-02", "2025-01-02", null),
                toewijzing("c6", ENSCHEDE, A1, "6", "45", "45G01", "2025-01-02", "2025-01-02", null));
        peildatum("2025-02-10");
        assertEquals(1L, h.v("wachtend", "groep=wonen", "regio", "maand", "2025-02"), "c8 waits");
        assertNull(h.v("wachtend_boven_norm", "groep=wonen", "regio", "maand", "2025-02"), "wonen has no norm: null, not 0");
        assertNull(h.v("wachtend_boven_norm", "zorgvorm=crisis", "regio", "maand", "2025-02"), "nothing waits, no norm: null");
        assertNull(h.v("binnen_norm", "groep=wonen", "regio", "maand", "2025-02"), "as binnen_norm");
        assertEquals(1L, h.v("wachtend_boven_norm", "groep=ambulant", "regio", "maand", "2025-02"), "c6: 39 days > 14");
        assertEquals(0L, h.v("wachtend_boven_norm", "zorgvorm=screening", "regio", "maand", "2025-02"), "a norm, nobody above it: 0");
        assertEquals(1L, h.v("wachtend_boven_norm", "alle", "regio", "maand", "2025-02"));
    }

    @Test
    void costsAreNetOfCreditsAndRejectionsAndALateLineChangesAClosedMonth() {
        DeclaratieRegel r1 = regel("c1", ENSCHEDE, A1, "R1", "1", "43", "43V01", "2025-01-01", 31, "14", 620_000);
        DeclaratieRegel r2 = regel("c1", ENSCHEDE, A1, "R2", "1", "43", "43V01", "2025-02-01", 28, "14", 560_000);
        DeclaratieRegel r4 = regel("c1", ENSCHEDE, A1, "R4", "1", "43", "43V01", "2025-02-01", 20, "14", 400_000);
        DeclaratieRegel r5 = regel("c2", ENSCHEDE, A1, "R5", "2", "43", "43V01", "2025-01-01", 10, "14", 200_000);
        DeclaratieRegel r6 = regel("c3", HENGELO, A2, "R6", "3", "45", "45G01", "2025-01-01", 10, "04", 110_000);
        h.stuur(afwijzing(r5), r1, r2, credit(r2, "R3"), r4, r5, r6); // the rejection arrives before its line
        peildatum("2025-06-15");

        assertEquals("6200.00", h.v("kosten", "groep=verblijf", "regio", "maand", "2025-01"), "R5 rejected: 0");
        assertEquals("4000.00", h.v("kosten", "groep=verblijf", "regio", "maand", "2025-02"), "5600 − 5600 + 4000");
        assertEquals("10200.00", h.v("kosten", "groep=verblijf", "regio", "kwartaal", "2025-Q1"));
        assertEquals(31L, h.v("etmalen", "groep=verblijf", "regio", "maand", "2025-01"));
        assertEquals(20L, h.v("etmalen", "groep=verblijf", "regio", "maand", "2025-02"));
        assertEquals(1L, h.v("jeugdigen_gedeclareerd", "groep=verblijf", "regio", "maand", "2025-01"), "c2's only line was rejected");
        assertEquals(2L, h.v("jeugdigen_gedeclareerd", "alle", "regio", "maand", "2025-01"));
        assertEquals("10200.00", h.v("kosten_per_jeugdige", "groep=verblijf", "regio", "jaar", "2025"));
        assertEquals(2L, h.v("aanbieders_aantal", "alle", "regio", "maand", "2025-01"), "A1 (c1) and A2 (c3)");
        // 6200 + 4000 (verblijf) + 1100 (begeleiding)
        assertEquals("11300.00", h.v("budget_realisatie", "totaal", "regio", "jaar", "2025"));
        // lines on 2 distinct toewijzingen (Enschede/1, Hengelo/3; c2's only line was rejected): 11300 / 2
        assertEquals("5650.00", h.v("trajectprijs", "totaal", "regio", "jaar", "2025"));
        assertFalse(h.waarde("kosten", "groep=verblijf", "regio", "maand", "2025-01").voorlopig(), "closed 3 months after its end");
        assertTrue(h.waarde("kosten", "groep=verblijf", "regio", "maand", "2025-05").voorlopig());

        // a late line for January changes the closed month
        h.stuur(regel("c1", ENSCHEDE, A1, "R7", "1", "43", "43V01", "2025-01-01", 5, "14", 100_000));
        assertEquals("7200.00", h.v("kosten", "groep=verblijf", "regio", "maand", "2025-01"));
        assertEquals(36L, h.v("etmalen", "groep=verblijf", "regio", "maand", "2025-01"));
        assertEquals("11200.00", h.v("kosten", "groep=verblijf", "regio", "r12", "2025-06"));
        // and one 18 months late, for 2023-12
        h.stuur(regel("c1", ENSCHEDE, A1, "R8", "1", "43", "43V01", "2023-12-01", 2, "14", 50_000));
        assertEquals("500.00", h.v("kosten", "groep=verblijf", "regio", "maand", "2023-12"));
        assertEquals("500.00", h.v("kosten", "groep=verblijf", ENSCHEDE, "jaar", "2023"));
    }

    @Test
    void budgetPrognosisExtrapolatesTheLastThreeCompleteMonths() {
        h.begroting(ENSCHEDE, 2025, 1_000_000).begroting(HENGELO, 2025, 500_000);
        h.stuur(regel("c1", ENSCHEDE, A1, "R1", "1", "45", "45G01", "2025-01-01", 10, "04", 200_000),
                regel("c1", ENSCHEDE, A1, "R2", "1", "45", "45G01", "2025-02-01", 10, "04", 300_000),
                regel("c2", ENSCHEDE, A1, "R3", "2", "48", "48J01", "2025-03-01", 1, "82", 100_000),   // justitieel counts in the budget
                regel("c1", ENSCHEDE, A1, "R4", "1", "45", "45G01", "2025-04-01", 10, "04", 400_000));
        peildatum("2025-04-15");
        assertEquals("10000.00", h.v("budget_realisatie", "totaal", ENSCHEDE, "jaar", "2025"));
        assertEquals("10000.00", h.v("budget_begroting", "totaal", ENSCHEDE, "jaar", "2025"));
        // realisatie 1,000,000 + mean(Jan, Feb, Mar) 200,000 × 8 months after April = 2,600,000 cent
        assertEquals("26000.00", h.v("budget_prognose", "totaal", ENSCHEDE, "jaar", "2025"));
        assertEquals("160.00", h.v("budget_overschrijding_pct", "totaal", ENSCHEDE, "jaar", "2025"));
        assertEquals("15000.00", h.v("budget_begroting", "totaal", "regio", "jaar", "2025"), "the sum of the municipalities");
        assertEquals("73.33", h.v("budget_overschrijding_pct", "totaal", "regio", "jaar", "2025"), "(26000 − 15000) / 15000");
        assertNull(h.v("budget_begroting", "totaal", ENSCHEDE, "jaar", "2026"));
        peildatum("2026-01-10");
        assertEquals("10000.00", h.v("budget_prognose", "totaal", ENSCHEDE, "jaar", "2025"), "a past year: the realisatie");
        assertNull(h.v("budget_prognose", "totaal", ENSCHEDE, "jaar", "2026"), "no prognosis in January");
    }

    @Test
    void topFiveShareCountsYouthProviderPairsWithTiesByCode() {
        // youths per aanbieder in 2025: 41000010:3, 11:3, 12:2, 13:2, 14:1, 15:1, 16:1 = 13 pairs
        int[] jeugdigen = {3, 3, 2, 2, 1, 1, 1};
        int client = 0;
        for (int a = 0; a < jeugdigen.length; a++) {
            for (int j = 0; j < jeugdigen[a]; j++) {
                client++;
                h.stuur(regel("t" + client, ENSCHEDE, "410000" + (10 + a), "R" + client, String.valueOf(client), "45", "45G01",
                        "2025-03-01", 5, "04", 50_000));
            }
        }
        h.stuur(regel("t1", ENSCHEDE, "41000010", "R99", "1", "45", "45G01", "2025-04-01", 5, "04", 50_000)); // same pair again
        peildatum("2025-05-01");
        // top 5: 3 + 3 + 2 + 2 + 1 (41000014 wins the tie on its code) = 11 of 13
        assertEquals("0.8462", h.v("aanbieders_top5_aandeel", "alle", "regio", "jaar", "2025"));
        assertEquals(7L, h.v("aanbieders_aantal", "alle", "regio", "jaar", "2025"));
    }

    @Test
    void doorplaatsingIsAVerblijfStartWithin14DaysElsewhere() {
        Start c1a = start("c1", ENSCHEDE, A1, "1", "43", "43V01", "2025-01-01");
        Start c1b = start("c1", ENSCHEDE, A2, "2", "43", "43V02", "2025-04-10");   // 10 days after, elsewhere
        Start c2 = start("c2", ENSCHEDE, A1, "3", "43", "43V01", "2025-02-01");
        Start c3a = start("c3", HENGELO, A1, "4", "43", "43V01", "2025-01-01");
        Start c3b = start("c3", HENGELO, A1, "5", "43", "43V01", "2025-03-05");    // same aanbieder and product
        h.stuur(c1a, stop(c1a, "2025-03-31", "38"), c1b, c2, c3a, stop(c3a, "2025-02-28", "31"), c3b);
        peildatum("2025-05-01");
        assertEquals("1.0000", h.v("doorplaatsing_vrij", "alle", ENSCHEDE, "maand", "2025-03"));
        assertEquals("0.5000", h.v("doorplaatsing_vrij", "alle", ENSCHEDE, "maand", "2025-04"), "c1 and c2 in verblijf, c1 transferred");
        assertEquals("0.5000", h.v("doorplaatsing_vrij", "alle", ENSCHEDE, "jaar", "2025"));
        assertEquals("1.0000", h.v("doorplaatsing_vrij", "alle", HENGELO, "maand", "2025-03"), "same provider and product: no transfer");
        assertEquals("0.6667", h.v("doorplaatsing_vrij", "alle", "regio", "jaar", "2025"), "3 youths, 1 transferred");
    }

    @Test
    void uitstroomIsDecided30DaysAfterTheEnd() {
        Start c4 = start("c4", ENSCHEDE, A1, "1", "43", "43V01", "2025-01-01");
        Start c5 = start("c5", ENSCHEDE, A1, "2", "43", "43V01", "2025-01-01");
        Start c6 = start("c6", ENSCHEDE, A1, "3", "43", "43V01", "2025-01-01");
        h.stuur(c4, stop(c4, "2025-05-31", "31"),
                c5, stop(c5, "2025-05-15", "31"),
                c6, stop(c6, "2025-05-20", "02"));                                   // overlijden: not outflow
        peildatum("2025-06-10");
        assertEquals(0L, h.v("uitstroom_naar_huis", "alle", "regio", "maand", "2025-05"), "not decided before end + 30");
        peildatum("2025-06-14");
        assertEquals(1L, h.v("uitstroom_naar_huis", "alle", "regio", "maand", "2025-05"), "c5: 2025-05-15 + 30 = 06-14");
        assertEquals(0L, h.v("uitstroom_naar_wonen", "alle", "regio", "maand", "2025-05"));
        h.stuur(start("c4", ENSCHEDE, A2, "4", "44", "44W01", "2025-06-20"));
        peildatum("2025-07-01");
        assertEquals(1L, h.v("uitstroom_naar_wonen", "alle", "regio", "maand", "2025-05"), "c4: wonen within 30 days");
        assertEquals(1L, h.v("uitstroom_naar_huis", "alle", "regio", "kwartaal", "2025-Q2"));
    }

    @Test
    void recidiveNeedsAGapOf183DaysWithNothingInBetween() {
        Start c7 = start("c7", ENSCHEDE, A1, "1", "45", "45G01", "2024-01-01");
        Start c8 = start("c8", ENSCHEDE, A1, "2", "45", "45G01", "2024-01-01");
        Start c9 = start("c9", ENSCHEDE, A1, "3", "43", "43V01", "2024-01-01");
        Start c11 = start("c11", ENSCHEDE, A1, "4", "45", "45G01", "2024-01-01");
        h.stuur(c7, stop(c7, "2024-06-30", "31"), start("c7", ENSCHEDE, A1, "5", "45", "45G01", "2024-12-30"),   // 183 days
                c8, stop(c8, "2024-06-30", "31"), start("c8", ENSCHEDE, A1, "6", "45", "45G01", "2024-12-29"),   // 182 days
                c9, stop(c9, "2024-06-30", "31"), start("c9", ENSCHEDE, A1, "7", "45", "45B01", "2025-01-15"),   // from verblijf
                c11, stop(c11, "2024-01-31", "31"), start("c11", ENSCHEDE, A2, "8", "44", "44W01", "2023-12-01"),
                start("c11", ENSCHEDE, A1, "9", "45", "45G01", "2024-09-01"));     // wonen active in between
        peildatum("2025-02-01");
        assertEquals(1L, h.v("recidive", "alle", "regio", "maand", "2024-12"), "c7 after 183 days; c8 after 182 is not");
        assertEquals(1L, h.waarde("recidive", "alle", "regio", "maand", "2024-12", Map.of("herkomst", "ambulant")).value());
        assertEquals(0L, h.waarde("recidive", "alle", "regio", "maand", "2024-12", Map.of("herkomst", "verblijf")).value());
        assertEquals(1L, h.waarde("recidive", "alle", "regio", "maand", "2025-01", Map.of("herkomst", "verblijf")).value());
        assertEquals(1L, h.v("recidive", "alle", "regio", "jaar", "2024"), "c11 had wonen in between");
    }

    @Test
    void referrersComeFromTheMatchingRequestOrTheMunicipality() {
        h.stuur(verzoek("c1", ENSCHEDE, A1, "V1", "02", "2025-01-03"),
                metReferentie(toewijzing("c1", ENSCHEDE, A1, "1", "45", "45G01", "2025-01-10", "2025-01-10", null), "V1"),
                toewijzing("c2", ENSCHEDE, A1, "2", "45", "45G01", "2025-01-11", "2025-01-11", null),
                metReferentie(toewijzing("c3", ENSCHEDE, A1, "3", "45", "45G01", "2025-01-12", "2025-01-12", null), "V9"));
        peildatum("2025-02-01");
        assertEquals("0.3333", h.waarde("verwijzers_aandeel", "alle", "regio", "maand", "2025-01", Map.of("verwijzer", "02")).value().toString());
        assertEquals("0.6667", h.waarde("verwijzers_aandeel", "alle", "regio", "maand", "2025-01", Map.of("verwijzer", "01")).value().toString());
    }

    @Test
    void deltasOfOneKeyAreCombinedBeforeTheyAreSentOn() {
        h.uitvoer();
        Start ingetrokken = start("c6", ENSCHEDE, A1, "6", "45", "45G01", "2025-03-09");
        h.stuur(start("c1", ENSCHEDE, A1, "1", "45", "45G01", "2025-03-03"), start("c2", ENSCHEDE, A1, "2", "45", "45G01", "2025-03-04"),
                start("c3", HENGELO, A2, "3", "45", "45G01", "2025-03-05"), start("c4", ENSCHEDE, A1, "4", "45", "45G01", "2025-03-06"),
                start("c5", HENGELO, A2, "5", "45", "45G01", "2025-03-07"), ingetrokken, intrekking(ingetrokken),
                start("c8", HENGELO, A2, "8", "45", "45G01", "2025-04-02"));
        // 5 starts in March (c6's start is retracted): one record for the key, not one per event
        var uit = h.uitvoer();
        var maart = uit.stream().filter(kv -> kv.key.equals("starts|alle|regio|maand|2025-03")).toList();
        assertEquals(1, maart.size(), maart.toString());
        assertEquals(5L, maart.get(0).value.som);
        // a summable basis is kept per month only: the year is the sum of its months when read, 5 + 1
        assertEquals(List.of(), uit.stream().filter(kv -> kv.key.startsWith("starts|") && !kv.key.contains("|maand|")).toList());
        assertEquals(6L, h.v("starts", "alle", "regio", "jaar", "2025"));
        // a second batch: again one record, now 6
        h.stuur(start("c7", HENGELO, A2, "7", "45", "45G01", "2025-03-20"));
        assertEquals(List.of(6L), h.uitvoer().stream().filter(kv -> kv.key.equals("starts|alle|regio|maand|2025-03")).map(kv -> kv.value.som).toList());
        assertEquals(6L, h.v("starts", "alle", "regio", "maand", "2025-03"));
        assertEquals(7L, h.v("starts", "alle", "regio", "jaar", "2025"));
    }

    @Test
    void stapelingCountsOverlappingCareInTwoZorgvormenButNotBackToBackNorAfterAPause() {
        // c1: begeleiding 03-01..04-30 and behandeling from 04-15 (open): both on 04-15..04-30 → stapeling in April
        Start c1Begeleiding = start("c1", ENSCHEDE, A1, "1", "45", "45G01", "2025-03-01");
        Start c1Behandeling = start("c1", ENSCHEDE, A2, "2", "45", "45B01", "2025-04-15");
        // c2: begeleiding ends 05-31, behandeling starts 06-01: back to back, no shared day
        Start c2Begeleiding = start("c2", HENGELO, A1, "3", "45", "45G01", "2025-03-01");
        Start c2Behandeling = start("c2", HENGELO, A2, "4", "45", "45B01", "2025-06-01");
        // c3: begeleiding paused (reden 20) on 05-10; behandeling from 05-20: the pause is not care → no stapeling
        Start c3Begeleiding = start("c3", HENGELO, A1, "5", "45", "45G01", "2025-03-01");
        Start c3Behandeling = start("c3", HENGELO, A2, "6", "45", "45B01", "2025-05-20");
        // c4: two begeleiding trajectories at once: the same zorgvorm, no stapeling
        Start c4a = start("c4", ENSCHEDE, A1, "7", "45", "45G01", "2025-03-01");
        Start c4b = start("c4", ENSCHEDE, A2, "8", "45", "45G01", "2025-03-10");
        h.stuur(c1Begeleiding, stop(c1Begeleiding, "2025-04-30", "31"), c1Behandeling,
                c2Begeleiding, stop(c2Begeleiding, "2025-05-31", "31"), c2Behandeling,
                c3Begeleiding, stop(c3Begeleiding, "2025-05-10", "20"), c3Behandeling, c4a, c4b);
        peildatum("2025-07-15");

        assertEquals(1L, h.v("stapeling", "alle", "regio", "maand", "2025-04"), "c1 only");
        assertEquals(0L, h.v("stapeling", "alle", "regio", "maand", "2025-03"), "c1's behandeling starts in April");
        assertEquals(0L, h.v("stapeling", "alle", "regio", "maand", "2025-05"), "c1's begeleiding ended in April; c3 paused before its behandeling");
        assertEquals(0L, h.v("stapeling", "alle", "regio", "maand", "2025-06"), "c2 is back to back");
        assertEquals(1L, h.v("stapeling", "alle", "regio", "kwartaal", "2025-Q2"));
        assertEquals(1L, h.v("stapeling", "alle", "regio", "jaar", "2025"));
        assertEquals(1L, h.v("stapeling", "alle", ENSCHEDE, "jaar", "2025"));
        assertEquals(0L, h.v("stapeling", "alle", HENGELO, "jaar", "2025"));
        // c1 counts in each selection of its overlapping trajectories: both zorgvormen, their groep
        assertEquals(1L, h.v("stapeling", "zorgvorm=begeleiding", "regio", "maand", "2025-04"));
        assertEquals(1L, h.v("stapeling", "zorgvorm=behandeling", "regio", "maand", "2025-04"));
        assertEquals(1L, h.v("stapeling", "groep=ambulant", "regio", "maand", "2025-04"));
        assertEquals(0L, h.v("stapeling", "groep=verblijf", "regio", "maand", "2025-04"));

        // the pause retracted: c3's begeleiding runs on (open), alongside behandeling from 05-20 → May and June count
        h.stuur(intrekking(stop(c3Begeleiding, "2025-05-10", "20")));
        assertEquals(1L, h.v("stapeling", "alle", "regio", "maand", "2025-05"));
        assertEquals(1L, h.v("stapeling", "alle", HENGELO, "maand", "2025-06"));
        assertEquals(2L, h.v("stapeling", "alle", "regio", "jaar", "2025"), "c1 and c3");
    }
}
