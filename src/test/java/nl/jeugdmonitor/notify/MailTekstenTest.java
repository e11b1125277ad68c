package nl.jeugdmonitor.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import nl.jeugdmonitor.config.AppConfig;
import nl.jeugdmonitor.streefwaarde.Alert;
import nl.jeugdmonitor.streefwaarde.Status;
import org.junit.jupiter.api.Test;

/** A subscription's mails show what the token that made it sees (issue 17): an analist's the values, a kijker's none. */
class MailTekstenTest {

    private static final Alert ALERT = new Alert("wachttijd-begeleiding|0153#1", "wachttijd-begeleiding", "0153", Status.OP_KOERS,
            Status.AFWIJKING, new BigDecimal("0.8333"), new BigDecimal("0.90"), LocalDate.parse("2025-06-30"),
            "Wachttijd begeleiding Enschede: 83,3% binnen 14 dagen gestart, streefwaarde 90% (afwijking)", 0L, 12L);

    private static Abonnement abonnement(String rol) {
        return new Abonnement("a1", "x@gemeente.nl", List.of(), List.of("0153"), Status.RISICO, Abonnement.Frequentie.direct, true, 0L,
                rol, List.of("0153"));
    }

    private static String alles(Mailer.Mail m) {
        return m.onderwerp() + "\n" + m.tekst() + "\n" + m.html();
    }

    @Test
    void aKijkersMailNamesTheStreefwaardeAndTheStatusButNoValue() {
        MailTeksten teksten = new MailTeksten(AppConfig.defaults().mail(), new AbonnementTokens(new byte[32]));
        String analist = alles(teksten.alerts(abonnement("analist"), List.of(ALERT)));
        assertTrue(analist.contains("0.8333") && analist.contains("83,3%") && analist.contains("huidige waarde"), analist);

        for (String rol : new String[] {"kijker", "beheerder", null}) { // null: made before the role was recorded
            String mail = alles(teksten.alerts(abonnement(rol), List.of(ALERT)));
            assertTrue(mail.contains("wachttijd-begeleiding (0153): " + Status.AFWIJKING.tekst()), mail);
            assertFalse(mail.contains("0.8333") || mail.contains("0.90") || mail.contains("%") || mail.contains("huidige waarde"), rol + ": " + mail);
        }
        assertEquals(true, abonnement("kijker").onderdrukt());
        assertEquals(false, abonnement("analist").onderdrukt());
    }
}
