package nl.jeugdmonitor.indicator;

import static nl.jeugdmonitor.indicator.IndicatorHarnas.A1;
import static nl.jeugdmonitor.indicator.IndicatorHarnas.A2;
import static nl.jeugdmonitor.indicator.IndicatorHarnas.ENSCHEDE;
import static nl.jeugdmonitor.indicator.IndicatorHarnas.HENGELO;
import static nl.jeugdmonitor.indicator.IndicatorHarnas.afwijzing;
import static nl.jeugdmonitor.indicator.IndicatorHarnas.antwoord;
import static nl.jeugdmonitor.indicator.IndicatorHarnas.gedagtekend;
import static nl.jeugdmonitor.indicator.IndicatorHarnas.intrekking;
import static nl.jeugdmonitor.indicator.IndicatorHarnas.metReferentie;
import static nl.jeugdmonitor.indicator.IndicatorHarnas.regel;
import static nl.jeugdmonitor.indicator.IndicatorHarnas.start;
import static nl.jeugdmonitor.indicator.IndicatorHarnas.stop;
import static nl.jeugdmonitor.indicator.IndicatorHarnas.toewijzing;
import static nl.jeugdmonitor.indicator.IndicatorHarnas.verzoek;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import nl.jeugdmonitor.event.DeclaratieRegel;
import nl.jeugdmonitor.event.Start;
import nl.jeugdmonitor.event.Stop;
import nl.jeugdmonitor.event.Toewijzing;
import nl.jeugdmonitor.event.Verzoek;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The process-health measures of SPEC §6.3 on hand-written histories. Working days are counted by hand from a calendar
 * in the comments (Koningsdag 2026 is Monday 27 April; 5 mei is a holiday every year; 1 May is not).
 */
class ProcesGoldenTest {

    private static final String E_A1 = Feiten.metAanbieder(ENSCHEDE, A1);
    private static final String REGIO_A1 = Feiten.metAanbieder(Feiten.REGIO, A1);
    private static final String REGIO_A2 = Feiten.metAanbieder(Feiten.REGIO, A2);

    private IndicatorHarnas h;

    @BeforeEach
    void open() {
        h = new IndicatorHarnas();
    }

    @AfterEach
    void close() {
        h.close();
    }

    /** Moves the peildatum with a care event elsewhere (Hengelo, aanbieder A2): no measure asked below counts it. */
    private void peildatum(String dag) {
        h.stuur(toewijzing("peil-" + dag, HENGELO, A2, "P" + dag, "45", "45G01", dag, dag, null));
    }

    private Metingen.Waarde maand(String meting, String scope, String maand) {
        return h.waarde(meting, Feiten.ALLE, scope, Periode.MAAND, maand);
    }

    @Test
    void aStartMessageOnTheFifthWorkingDayIsOnTimeAndOnTheSixthLateAcrossKoningsdagAndAWeekend() {
        // care begins Thursday 23 April 2026; working days after it: Fri 24 (1), [Sat 25, Sun 26, Koningsdag Mon 27],
        // Tue 28 (2), Wed 29 (3), Thu 30 (4), Fri 1 May (5), [Sat 2, Sun 3], Mon 4 May (6)
        Toewijzing t1 = gedagtekend(toewijzing("c1", ENSCHEDE, A1, "T1", "45", "45G01", "2026-04-01", "2026-04-01", null), "2026-04-01");
        Toewijzing t2 = gedagtekend(toewijzing("c2", ENSCHEDE, A1, "T2", "45", "45G01", "2026-04-01", "2026-04-01", null), "2026-04-01");
        Start opTijd = gedagtekend(start("c1", ENSCHEDE, A1, "T1", "45", "45G01", "2026-04-23"), "2026-05-01");
        Start laat = gedagtekend(start("c2", ENSCHEDE, A1, "T2", "45", "45G01", "2026-04-23"), "2026-05-04");
        h.stuur(t1, t2, opTijd, laat);

        for (String scope : new String[] {E_A1, ENSCHEDE, REGIO_A1, Feiten.REGIO}) {
            Metingen.Waarde w = maand("startbericht_tijdig", scope, "2026-04");
            assertEquals("0.5000", w.value().toString(), scope);
            assertEquals(2L, w.n(), scope);
            assertEquals("1", w.median().toString(), "one working day past the deadline");
            assertEquals("1", w.p90().toString());
        }
        assertNull(maand("startbericht_tijdig", REGIO_A2, "2026-04").value(), "another aanbieder judged no start");
        assertEquals(0L, maand("startbericht_tijdig", Feiten.metAanbieder(HENGELO, A1), "2026-04").n());
    }

