package nl.jeugdmonitor.streefwaarde;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.SortedMap;

/**
 * One target of SPEC §7, as configured in {@code streefwaarden.yaml}: which measure, which way is better, and the
 * expected value over time. Exactly one of {@code basisjaar}+{@code punten}, {@code vorigJaar} or {@code drempel}.
 */
public record Streefwaarde(String id, String naam, String meting, String selectie, Map<String, String> params,
                           boolean hogerIsBeter, Waarde waarde, boolean alleenGemeenten, boolean perAanbieder, Integer basisjaar,
                           SortedMap<Integer, BigDecimal> punten, boolean vorigJaar, BigDecimal drempel,
                           BigDecimal tolerantie, String omschrijving) {

    /** Which value of the measure is compared. */
    public enum Waarde {
        /** the 12 months up to and including the peildatum's month */
        R12,
        /** the count at the peildatum */
        PEILDATUM,
        /** the peildatum's year */
        JAAR
    }

    /**
     * The factor on the basisjaar's value expected at {@code dag}: 1 up to 1 January after the basisjaar, each point's
     * factor on 31 December of its year, linear by day in between, the last point's factor after it.
     */
    public double factor(LocalDate dag) {
        LocalDate vorigeDag = LocalDate.of(basisjaar + 1, 1, 1);
        double vorigeFactor = 1.0;
        if (!dag.isAfter(vorigeDag)) {
            return vorigeFactor;
        }
        for (Map.Entry<Integer, BigDecimal> punt : punten.entrySet()) {
            LocalDate puntDag = LocalDate.of(punt.getKey(), 12, 31);
            double puntFactor = punt.getValue().doubleValue();
            if (!dag.isAfter(puntDag)) {
                double deel = (double) (dag.toEpochDay() - vorigeDag.toEpochDay()) / (puntDag.toEpochDay() - vorigeDag.toEpochDay());
                return vorigeFactor + deel * (puntFactor - vorigeFactor);
            }
            vorigeDag = puntDag;
            vorigeFactor = puntFactor;
        }
        return vorigeFactor;
    }

    /** The pair key of this target for a scope ("regio", a CBS code, or "regio@" an AGB code): also the key of its alerts. */
    public String sleutel(String scope) {
        return id + "|" + scope;
    }

    /**
     * Whether a kijker may see this streefwaarde's value, expected value and status for {@code scope} at {@code p}: the
     * value compared and the baseline year it is expected from are both values the kijker sees (SPEC §8). A status is
     * withheld with them: a status alone can tell whether a small count is 0.
     */
    public boolean zichtbaar(String scope, java.time.LocalDate p, nl.jeugdmonitor.indicator.Onderdrukking.Kijker kijker) {
        if (p == null) {
            return false;
        }
        String[] gp = vergeleken(p);
        boolean zichtbaar = kijker.ziet(meting, selectie, scope, gp[0], gp[1], params);
        if (!zichtbaar || drempel != null) {
            return zichtbaar;
        }
        int jaar = basisjaar(p);
        return jaar >= p.getYear() || kijker.ziet(meting, selectie, scope, nl.jeugdmonitor.indicator.Periode.JAAR, String.valueOf(jaar), params);
    }

    /** The granularity and period of the value compared at peildatum {@code p}. */
    String[] vergeleken(java.time.LocalDate p) {
        String maand = nl.jeugdmonitor.indicator.Periode.maand(java.time.YearMonth.from(p));
        return switch (waarde) {
            case R12 -> new String[] {nl.jeugdmonitor.indicator.Periode.R12, maand};
            case PEILDATUM -> new String[] {nl.jeugdmonitor.indicator.Periode.MAAND, maand};
            case JAAR -> new String[] {nl.jeugdmonitor.indicator.Periode.JAAR, String.valueOf(p.getYear())};
        };
    }

    /** The year whose value the expected value starts from at {@code p} (no drempel). */
    int basisjaar(java.time.LocalDate p) {
        return vorigJaar ? p.getYear() - 1 : basisjaar;
    }
}
