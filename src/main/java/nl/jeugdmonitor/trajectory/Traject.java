package nl.jeugdmonitor.trajectory;

import java.time.LocalDate;

/**
 * A trajectory (SPEC §6): from a start to the definitive stop with the same (aanbieder, toewijzingNummer,
 * begindatum); {@code eind} null while open. {@code wachtDagen} is null when no (undeleted) toewijzing is known.
 * {@code pauze}: the einddatum of its earliest valid pause (a stop with reden 20), null if none; a pause does not end
 * a trajectory, but the days after it are not active care for {@code stapeling} (SPEC §6.2).
 */
public record Traject(String gemeente, String aanbieder, String nummer, String zorgvorm, String productCode,
                      LocalDate begin, LocalDate eind, String redenEinde, Integer wachtDagen, LocalDate pauze) {

    /** Duration in days, einddatum − begindatum + 1; only for ended trajectories. */
    public long duurDagen() {
        return eind.toEpochDay() - begin.toEpochDay() + 1;
    }

    /** The last day active: the end, or the peildatum while open. */
    public LocalDate actiefTot(LocalDate peildatum) {
        return eind == null ? peildatum : eind;
    }

    /** The last day of care actually given: as {@link #actiefTot}, but no later than the day a pause began. */
    public LocalDate zorgTot(LocalDate peildatum) {
        LocalDate tot = actiefTot(peildatum);
        return pauze != null && pauze.isBefore(tot) ? pauze : tot;
    }
}
