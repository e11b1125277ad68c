package nl.jeugdmonitor;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The demo's mailbox: every mail its in-process SMTP server received, newest first, as JSON for GET /demo/mail. */
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
}
