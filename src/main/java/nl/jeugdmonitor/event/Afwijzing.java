package nl.jeugdmonitor.event;

import java.time.LocalDate;
import java.util.List;

/** One rejected declaration line of a JW325. */
public record Afwijzing(String client, String gemeente, String aanbieder, String declaratieNummer,
                        String referentieNummer, List<String> retourCodes,
                        @Optioneel LocalDate dagtekening) implements CanoniekEvent {

    @Override
    public LocalDate eventDatum() {
        return null;
    }
}
