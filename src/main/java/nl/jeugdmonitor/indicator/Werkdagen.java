package nl.jeugdmonitor.indicator;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Working days as the Algemene termijnenwet counts them (SPEC §6.3), for the iJw deadlines of 5 working days
 * (OP271, OP272, OP274): Monday to Friday, except the days its article 3 names — Nieuwjaarsdag, tweede Paasdag,
 * Koningsdag, 5 mei, Hemelvaartsdag, tweede Pinksterdag, eerste en tweede Kerstdag. Goede Vrijdag is not among them;
 * 5 mei is, every year. Koningsdag is 27 April since 2014 (26 April when the 27th is a Sunday); before 2014 it was
 * Koninginnedag, 30 April (29 April when the 30th is a Sunday). Easter by the Gregorian computus (Meeus/Jones/Butcher).
 */
public final class Werkdagen {

    private static final ConcurrentHashMap<Integer, Set<LocalDate>> FEESTDAGEN = new ConcurrentHashMap<>();

    private Werkdagen() {}

    /** Easter Sunday of a Gregorian year. */
    static LocalDate pasen(int jaar) {
        int a = jaar % 19;
        int b = jaar / 100;
        int c = jaar % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int maand = (h + l - 7 * m + 114) / 31;
        int dag = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(jaar, maand, dag);
    }

    /** The holidays of the Algemene termijnenwet in a year (also those on a weekend). */
    static Set<LocalDate> feestdagen(int jaar) {
        return FEESTDAGEN.computeIfAbsent(jaar, j -> {
            LocalDate pasen = pasen(j);
            LocalDate koning = j >= 2014 ? LocalDate.of(j, Month.APRIL, 27) : LocalDate.of(j, Month.APRIL, 30);
            if (koning.getDayOfWeek() == DayOfWeek.SUNDAY) {
                koning = koning.minusDays(1);
            }
            return Set.of(LocalDate.of(j, Month.JANUARY, 1), pasen.plusDays(1), koning, LocalDate.of(j, Month.MAY, 5),
                    pasen.plusDays(39), pasen.plusDays(50), LocalDate.of(j, Month.DECEMBER, 25), LocalDate.of(j, Month.DECEMBER, 26));
        });
    }

    public static boolean isWerkdag(LocalDate dag) {
        DayOfWeek d = dag.getDayOfWeek();
        return d != DayOfWeek.SATURDAY && d != DayOfWeek.SUNDAY && !feestdagen(dag.getYear()).contains(dag);
    }

    /** The working days after {@code van} up to and including {@code tot} (0 when {@code tot} is not after {@code van}). */
    public static int tussen(LocalDate van, LocalDate tot) {
        int n = 0;
        for (LocalDate d = van.plusDays(1); !d.isAfter(tot); d = d.plusDays(1)) {
            if (isWerkdag(d)) {
                n++;
            }
        }
        return n;
    }

    /** The {@code n}th working day after {@code van}: a deadline of n working days ends at the end of this day. */
    public static LocalDate na(LocalDate van, int n) {
        LocalDate d = van;
        for (int i = 0; i < n; ) {
            d = d.plusDays(1);
            if (isWerkdag(d)) {
                i++;
            }
        }
        return d;
    }
}
