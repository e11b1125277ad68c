package nl.jeugdmonitor.notify;

import nl.jeugdmonitor.streefwaarde.Alert;

/**
 * A mail owed to one subscriber, on {@code jeugdhulp.meldingen} keyed by subscription id: the confirmation request, or
 * one alert. {@code id} is unique per subscriber (the alert id, or "bevestiging"); {@code ontvangen} is epoch ms.
 */
public record Melding(String id, String abonnement, Soort soort, Alert alert, long ontvangen) {

    public enum Soort { BEVESTIGING, ALERT }

    public static Melding bevestiging(String abonnement, long nu) {
        return new Melding("bevestiging", abonnement, Soort.BEVESTIGING, null, nu);
    }

    /** The key of this mail in the queue and the notification log: one delivery per (subscriber, mail). */
    public String sleutel() {
        return abonnement + "|" + id;
    }
}
