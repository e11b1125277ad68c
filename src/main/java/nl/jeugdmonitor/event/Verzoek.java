package nl.jeugdmonitor.event;

import java.time.LocalDate;

/** One requested product of a JW315 (verzoek om toewijzing); ontvangstdatum is the message Dagtekening. */
public record Verzoek(String client, String gemeente, String aanbieder, String referentieAanbieder,
                      String productCategorie, @Optioneel String productCode, String verwijzerType,
                      LocalDate ontvangstdatum, @Optioneel Integer leeftijd, @Optioneel String geslacht)
        implements CanoniekEvent {

    @Override
    public LocalDate eventDatum() {
        return ontvangstdatum;
    }
}
