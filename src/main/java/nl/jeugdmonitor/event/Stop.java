package nl.jeugdmonitor.event;

import java.time.LocalDate;

/** One stopped product of a JW307; {@code dagtekening} is the message's (absent in older canonical JSON). */
public record Stop(String client, String gemeente, String aanbieder, String toewijzingNummer,
                   @Optioneel String productCategorie, @Optioneel String productCode, LocalDate begindatum,
                   LocalDate einddatum, String redenBeeindiging, String statusAanlevering,
                   @Optioneel Integer leeftijd, @Optioneel String geslacht,
                   @Optioneel LocalDate dagtekening) implements CanoniekEvent {

    /** JZ588 code 20: a temporary stop (pause), not the end of the trajectory. */
    public static final String REDEN_TIJDELIJK = "20";

    @Override
    public LocalDate eventDatum() {
        return einddatum;
    }
}
