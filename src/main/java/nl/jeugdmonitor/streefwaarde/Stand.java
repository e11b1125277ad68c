package nl.jeugdmonitor.streefwaarde;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Where a (streefwaarde, scope) stands: the value compared, the expected value, the youths the value rests on (null
 * where the measure has no such count), the status, the peildatum of this evaluation and since when the status holds.
 * {@code alerts} counts the status changes so far: alert ids are {@code streefwaarde|scope#alerts}.
 */
public record Stand(String streefwaarde, String scope, Status status, BigDecimal waarde, BigDecimal verwacht, Long n,
                    LocalDate peildatum, LocalDate sinds, int alerts) {

    /** Same status and figures (the peildatum and the history aside). */
    boolean zelfdeUitkomst(Stand o) {
        return o != null && status == o.status && gelijk(waarde, o.waarde) && gelijk(verwacht, o.verwacht)
                && java.util.Objects.equals(n, o.n);
    }

    private static boolean gelijk(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }
}
