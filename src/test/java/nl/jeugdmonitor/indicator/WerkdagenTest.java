package nl.jeugdmonitor.indicator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Algemene termijnenwet's holidays of several years, written out by hand from the calendar. */
class WerkdagenTest {

    private static LocalDate d(String s) {
        return LocalDate.parse(s);
    }

    @Test
    void theHolidaysOfSeveralYearsAreThoseOfTheHandMadeList() {
        Map<Integer, Set<String>> lijst = Map.of(
                // Easter 31 March; Koningsdag on a Saturday; 5 mei on a Sunday
                2024, Set.of("2024-01-01", "2024-04-01", "2024-04-27", "2024-05-05", "2024-05-09", "2024-05-20", "2024-12-25", "2024-12-26"),
                // Easter 20 April; 27 April is a Sunday, so Koningsdag is Saturday the 26th
                2025, Set.of("2025-01-01", "2025-04-21", "2025-04-26", "2025-05-05", "2025-05-29", "2025-06-09", "2025-12-25", "2025-12-26"),
                // Easter 5 April; Koningsdag on a Monday
                2026, Set.of("2026-01-01", "2026-04-06", "2026-04-27", "2026-05-05", "2026-05-14", "2026-05-25", "2026-12-25", "2026-12-26"),
                // Easter 28 March: Hemelvaart (6 May) the day after 5 mei
                2027, Set.of("2027-01-01", "2027-03-29", "2027-04-27", "2027-05-05", "2027-05-06", "2027-05-17", "2027-12-25", "2027-12-26"),
                // Easter 21 April
                2019, Set.of("2019-01-01", "2019-04-22", "2019-04-27", "2019-05-05", "2019-05-30", "2019-06-10", "2019-12-25", "2019-12-26"),
                // Koninginnedag, 30 April
                2013, Set.of("2013-01-01", "2013-04-01", "2013-04-30", "2013-05-05", "2013-05-09", "2013-05-20", "2013-12-25", "2013-12-26"),
                // Easter 16 April; 30 April a Sunday, so Koninginnedag on the 29th
                2006, Set.of("2006-01-01", "2006-04-17", "2006-04-29", "2006-05-05", "2006-05-25", "2006-06-05", "2006-12-25", "2006-12-26"),
                // Easter 25 April, the latest possible after 1943
                2038, Set.of("2038-01-01", "2038-04-26", "2038-04-27", "2038-05-05", "2038-06-03", "2038-06-14", "2038-12-25", "2038-12-26"));
        lijst.forEach((jaar, dagen) -> assertEquals(dagen.stream().map(LocalDate::parse).collect(java.util.stream.Collectors.toSet()),
                Werkdagen.feestdagen(jaar), "holidays of " + jaar));
    }

    @Test
    void fiveWorkingDaysStepOverAWeekendKoningsdagAnd5Mei() {
        // Thursday 23 April 2026: Fri 24 (1), weekend, Koningsdag Mon 27, Tue 28 (2), Wed 29 (3), Thu 30 (4), Fri 1 May (5)
        assertEquals(d("2026-05-01"), Werkdagen.na(d("2026-04-23"), 5));
        assertEquals(5, Werkdagen.tussen(d("2026-04-23"), d("2026-05-01")));
        // Mon 4 May is the 6th; Tue 5 May (Bevrijdingsdag) does not count
        assertEquals(6, Werkdagen.tussen(d("2026-04-23"), d("2026-05-05")));
        assertEquals(d("2026-05-06"), Werkdagen.na(d("2026-04-23"), 7));
        assertFalse(Werkdagen.isWerkdag(d("2026-04-27")));
        assertTrue(Werkdagen.isWerkdag(d("2026-04-03")), "Goede Vrijdag is a working day for the Algemene termijnenwet");
        assertEquals(0, Werkdagen.tussen(d("2026-05-01"), d("2026-05-01")));
        assertEquals(0, Werkdagen.tussen(d("2026-05-01"), d("2026-04-01")));
        // Christmas and New Year: Thu 24 Dec 2026 → Mon 28 (1), Tue 29 (2), Wed 30 (3), Thu 31 (4), Fri 1 Jan is a holiday, Mon 4 Jan (5)
        assertEquals(d("2027-01-04"), Werkdagen.na(d("2026-12-24"), 5));
    }
}
