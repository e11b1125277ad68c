package nl.jeugdmonitor.streefwaarde;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One status change of a (streefwaarde, scope) on {@code jeugdhulp.alerts} (SPEC §7), keyed {@code streefwaarde|scope}.
 * {@code tijdstip}: when it was raised (epoch ms).
 */
public record Alert(String id, String streefwaarde, String scope, Status vorige, Status nieuw, BigDecimal waarde,
                    BigDecimal verwacht, LocalDate peildatum, String uitleg, long tijdstip, Long n) {

    /** The youths the value rests on (null: not known, as in alerts written before it was recorded). */
    public boolean rustOpGenoeg() {
        return n != null && n >= nl.jeugdmonitor.indicator.Onderdrukking.MIN_N;
    }

    /** The alert as a kijker sees it: which streefwaarde, where, from which status to which; no value, no sentence with one. */
    public Alert zonderWaarden(String naam) {
        return new Alert(id, streefwaarde, scope, vorige, nieuw, null, null, peildatum, naam + ": " + nieuw.tekst(), tijdstip, null);
    }

    /** A return to OP_KOERS from a worse status. */
    public boolean opgelost() {
        return nieuw == Status.OP_KOERS && vorige.compareTo(Status.OP_KOERS) > 0;
    }
}
