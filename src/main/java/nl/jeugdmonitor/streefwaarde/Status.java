package nl.jeugdmonitor.streefwaarde;

import java.math.BigDecimal;

/** How a (streefwaarde, scope) stands (SPEC §7), from unknown to worst. */
public enum Status {
    ONBEKEND, OP_KOERS, RISICO, AFWIJKING;

    /**
     * The status of {@code waarde} against {@code verwacht}. Worse statuses are entered at their boundary (missing by
     * more than 0 for RISICO, by more than the tolerance for AFWIJKING); to leave one for a better status the value must
     * beat that boundary by half the tolerance, so a value hovering at a boundary does not flap.
     */
    public static Status van(BigDecimal waarde, BigDecimal verwacht, BigDecimal tolerantie, boolean hogerIsBeter, Status vorige) {
        BigDecimal mis = hogerIsBeter ? verwacht.subtract(waarde) : waarde.subtract(verwacht);
        Status direct = niveau(mis, tolerantie, BigDecimal.ZERO);
        if (vorige == null || vorige == ONBEKEND || direct.compareTo(vorige) >= 0) {
            return direct;
        }
        Status metMarge = niveau(mis, tolerantie, tolerantie.divide(BigDecimal.valueOf(2)));
        return metMarge.compareTo(vorige) < 0 ? metMarge : vorige;
    }

    private static Status niveau(BigDecimal mis, BigDecimal tolerantie, BigDecimal marge) {
        if (mis.compareTo(marge.negate()) <= 0) {
            return OP_KOERS;
        }
        return mis.compareTo(tolerantie.subtract(marge)) <= 0 ? RISICO : AFWIJKING;
    }

    /** Dutch words for alert texts. */
    public String tekst() {
        return switch (this) {
            case ONBEKEND -> "onbekend";
            case OP_KOERS -> "op koers";
            case RISICO -> "risico";
            case AFWIJKING -> "afwijking";
        };
    }
}
