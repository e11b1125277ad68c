package nl.jeugdmonitor.indicator;

import java.time.LocalDate;
import java.util.List;

/**
 * The toewijzingen of one client that no start names yet: the live waiting list (SPEC §6 `wachtend` at the
 * peildatum, and /wachtlijst). Whether one waits at a given day also needs its validity on that day.
 */
public record Wachtend(List<Item> items) {

    public record Item(String gemeente, String zorgvorm, String nummer, LocalDate toewijzingsdatum,
                       LocalDate ingangsdatum, LocalDate einddatum) {

        /** Issued, valid and (being on this list) not started on {@code dag}. */
        public boolean wachtOp(LocalDate dag) {
            return !toewijzingsdatum.isAfter(dag) && !ingangsdatum.isAfter(dag) && (einddatum == null || !einddatum.isBefore(dag));
        }
    }
}
