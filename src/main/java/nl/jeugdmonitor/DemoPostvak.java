package nl.jeugdmonitor;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's mailbox: every mail its in-process SMTP server received, newest first: a page at GET /demo/mail (subject,
 * recipient, time, the text with its links clickable) and JSON at GET /demo/mail.json.
 */
final class DemoPostvak {

    private DemoPostvak() {}

    static List<Map<String, Object>> inhoud(GreenMail smtp) throws MessagingException, java.io.IOException {
        List<Map<String, Object>> uit = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            Map<String, Object> mail = new LinkedHashMap<>();
            mail.put("to", GreenMailUtil.getAddressList(m.getAllRecipients()));
            mail.put("subject", m.getSubject());
            mail.put("sent", m.getSentDate());
            Object inhoud = m.getContent();
            mail.put("text", inhoud instanceof jakarta.mail.Multipart mp ? mp.getBodyPart(0).getContent() : inhoud);
            uit.add(0, mail);
        }
        return uit;
    }

    private static final java.util.regex.Pattern LINK = java.util.regex.Pattern.compile("https?://[^\\s<>\"]+");

    static String pagina(GreenMail smtp) throws MessagingException, java.io.IOException {
        StringBuilder b = new StringBuilder("<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Postvak (demo)</title>"
                + "<style>body{font-family:system-ui,sans-serif;margin:0 1.5rem}article{border-bottom:1px solid #ccc;padding:.5rem 0}"
                + "pre{white-space:pre-wrap;font-family:inherit}.klein{color:#666;font-size:.85rem}</style></head><body>"
                + "<p><a href=\"/\">Start</a></p><h1>Postvak van de demo</h1>");
        List<Map<String, Object>> mails = inhoud(smtp);
        if (mails.isEmpty()) {
            b.append("<p>Nog geen mail. Een abonnement (POST /api/v1/subscriptions) stuurt eerst een bevestiging.</p>");
        }
        for (Map<String, Object> m : mails) {
            String tekst = nl.jeugdmonitor.api.Paginas.esc(String.valueOf(m.get("text")));
            b.append("<article class=\"mail\"><h2>").append(nl.jeugdmonitor.api.Paginas.esc(String.valueOf(m.get("subject"))))
                    .append("</h2><p class=\"klein\">aan ").append(nl.jeugdmonitor.api.Paginas.esc(String.valueOf(m.get("to"))))
                    .append(" · ").append(nl.jeugdmonitor.api.Paginas.esc(String.valueOf(m.get("sent")))).append("</p><pre>")
                    .append(LINK.matcher(tekst).replaceAll(r -> java.util.regex.Matcher.quoteReplacement("<a href=\"" + r.group() + "\">" + r.group() + "</a>")))
                    .append("</pre></article>");
        }
        return b.append("</body></html>").toString();
    }
}
