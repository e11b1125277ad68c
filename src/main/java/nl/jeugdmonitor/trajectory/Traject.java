package nl.jeugdmonitor.trajectory;

import java.time.LocalDate;

/**
 * A trajectory (SPEC §6): from a start to the definitive stop with the same (aanbieder, toewijzingNummer,
 * begindatum); {@code eind} null while open. {@code wachtDagen} is null when no (undeleted) toewijzing is known.
 */
public record Traject(String gemeente, String aanbieder, String nummer, String zorgvorm, String productCode,
                      LocalDate begin, LocalDate eind, String redenEinde, Integer wachtDagen) {

    /** Duration in days, einddatum − begindatum + 1; only for ended trajectories. */
    public long duurDagen() {
        return eind.toEpochDay() - begin.toEpochDay() + 1;
    }

    /** The last day active: the end, or the peildatum while open. */
    public LocalDate actiefTot(LocalDate peildatum) {
        return eind == null ? peildatum : eind;
    }
}
