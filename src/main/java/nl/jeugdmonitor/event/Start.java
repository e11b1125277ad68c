package nl.jeugdmonitor.event;

import java.time.LocalDate;

/** One started product of a JW305; {@code dagtekening} is the message's (absent in older canonical JSON). */
public record Start(String client, String gemeente, String aanbieder, String toewijzingNummer,
                    @Optioneel String productCategorie, @Optioneel String productCode, LocalDate begindatum,
                    String statusAanlevering, @Optioneel Integer leeftijd, @Optioneel String geslacht,
                    @Optioneel LocalDate dagtekening)
        implements CanoniekEvent {

    @Override
    public LocalDate eventDatum() {
        return begindatum;
    }
}
