package nl.jeugdmonitor.notify;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.Properties;
import nl.jeugdmonitor.config.AppConfig;

/** Sends one mail over SMTP (Jakarta Mail with Eclipse Angus); host, port, TLS and login from {@link AppConfig.Mail}. */
public class Mailer {

    /** A mail: a plain-text and an HTML part; {@code messageId} is stable per (subscriber, mail) so receivers can drop repeats. */
    public record Mail(String aan, String onderwerp, String tekst, String html, String messageId, String afmeldLink) {}

    private final Session session;
    private final String afzender;

    public Mailer(AppConfig.Mail config, String wachtwoord) {
        Properties p = new Properties();
        p.put("mail.smtp.host", config.host());
        p.put("mail.smtp.port", String.valueOf(config.port()));
        p.put("mail.smtp.connectiontimeout", "3000");
        p.put("mail.smtp.timeout", "5000");
        p.put("mail.smtp.writetimeout", "5000");
        switch (config.beveiliging()) {
            case "starttls" -> p.put("mail.smtp.starttls.enable", "true");
            case "ssl" -> p.put("mail.smtp.ssl.enable", "true");
            case "geen" -> { }
            default -> throw new IllegalArgumentException("mail.beveiliging must be geen, starttls or ssl, not " + config.beveiliging());
        }
        Authenticator login = null;
        if (config.gebruiker() != null && !config.gebruiker().isBlank()) {
            p.put("mail.smtp.auth", "true");
            login = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(config.gebruiker(), wachtwoord == null ? "" : wachtwoord);
                }
            };
        }
        this.session = Session.getInstance(p, login);
        this.afzender = config.afzender();
    }

    public void verstuur(Mail mail) throws MessagingException {
        MimeMessage m = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", mail.messageId());
            }
        };
        m.setFrom(new InternetAddress(afzender, true));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.aan(), true));
        m.setSubject(mail.onderwerp(), "UTF-8");
        if (mail.afmeldLink() != null) {
            m.setHeader("List-Unsubscribe", "<" + mail.afmeldLink() + ">");
            m.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"); // RFC 8058: the link takes a POST
        }
        MimeBodyPart tekst = new MimeBodyPart();
        tekst.setText(mail.tekst(), "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(mail.html(), "UTF-8", "html");
        m.setContent(new MimeMultipart("alternative", tekst, html));
        Transport.send(m);
    }
}
