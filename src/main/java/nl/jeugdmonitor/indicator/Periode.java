package nl.jeugdmonitor.indicator;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * Calendar-aligned periods (SPEC §6), written {@code 2024}, {@code 2024-Q1}, {@code 2024-01}; an r12 period
 * is named by its last month. Dates carry no time zone: iJw dates are Europe/Amsterdam calendar days.
 */
public final class Periode {

    public static final String MAAND = "maand";
    public static final String KWARTAAL = "kwartaal";
    public static final String JAAR = "jaar";
    public static final String R12 = "r12";
    public static final List<String> GRANULARITEITEN = List.of(MAAND, KWARTAAL, JAAR, R12);

    private Periode() {}

    public static String maand(YearMonth m) {
        return m.toString();
    }

    public static String kwartaal(YearMonth m) {
        return m.getYear() + "-Q" + ((m.getMonthValue() - 1) / 3 + 1);
    }

    public static String jaar(YearMonth m) {
        return String.valueOf(m.getYear());
    }

    /** First and last day of a period given as granularity and name; r12 spans the 12 months ending with the named one. */
    public static LocalDate[] grenzen(String granulariteit, String periode) {
        switch (granulariteit) {
            case MAAND -> {
                YearMonth m = YearMonth.parse(periode);
                return new LocalDate[] {m.atDay(1), m.atEndOfMonth()};
            }
            case KWARTAAL -> {
                int jaar = Integer.parseInt(periode.substring(0, 4));
                int q = Integer.parseInt(periode.substring(6));
                YearMonth eerste = YearMonth.of(jaar, (q - 1) * 3 + 1);
                return new LocalDate[] {eerste.atDay(1), eerste.plusMonths(2).atEndOfMonth()};
            }
            case JAAR -> {
                int jaar = Integer.parseInt(periode);
                return new LocalDate[] {LocalDate.of(jaar, 1, 1), LocalDate.of(jaar, 12, 31)};
            }
            case R12 -> {
                YearMonth m = YearMonth.parse(periode);
                return new LocalDate[] {m.minusMonths(11).atDay(1), m.atEndOfMonth()};
            }
            default -> throw new IllegalArgumentException("unknown granularity " + granulariteit);
        }
    }

    /** The last month of a period: the month whose end is the period's end. */
    public static YearMonth laatsteMaand(String granulariteit, String periode) {
        return YearMonth.from(grenzen(granulariteit, periode)[1]);
    }

    /** The months of a period, first to last. */
    public static List<YearMonth> maanden(String granulariteit, String periode) {
        LocalDate[] g = grenzen(granulariteit, periode);
        List<YearMonth> out = new ArrayList<>(12);
        for (YearMonth m = YearMonth.from(g[0]); !m.isAfter(YearMonth.from(g[1])); m = m.plusMonths(1)) {
            out.add(m);
        }
        return out;
    }
}
