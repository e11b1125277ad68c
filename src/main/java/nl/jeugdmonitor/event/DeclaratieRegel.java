package nl.jeugdmonitor.event;

import java.time.LocalDate;

/** One Prestatie of a JW323; bedragCent is the unsigned amount, debetCredit says its sign. */
public record DeclaratieRegel(String client, String gemeente, String aanbieder, String declaratieNummer,
                              String referentieNummer, @Optioneel String vorigReferentieNummer,
                              String toewijzingNummer, String productCategorie, String productCode,
                              LocalDate periodeBegin, LocalDate periodeEind, Long geleverdVolume, String eenheid,
                              @Optioneel Long tariefCent, Long bedragCent, String debetCredit, LocalDate dagtekening)
        implements CanoniekEvent {

    @Override
    public LocalDate eventDatum() {
        return periodeBegin;
    }
}