    @Test
    void aRetroactiveToewijzingIsMeasuredFromItsFirstJw301() {
        // care began Monday 2 March; the JW301 (first version) is dated Monday 16 March, a later version 1 April; the
        // JW305 of Friday 20 March is the 4th working day after the JW301 (17, 18, 19, 20) though the 14th after the start
        Toewijzing eerste = gedagtekend(toewijzing("c1", ENSCHEDE, A1, "T1", "45", "45G01", "2026-03-16", "2026-03-02", null), "2026-03-16");
        Toewijzing tweede = gedagtekend(toewijzing("c1", ENSCHEDE, A1, "T1", "45", "45G01", "2026-04-01", "2026-03-02", "2026-12-31"), "2026-04-01");
        Start s = gedagtekend(start("c1", ENSCHEDE, A1, "T1", "45", "45G01", "2026-03-02"), "2026-03-20");
        h.stuur(tweede, s);
        // before the first version arrives the later one is the first JW301 known: 1 April, so the start is on time too
        assertEquals("1.0000", maand("startbericht_tijdig", E_A1, "2026-03").value().toString());
        h.stuur(eerste);
        assertEquals("1.0000", maand("startbericht_tijdig", E_A1, "2026-03").value().toString());

        // without a toewijzing the deadline runs from the start: 14 working days, 9 late
        Start zonder = gedagtekend(start("c2", ENSCHEDE, A1, "T9", "45", "45G01", "2026-03-02"), "2026-03-20");
        h.stuur(zonder);
        Metingen.Waarde w = maand("startbericht_tijdig", E_A1, "2026-03");
        assertEquals("0.5000", w.value().toString());
        assertEquals("9", w.median().toString());
    }

    /**
     * A start, and its stop: ends Wednesday 10 June; reported Friday 12 June (2nd working day), retracted 20 June, sent
     * again Wednesday 24 June: the 10th working day (11, 12, 15, 16, 17, 18, 19, 22, 23, 24), 5 past the deadline.
     */
    private static nl.jeugdmonitor.event.CanoniekEvent[] stopOpnieuw() {
        Start s = gedagtekend(start("c1", ENSCHEDE, A1, "T1", "45", "45G01", "2026-01-05"), "2026-01-06");
        Stop eerst = gedagtekend(stop(s, "2026-06-10", "31"), "2026-06-12");
        return new nl.jeugdmonitor.event.CanoniekEvent[] {s, eerst, gedagtekend(intrekking(eerst), "2026-06-20"),
                gedagtekend(stop(s, "2026-06-10", "31"), "2026-06-24")};
    }

    @Test
    void aStopRetractedAndSentAgainCountsOnceFromTheMessageSentAgain() {
        nl.jeugdmonitor.event.CanoniekEvent[] e = stopOpnieuw();
        h.stuur(e[0], e[1]);
        assertEquals("1.0000", maand("stopbericht_tijdig", E_A1, "2026-06").value().toString());
        h.stuur(e[2]);
        peildatum("2026-07-15");
        assertEquals(0L, maand("stopbericht_tijdig", E_A1, "2026-06").n(), "retracted: no stop");
        assertEquals(1L, h.v("jeugdigen", "alle", ENSCHEDE, Periode.MAAND, "2026-07"), "the trajectory is open again");
        h.stuur(e[3]);
        Metingen.Waarde w = maand("stopbericht_tijdig", E_A1, "2026-06");
        assertEquals("0.0000", w.value().toString());
        assertEquals(1L, w.n());
        assertEquals("5", w.median().toString());
        assertEquals(0L, h.v("jeugdigen", "alle", ENSCHEDE, Periode.MAAND, "2026-07"), "ended again");
    }

    @Test
    void aStopSentAgainInAnyOrderGivesTheSameAnswer() {
        nl.jeugdmonitor.event.CanoniekEvent[] e = stopOpnieuw();
        h.stuur(e[3], e[2], e[0], e[1]);
        Metingen.Waarde w = maand("stopbericht_tijdig", E_A1, "2026-06");
        assertEquals("0.0000", w.value().toString());
        assertEquals("5", w.median().toString());
    }

    @Test
    void aDefinitiveStopAfterAPauseIsNotJudged() {
        // OP272: after a pause the JW307 is due 5 working days after the end became known; no message dates that
        Start s = gedagtekend(start("c1", ENSCHEDE, A1, "T1", "45", "45G01", "2026-01-05"), "2026-01-06");
        Stop pauze = gedagtekend(stop(s, "2026-03-02", "20"), "2026-03-03");
        Stop eind = gedagtekend(stop(s, "2026-03-31", "31"), "2026-05-20");
        h.stuur(s, eind);
        assertEquals("0.0000", maand("stopbericht_tijdig", E_A1, "2026-03").value().toString(), "without the pause: late");
        h.stuur(pauze);
        assertEquals(0L, maand("stopbericht_tijdig", E_A1, "2026-03").n(), "a pause is not a definitive stop, the end after it is not judged");
    }

    @Test
    void aRequestAnsweredByAJw301OnDayFiveIsOnTimeAndByAJw319OnDaySixLate() {
        // requests of Tuesday 1 September; working days after: 2, 3, 4, 7, 8 (5th), 9 (6th)
        Verzoek r1 = verzoek("c1", ENSCHEDE, A1, "R1", "02", "2026-09-01");
        Verzoek r2 = verzoek("c2", ENSCHEDE, A1, "R2", "02", "2026-09-01");
        Toewijzing jw301 = gedagtekend(metReferentie(toewijzing("c1", ENSCHEDE, A1, "T1", "45", "45G01", "2026-09-07", "2026-09-07", null),
                "R1"), "2026-09-08");
        h.stuur(r1, r2, jw301, antwoord(r2, "2026-09-09"));
        Metingen.Waarde w = maand("verzoek_beantwoord_tijdig", ENSCHEDE, "2026-09");
        assertEquals("0.5000", w.value().toString());
        assertEquals(2L, w.n());
        assertEquals(0L, h.v("verzoek_open", "alle", ENSCHEDE, Periode.MAAND, "2026-09"));
    }

