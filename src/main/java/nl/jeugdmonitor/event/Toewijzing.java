package nl.jeugdmonitor.event;

import java.time.LocalDate;
import java.time.LocalTime;

/** One allocated product of a JW301; {@code dagtekening} is the message's (absent in older canonical JSON). */
public record Toewijzing(String client, String gemeente, String aanbieder, String toewijzingNummer,
                         @Optioneel String productCategorie, @Optioneel String productCode,
                         LocalDate toewijzingsdatum, LocalTime toewijzingstijd, LocalDate ingangsdatum,
                         @Optioneel LocalDate einddatum, @Optioneel String redenWijziging,
                         @Optioneel Long volume, @Optioneel String eenheid, @Optioneel String frequentie,
                         @Optioneel Long budgetCent, @Optioneel String referentieAanbieder,
                         @Optioneel Integer leeftijd, @Optioneel String geslacht,
                         @Optioneel LocalDate dagtekening) implements CanoniekEvent {

    /** JZ002 code 13: the toewijzing is deleted and treated as never sent. */
    public static final String REDEN_VERWIJDERD = "13";

    @Override
    public LocalDate eventDatum() {
        return toewijzingsdatum;
    }
}
