package nl.jeugdmonitor.event;

import java.time.LocalDate;

/**
 * A JW319 (antwoord op een verzoek om toewijzing): the gemeente's answer to the JW315 of {@code aanbieder} with this
 * {@code referentieAanbieder}. The message names no client: ingest links it to the client of the request it answers
 * (an answer that arrives first waits for its request), so on the canonical topic {@code client} is always set.
 */
public record VerzoekAntwoord(@Optioneel String client, String gemeente, String aanbieder, String referentieAanbieder,
                              String verzoekAntwoord, @Optioneel String redenAfwijzing, LocalDate dagtekening)
        implements CanoniekEvent {

    @Override
    public LocalDate eventDatum() {
        return dagtekening;
    }

    /** The same answer for the client of the request it answers. */
    public VerzoekAntwoord voor(String client) {
        return new VerzoekAntwoord(client, gemeente, aanbieder, referentieAanbieder, verzoekAntwoord, redenAfwijzing, dagtekening);
    }
}