    @Test
    void aRequestWithoutAnAnswerIsOpenTheDayAfterItsDeadlineUntilItIsAnswered() {
        // Thursday 1 October; deadline the 5th working day: Thursday 8 October
        Verzoek r = verzoek("c1", ENSCHEDE, A1, "R3", "02", "2026-10-01");
        h.stuur(r);
        peildatum("2026-10-08");
        assertEquals(0L, h.v("verzoek_open", "alle", E_A1, Periode.MAAND, "2026-10"), "still within the deadline");
        assertEquals(0L, maand("verzoek_beantwoord_tijdig", E_A1, "2026-10").n(), "not yet decided");
        peildatum("2026-10-09");
        assertEquals(1L, h.v("verzoek_open", "alle", E_A1, Periode.MAAND, "2026-10"));
        assertEquals(1L, h.v("verzoek_open", "alle", ENSCHEDE, Periode.KWARTAAL, "2026-Q4"), "the quarter so far: at the peildatum");
        assertEquals("0.0000", maand("verzoek_beantwoord_tijdig", E_A1, "2026-10").value().toString());
        h.stuur(antwoord(r, "2026-11-03"));
        peildatum("2026-11-10");
        assertEquals(1L, h.v("verzoek_open", "alle", E_A1, Periode.MAAND, "2026-10"), "open on 31 October");
        assertEquals(0L, h.v("verzoek_open", "alle", E_A1, Periode.MAAND, "2026-11"), "answered on 3 November");
        assertEquals("0.0000", maand("verzoek_beantwoord_tijdig", E_A1, "2026-10").value().toString(), "answered late");
    }

    @Test
    void declarationLinesAreCheckedAgainstTheirToewijzingAndStart() {
        // T1 valid 1–20 January and started; T2 never started; T3 unknown
        h.stuur(toewijzing("c1", ENSCHEDE, A1, "T1", "45", "45G01", "2026-01-01", "2026-01-01", "2026-01-20"),
                start("c1", ENSCHEDE, A1, "T1", "45", "45G01", "2026-01-02"),
                toewijzing("c1", ENSCHEDE, A1, "T2", "45", "45G01", "2026-01-01", "2026-01-01", null));
        DeclaratieRegel binnen = regel("c1", ENSCHEDE, A1, "L1", "T1", "45", "45G01", "2026-01-05", 1, "04", 1000); // 5–31 Jan: partly after the 20th
        DeclaratieRegel geenStart = regel("c1", ENSCHEDE, A1, "L2", "T2", "45", "45G01", "2026-01-01", 1, "04", 1000);
        DeclaratieRegel onbekend = regel("c1", ENSCHEDE, A1, "L3", "T3", "45", "45G01", "2026-01-01", 1, "04", 1000);
        DeclaratieRegel afgewezen = regel("c1", ENSCHEDE, A1, "L4", "T3", "45", "45G01", "2026-01-01", 1, "04", 1000);
        h.stuur(binnen, geenStart, onbekend, afgewezen, afwijzing(afgewezen));
        assertEquals(1L, h.v("declaratie_buiten_toewijzing", "alle", E_A1, Periode.MAAND, "2026-01"));
        assertEquals(1L, h.v("declaratie_zonder_start", "alle", E_A1, Periode.MAAND, "2026-01"));
        assertEquals(1L, h.v("declaratie_zonder_toewijzing", "alle", E_A1, Periode.MAAND, "2026-01"), "the rejected line does not count");
        Metingen.Waarde w = maand("declaratie_afgewezen_aandeel", ENSCHEDE, "2026-01");
        assertEquals("0.2500", w.value().toString());
        assertEquals(4L, w.n());
        // the start arrives: the line of T2 is no longer without one
        h.stuur(start("c1", ENSCHEDE, A1, "T2", "45", "45G01", "2026-01-03"));
        assertEquals(0L, h.v("declaratie_zonder_start", "alle", E_A1, Periode.JAAR, "2026"));
    }

    @Test
    void theAanbiederScopeOfAnotherGemeenteIsSeparate() {
        Start s = gedagtekend(start("c1", HENGELO, A1, "T1", "45", "45G01", "2026-02-02"), "2026-02-03");
        h.stuur(s);
        assertEquals(1L, maand("startbericht_tijdig", Feiten.metAanbieder(HENGELO, A1), "2026-02").n());
        assertEquals(0L, maand("startbericht_tijdig", E_A1, "2026-02").n());
        assertEquals(1L, maand("startbericht_tijdig", REGIO_A1, "2026-02").n());
    }
}
