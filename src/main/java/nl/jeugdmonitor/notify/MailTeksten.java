package nl.jeugdmonitor.notify;

import java.util.List;
import nl.jeugdmonitor.config.AppConfig;
import nl.jeugdmonitor.indicator.Feiten;
import nl.jeugdmonitor.streefwaarde.Alert;

/** The Dutch mails: confirmation, one alert, a daily digest; each with plain text, HTML and an unsubscribe link. */
public final class MailTeksten {

    private final AppConfig.Mail config;
    private final AbonnementTokens tokens;

    public MailTeksten(AppConfig.Mail config, AbonnementTokens tokens) {
        this.config = config;
        this.tokens = tokens;
    }

    private String afmeldLink(Abonnement a) {
        return config.basisUrl() + "/api/v1/subscriptions/unsubscribe/" + tokens.token(a.id(), AbonnementTokens.AFMELDEN);
    }

    private static String messageId(String deel) {
        return "<" + deel.replaceAll("[^A-Za-z0-9.-]", "_") + "@jeugdmonitor>";
    }

    public Mailer.Mail bevestiging(Abonnement a) {
        String link = config.basisUrl() + "/api/v1/subscriptions/confirm/" + tokens.token(a.id(), AbonnementTokens.BEVESTIG);
        String tekst = "Iemand heeft dit adres aangemeld voor meldingen van de jeugdhulp-indicatormonitor"
                + " (minimaal " + a.minimumStatus().tekst() + ", " + (a.frequentie() == Abonnement.Frequentie.direct ? "direct" : "dagelijks") + ").\n\n"
                + "Bevestig de aanmelding met deze link:\n" + link + "\n\n"
                + "Was u dit niet? Dan hoeft u niets te doen: zonder bevestiging ontvangt u niets.\n";
        String html = "<p>Iemand heeft dit adres aangemeld voor meldingen van de jeugdhulp-indicatormonitor.</p>"
                + "<p><a href=\"" + esc(link) + "\">Bevestig de aanmelding</a></p>"
                + "<p>Was u dit niet? Dan hoeft u niets te doen: zonder bevestiging ontvangt u niets.</p>";
        return new Mailer.Mail(a.email(), "Bevestig uw aanmelding voor jeugdmonitor-meldingen", tekst, html,
                messageId("bevestiging." + a.id()), afmeldLink(a));
    }

    /** One mail with one or more alerts (a digest when more, or when the subscriber chose dagelijks). */
    public Mailer.Mail alerts(Abonnement a, List<Alert> alerts) {
        boolean digest = a.frequentie() == Abonnement.Frequentie.dagelijks;
        StringBuilder tekst = new StringBuilder(digest ? "Meldingen van de afgelopen dag:\n\n" : "");
        StringBuilder html = new StringBuilder(digest ? "<p>Meldingen van de afgelopen dag:</p>" : "").append("<ul>");
        for (Alert origineel : alerts) {
            // a kijker's subscription: no value, no sentence holding one (SPEC §8)
            Alert al = a.onderdrukt() ? origineel.zonderWaarden(origineel.streefwaarde() + " (" + origineel.scope() + ")") : origineel;
            String link = apiLink(al);
            String waarden = a.onderdrukt() ? "" : "huidige waarde " + al.waarde() + ", verwacht " + al.verwacht() + ", ";
            tekst.append("- ").append(al.uitleg()).append("\n  ").append(waarden).append("peildatum ").append(al.peildatum())
                    .append("\n  ").append(link).append("\n\n");
            html.append("<li><strong>").append(esc(al.uitleg())).append("</strong><br>").append(esc(waarden)).append("peildatum ")
                    .append(al.peildatum()).append("<br><a href=\"").append(esc(link)).append("\">in de API</a></li>");
        }
        String dashboard = config.grafanaUrl() + "/d/jeugdmonitor-streefwaarden";
        String afmelden = afmeldLink(a);
        tekst.append("Dashboard: ").append(dashboard).append("\nAfmelden: ").append(afmelden).append("\n");
        html.append("</ul><p><a href=\"").append(esc(dashboard)).append("\">Dashboard streefwaarden</a> · <a href=\"")
                .append(esc(afmelden)).append("\">afmelden</a></p>");
        String onderwerp = digest ? "Jeugdmonitor: " + alerts.size() + (alerts.size() == 1 ? " melding" : " meldingen") + " van de dag"
                : "Jeugdmonitor: " + (a.onderdrukt() ? alerts.get(0).streefwaarde() + " (" + alerts.get(0).scope() + "): "
                + alerts.get(0).nieuw().tekst() : alerts.get(0).uitleg());
        String id = digest ? "digest." + a.id() + "." + alerts.get(0).id() + "." + alerts.size() : "alert." + a.id() + "." + alerts.get(0).id();
        return new Mailer.Mail(a.email(), onderwerp, tekst.toString(), html.toString(), messageId(id), afmelden);
    }

    private String apiLink(Alert al) {
        return config.basisUrl() + "/api/v1/streefwaarden?streefwaarde=" + al.streefwaarde()
                + (Feiten.REGIO.equals(al.scope()) ? "" : al.scope().contains("@") ? "&aanbieder=" + al.scope().substring(al.scope().indexOf('@') + 1)
                : "&gemeente=" + al.scope());
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
