package nl.jeugdmonitor.notify;

import java.util.List;
import nl.jeugdmonitor.streefwaarde.Alert;
import nl.jeugdmonitor.streefwaarde.Status;

/**
 * An e-mail subscription (SPEC §7), the value of the compacted {@code jeugdhulp.abonnementen} topic under its id.
 * Empty {@code streefwaarden} or {@code scopes} mean all; a scope is a CBS code or "regio". Nothing is mailed about
 * alerts until {@code bevestigd}. {@code rol} and {@code bereik} are the role and municipalities of the token that made
 * it: its mails show what that token sees (SPEC §8); a subscription without them (made before they were recorded) is
 * treated as a kijker's.
 */
public record Abonnement(String id, String email, List<String> streefwaarden, List<String> scopes, Status minimumStatus,
                         Frequentie frequentie, boolean bevestigd, long aangemaakt, String rol, List<String> bereik) {

    /** Whether its mails follow a kijker's suppression: all but an analist's (as Toegang.Gebruiker#onderdrukt). */
    public boolean onderdrukt() {
        return !"analist".equals(rol);
    }

    public enum Frequentie { direct, dagelijks }

    /** Whether this subscriber is told about {@code a}: a new status at least the minimum, or the resolution of one. */
    public boolean past(Alert a) {
        return bevestigd
                && (streefwaarden.isEmpty() || streefwaarden.contains(a.streefwaarde()))
                && (scopes.isEmpty() || scopes.contains(a.scope()))
                && (a.nieuw().compareTo(minimumStatus) >= 0 || (a.opgelost() && a.vorige().compareTo(minimumStatus) >= 0));
    }

    public Abonnement bevestig() {
        return new Abonnement(id, email, streefwaarden, scopes, minimumStatus, frequentie, true, aangemaakt, rol, bereik);
    }
}
