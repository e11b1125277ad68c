package nl.jeugdmonitor.streefwaarde;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One status change of a (streefwaarde, scope) on {@code jeugdhulp.alerts} (SPEC §7), keyed {@code streefwaarde|scope}.
 * {@code tijdstip}: when it was raised (epoch ms).
 */
public record Alert(String id, String streefwaarde, String scope, Status vorige, Status nieuw, BigDecimal waarde,
                    BigDecimal verwacht, LocalDate peildatum, String uitleg, long tijdstip) {

    /** A return to OP_KOERS from a worse status. */
    public boolean opgelost() {
        return nieuw == Status.OP_KOERS && vorige.compareTo(Status.OP_KOERS) > 0;
    }
}
