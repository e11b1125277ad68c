package nl.jeugdmonitor.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.jeugdmonitor.Jeugdmonitor;
import nl.jeugdmonitor.KafkaTestSupport;
import nl.jeugdmonitor.TestConfig;
import nl.jeugdmonitor.api.Toegang;
import nl.jeugdmonitor.config.AppConfig;
import nl.jeugdmonitor.event.CanoniekEvent;
import nl.jeugdmonitor.event.Start;
import nl.jeugdmonitor.event.Toewijzing;
import nl.jeugdmonitor.kafka.EmbeddedKafka;
import nl.jeugdmonitor.kafka.JsonSerde;
import nl.jeugdmonitor.streefwaarde.Alert;
import nl.jeugdmonitor.streefwaarde.Status;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streefwaarde drift → alert → mail, on the in-process broker with a real SMTP server (GreenMail): who gets mail and
 * how often, digests, a failing mail server, and a restart between alert and mail.
 */
class AlertEndToEndTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern LINK = Pattern.compile("/api/v1/subscriptions/(confirm|unsubscribe)/[A-Za-z0-9._-]+");
    private static final String ENSCHEDE = "0153";
    private static final String HENGELO = "0164";
    private static EmbeddedKafka kafka;
    private static final Map<Toegang.Rol, String> TOKENS = new EnumMap<>(Toegang.Rol.class);
    private static final Toegang TOEGANG = Toegang.demo(TOKENS);

    /** A clock the test moves forward to the next digest hour. */
    static final class Klok extends Clock {
        volatile Instant nu = Instant.now();

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return nu;
        }
    }

    @BeforeAll
    static void broker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    private static int vrijePoort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static AppConfig config(String sfx, int smtpPoort) {
        AppConfig c = TestConfig.geisoleerd(sfx);
        AppConfig.Mail m = c.mail();
        return new AppConfig(c.applicationId(), c.topics(), c.ingest(), c.indicatoren(), c.streefwaarden(),
                new AppConfig.Mail("localhost", smtpPoort, "geen", null, m.afzender(), "http://localhost", m.grafanaUrl(),
                        m.digestUur(), m.tijdzone(), m.abonnementenPerAdresPerUur(), m.abonnementenPerTokenPerUur()), c.kafka());
    }

    private static GreenMail smtp(int poort) {
        GreenMail g = new GreenMail(new ServerSetup(poort, "localhost", ServerSetup.PROTOCOL_SMTP));
        g.start();
        return g;
    }

    private static HttpResponse<String> http(Jeugdmonitor m, String methode, String pad, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + m.httpPort() + pad));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(methode, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Subscribes, and (when asked) opens the confirmation link from the mail; returns the subscription id. */
    private static String abonneer(Jeugdmonitor m, GreenMail smtp, String body, boolean bevestigen) throws Exception {
        return abonneer(m, smtp, body, bevestigen, Toegang.Rol.analist);
    }

    /** As {@link #abonneer(Jeugdmonitor, GreenMail, String, boolean)}, with the token of {@code rol}. */
    private static String abonneer(Jeugdmonitor m, GreenMail smtp, String body, boolean bevestigen, Toegang.Rol rol) throws Exception {
        HttpResponse<String> r = http(m, "POST", "/api/v1/subscriptions", TOKENS.get(rol), body);
        assertEquals(202, r.statusCode(), r.body());
        String id = JsonSerde.MAPPER.readTree(r.body()).get("id").asText();
        String adres = JsonSerde.MAPPER.readTree(body).get("email").asText();
        KafkaTestSupport.wachtOp("the confirmation mail to " + adres, Duration.ofSeconds(60), () -> !mails(smtp, adres).isEmpty());
        String link = link(tekst(mails(smtp, adres).get(0)), "confirm");
        // opening the link (as a mail scanner does) shows a button and changes nothing: "onbevestigd" gets no alert below
        HttpResponse<String> pagina = http(m, "GET", link, null, null);
        assertEquals(200, pagina.statusCode());
        assertTrue(pagina.body().contains("<form method=\"post\">"), pagina.body());
        if (bevestigen) {
            assertEquals(200, http(m, "POST", link, null, null).statusCode());
            KafkaTestSupport.wachtOp("the confirmation to reach the notifier", Duration.ofSeconds(30), () -> {
                try {
                    JsonNode lijst = JsonSerde.MAPPER.readTree(http(m, "GET", "/api/v1/subscriptions", TOKENS.get(Toegang.Rol.beheerder), null).body());
                    for (JsonNode a : lijst.get("subscriptions")) {
                        if (a.get("id").asText().equals(id)) {
                            return a.get("bevestigd").asBoolean();
                        }
                    }
                    return false;
                } catch (Exception e) {
                    return false;
                }
            });
        }
        return id;
    }

    static List<MimeMessage> mails(GreenMail smtp, String adres) {
        List<MimeMessage> uit = new ArrayList<>();
        try {
            for (MimeMessage m : smtp.getReceivedMessages()) {
                if (m.getAllRecipients()[0].toString().equals(adres)) {
                    uit.add(m);
                }
            }
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
        return uit;
    }

    static String tekst(MimeMessage m) {
        try {
            return (String) ((Multipart) m.getContent()).getBodyPart(0).getContent();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String link(String tekst, String soort) {
        Matcher matcher = LINK.matcher(tekst);
        while (matcher.find()) {
            if (matcher.group(1).equals(soort)) {
                return matcher.group();
            }
        }
        throw new AssertionError("no " + soort + " link in:\n" + tekst);
    }

    /**
     * Begeleiding (norm 14 days) in one municipality: 10 youths start 5 days after their toewijzing, 2 after 36 days.
     * binnen_norm over 12 months ends at 10/12 = 0.83 against 0.90: AFWIJKING. Whatever order the partitions take,
     * the share passes only 1.0, 0.91, 0.9 (on course), or 0.8, 0.82, 0.83 (beyond the 0.02 tolerance): once off
     * course it cannot come back, so the drift is exactly one AFWIJKING alert.
     */
    private static void drift(AppConfig c, String gemeente) {
        List<CanoniekEvent> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            boolean laat = i >= 10;
            String client = String.format("%064d", Long.parseLong(gemeente) * 100 + i); // stands in for a pseudonym
            LocalDate toegewezen = LocalDate.of(2025, 3, 1).plusDays(laat ? 4 : i);
            events.add(new Toewijzing(client, gemeente, "12345678", "T" + i, "45", "45G01", toegewezen, LocalTime.NOON, toegewezen,
                    null, null, 4L, "04", "2", null, null, 12, "1", null));
            events.add(new Start(client, gemeente, "12345678", "T" + i, "45", "45G01", toegewezen.plusDays(laat ? 36 : 5), "1", 12, "1", null));
        }
        events.sort(java.util.Comparator.comparing(CanoniekEvent::eventDatum));
        try (KafkaProducer<String, CanoniekEvent> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), JsonSerde.of(CanoniekEvent.class).serializer())) {
            for (CanoniekEvent e : events) {
                p.send(new ProducerRecord<>(c.topics().canoniek(), e.client(), e));
            }
        }
    }

    private static List<Alert> alerts(AppConfig c) {
        List<Alert> uit = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : KafkaTestSupport.leesAlles(kafka.bootstrapServers(), c.topics().alerts(), false)) {
            uit.add(JsonSerde.of(Alert.class).deserializer().deserialize(null, r.value()));
        }
        return uit;
    }

    private static String abonnement(String email, String streefwaarden, String gemeente, String frequentie) {
        return "{\"email\":\"" + email + "\",\"streefwaarden\":" + streefwaarden + ",\"gemeenten\":[\"" + gemeente
                + "\"],\"minimumStatus\":\"RISICO\",\"frequentie\":\"" + frequentie + "\"}";
    }

    @Test
    void aDriftMailsEachMatchingConfirmedSubscriberOnceAndDigestsOnce(@TempDir Path tmp) throws Exception {
        int poort = vrijePoort();
        GreenMail smtp = smtp(poort);
        Klok klok = new Klok();
        AppConfig c = config("alert", poort);
        try (Jeugdmonitor m = new Jeugdmonitor(new Jeugdmonitor.Instelling(c, kafka.bootstrapServers(), 0, tmp, new byte[32])
                .met(TOEGANG, "localhost").met(klok)).start()) {
            KafkaTestSupport.wachtOp("ready", Duration.ofSeconds(60), m::isReady);
            String wachttijd = "[\"wachttijd-begeleiding\"]";
            abonneer(m, smtp, abonnement("direct@gemeente.nl", wachttijd, ENSCHEDE, "direct"), true);
            abonneer(m, smtp, abonnement("onbevestigd@gemeente.nl", wachttijd, ENSCHEDE, "direct"), false);
            abonneer(m, smtp, abonnement("hengelo@gemeente.nl", "[\"*\"]", HENGELO, "direct"), true);
            abonneer(m, smtp, abonnement("digest@gemeente.nl", "[\"*\"]", ENSCHEDE, "dagelijks"), true);
            String kijkerAbonnement = abonneer(m, smtp, abonnement("kijker@gemeente.nl", wachttijd, ENSCHEDE, "direct"), true, Toegang.Rol.kijker);

            drift(c, ENSCHEDE);
            KafkaTestSupport.wachtOp("the alert mail", Duration.ofSeconds(120), () -> mails(smtp, "direct@gemeente.nl").size() >= 2);
            Thread.sleep(5000); // room for a second mail or alert that must not come

            List<Alert> alerts = alerts(c);
            List<Alert> drift = alerts.stream().filter(a -> a.streefwaarde().equals("wachttijd-begeleiding") && a.scope().equals(ENSCHEDE)
                    && a.nieuw().compareTo(Status.RISICO) >= 0).toList();
            assertEquals(1, drift.size(), "one alert for the drift: " + alerts);
            assertEquals(Status.AFWIJKING, drift.get(0).nieuw());
            // the alert carries the share when the status changed: 8/10, 9/11 or 10/12, depending on the partitions' order
            assertTrue(Set.of("0.8000", "0.8182", "0.8333").contains(drift.get(0).waarde().toPlainString()), drift.get(0).toString());
            JsonNode stand = JsonSerde.MAPPER.readTree(http(m, "GET", "/api/v1/streefwaarden?streefwaarde=wachttijd-begeleiding&gemeente="
                    + ENSCHEDE, TOKENS.get(Toegang.Rol.analist), null).body()).get("streefwaarden").get(0);
            assertEquals("0.8333", stand.get("value").decimalValue().toPlainString(), "now: 10 of 12 within 14 days");
            assertEquals("AFWIJKING", stand.get("status").asText());

            List<MimeMessage> direct = mails(smtp, "direct@gemeente.nl");
            assertEquals(2, direct.size(), "the confirmation request and one alert");
            String mail = tekst(direct.get(1));
            assertEquals("Jeugdmonitor: " + drift.get(0).uitleg(), direct.get(1).getSubject());
            assertTrue(drift.get(0).uitleg().matches("Wachttijd begeleiding Enschede: 8[0-3](,[0-9])?% binnen 14 dagen gestart,"
                    + " streefwaarde 90% \\(afwijking\\)"), drift.get(0).uitleg());
            assertTrue(mail.contains("huidige waarde " + drift.get(0).waarde() + ", verwacht 0.90"), mail);
            assertTrue(((Multipart) direct.get(1).getContent()).getBodyPart(1).getContentType().startsWith("text/html"));

            // a kijker sees no value of an alert, and of a pair it may not see neither the alert nor the status: here each
            // month of begeleiding in Enschede has fewer than 10 youths, so the 12-month share is withheld (issue 17)
            JsonNode kijkerStand = JsonSerde.MAPPER.readTree(http(m, "GET", "/api/v1/streefwaarden?streefwaarde=wachttijd-begeleiding&gemeente="
                    + ENSCHEDE, TOKENS.get(Toegang.Rol.kijker), null).body()).get("streefwaarden").get(0);
            assertTrue(kijkerStand.get("status").isNull() && kijkerStand.get("value").isNull() && kijkerStand.get("onderdrukt").asBoolean(),
                    kijkerStand.toString());
            JsonNode kijkerAlerts = JsonSerde.MAPPER.readTree(http(m, "GET", "/api/v1/alerts?gemeente=" + ENSCHEDE,
                    TOKENS.get(Toegang.Rol.kijker), null).body()).get("alerts");
            for (JsonNode a : kijkerAlerts) {
                assertTrue(a.get("waarde").isNull() && a.get("verwacht").isNull() && !a.get("uitleg").asText().contains("%"), a.toString());
                assertFalse(a.get("streefwaarde").asText().equals("wachttijd-begeleiding"), "an alert of a pair the kijker may not see: " + a);
            }
            // nor is the kijker's subscription mailed it: no melding for it beside those of the direct subscriber's alert
            long kijkerMeldingen = KafkaTestSupport.leesAlles(kafka.bootstrapServers(), c.topics().meldingen(), false).stream()
                    .map(r -> {
                        try {
                            return JsonSerde.MAPPER.readValue(r.value(), Melding.class);
                        } catch (java.io.IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .filter(md -> md.soort() == Melding.Soort.ALERT && md.abonnement().equals(kijkerAbonnement)).count();
            assertEquals(0, kijkerMeldingen, "an alert of a pair a kijker may not see is not mailed to a kijker's subscription");
            assertEquals(1, mails(smtp, "kijker@gemeente.nl").size(), "the kijker: the confirmation request only");
            assertEquals(1, mails(smtp, "onbevestigd@gemeente.nl").size(), "unconfirmed: the confirmation request only");
            assertEquals(1, mails(smtp, "hengelo@gemeente.nl").size(), "another municipality: nothing after confirming");
            assertEquals(1, mails(smtp, "digest@gemeente.nl").size(), "a digest waits for the digest hour");

            klok.nu = klok.nu.plus(Duration.ofDays(1));
            KafkaTestSupport.wachtOp("the digest", Duration.ofSeconds(30), () -> mails(smtp, "digest@gemeente.nl").size() >= 2);
            Thread.sleep(3000);
            List<MimeMessage> digest = mails(smtp, "digest@gemeente.nl");
            assertEquals(2, digest.size(), "one digest");
            String inhoud = tekst(digest.get(1));
            Set<String> verwacht = new TreeSet<>();
            for (Alert a : alerts) {
                if (a.scope().equals(ENSCHEDE) && (a.nieuw().compareTo(Status.RISICO) >= 0 || a.opgelost())) {
                    verwacht.add(a.uitleg());
                }
            }
            assertTrue(verwacht.size() >= 1);
            for (String u : verwacht) {
                assertTrue(inhoud.contains(u), "digest misses '" + u + "':\n" + inhoud);
            }
            assertEquals(verwacht.size(), inhoud.split("\n- ", -1).length - 1,
                    "the digest has the day's matching alerts and no others:\n" + inhoud);

            // the unsubscribe link in every mail ends the subscription
            assertEquals("List-Unsubscribe=One-Click", direct.get(1).getHeader("List-Unsubscribe-Post")[0], "RFC 8058 one-click");
            assertTrue(direct.get(1).getHeader("List-Unsubscribe")[0].contains("/api/v1/subscriptions/unsubscribe/"));
            assertEquals(200, http(m, "POST", link(mail, "unsubscribe"), null, "List-Unsubscribe=One-Click").statusCode());
            KafkaTestSupport.wachtOp("the subscription to be gone", Duration.ofSeconds(30), () -> {
                try {
                    return http(m, "GET", link(mail, "unsubscribe"), null, null).statusCode() == 404;
                } catch (Exception e) {
                    return false;
                }
            });
        } finally {
            smtp.stop();
        }
    }

    @Test
    void anAanbiedersLateStartMessagesMailItsContractManagerAndNoOtherAanbieders(@TempDir Path tmp) throws Exception {
        // process health (SPEC §6.3): aanbieder 41000000 (in streefwaarden.yaml) reports 10 starts within 5 working
        // days and 2 after 13: 10/12 = 0.83 against 0.95, AFWIJKING for its scope regio@41000000 only
        int poort = vrijePoort();
        GreenMail smtp = smtp(poort);
        AppConfig c = config("aanbieder", poort);
        try (Jeugdmonitor m = new Jeugdmonitor(new Jeugdmonitor.Instelling(c, kafka.bootstrapServers(), 0, tmp, new byte[32])
                .met(TOEGANG, "localhost")).start()) {
            KafkaTestSupport.wachtOp("ready", Duration.ofSeconds(60), m::isReady);
            String body = "{\"email\":\"%s\",\"streefwaarden\":[\"startberichten-tijdig\"],\"aanbieders\":[\"%s\"],\"minimumStatus\":\"RISICO\"}";
            abonneer(m, smtp, body.formatted("contract@aanbieder-een.nl", "41000000"), true);
            abonneer(m, smtp, body.formatted("contract@aanbieder-twee.nl", "41000001"), true);

            List<CanoniekEvent> events = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String client = String.format("%064d", 41_000_000L * 100 + i);
                LocalDate begin = LocalDate.of(2025, 3, 3).plusDays(i); // from Monday 3 March
                events.add(new Toewijzing(client, ENSCHEDE, "41000000", "T" + i, "45", "45G01", begin.minusDays(7), LocalTime.NOON,
                        begin.minusDays(7), null, null, 4L, "04", "2", null, null, 12, "1", begin.minusDays(7)));
                events.add(new Start(client, ENSCHEDE, "41000000", "T" + i, "45", "45G01", begin, "1", 12, "1",
                        begin.plusDays(i >= 10 ? 20 : 1)));
            }
            try (KafkaProducer<String, CanoniekEvent> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    new StringSerializer(), JsonSerde.of(CanoniekEvent.class).serializer())) {
                for (CanoniekEvent e : events) {
                    p.send(new ProducerRecord<>(c.topics().canoniek(), e.client(), e));
                }
            }
            KafkaTestSupport.wachtOp("the alert mail", Duration.ofSeconds(120), () -> mails(smtp, "contract@aanbieder-een.nl").size() >= 2);
            Thread.sleep(5000); // room for a mail that must not come
            List<Alert> drift = alerts(c).stream().filter(a -> a.nieuw().compareTo(Status.RISICO) >= 0).toList();
            assertEquals(1, drift.size(), drift.toString());
            assertEquals("regio@41000000", drift.get(0).scope());
            assertEquals(Status.AFWIJKING, drift.get(0).nieuw());
            assertEquals(2, mails(smtp, "contract@aanbieder-een.nl").size(), "the confirmation and the alert");
            String tekst = tekst(mails(smtp, "contract@aanbieder-een.nl").get(1));
            assertTrue(tekst.contains("Startberichten op tijd aanbieder Begeleiding Oost 1 (fictief) (41000000)"), tekst);
            assertTrue(tekst.contains("aanbieder=41000000"), "the API link names the aanbieder: " + tekst);
            assertEquals(1, mails(smtp, "contract@aanbieder-twee.nl").size(), "another aanbieder's subscriber: its confirmation only");
        } finally {
            smtp.stop();
        }
    }

    @Test
    void aFailingMailServerDelaysMailsAndARestartSendsThemOnce(@TempDir Path tmp) throws Exception {
        int poort = vrijePoort();
        GreenMail smtp = smtp(poort);
        AppConfig c = config("storing", poort);
        Jeugdmonitor.Instelling instelling = new Jeugdmonitor.Instelling(c, kafka.bootstrapServers(), 0, tmp, new byte[32]).met(TOEGANG, "localhost");
        Jeugdmonitor m = new Jeugdmonitor(instelling).start();
        try {
            KafkaTestSupport.wachtOp("ready", Duration.ofSeconds(60), m::isReady);
            abonneer(m, smtp, abonnement("enschede@gemeente.nl", "[\"wachttijd-begeleiding\"]", ENSCHEDE, "direct"), true);
            abonneer(m, smtp, abonnement("hengelo@gemeente.nl", "[\"wachttijd-begeleiding\"]", HENGELO, "direct"), true);

            // 1. the server is down while the alert comes; it comes back: the mail arrives once
            smtp.stop();
            drift(c, ENSCHEDE);
            Jeugdmonitor eerste = m;
            KafkaTestSupport.wachtOp("failed attempts", Duration.ofSeconds(120), () -> mislukt(eerste) >= 2);
            smtp = smtp(poort);
            GreenMail eenmaal = smtp;
            KafkaTestSupport.wachtOp("the delayed mail", Duration.ofSeconds(60), () -> mails(eenmaal, "enschede@gemeente.nl").size() >= 1);
            Thread.sleep(4000);
            assertEquals(1, mails(eenmaal, "enschede@gemeente.nl").size(), "the delayed mail arrives once");

            // 2. down again; the alert comes, then the application restarts before it could mail
            smtp.stop();
            double voor = mislukt(eerste);
            drift(c, HENGELO);
            KafkaTestSupport.wachtOp("a failed attempt for Hengelo", Duration.ofSeconds(120),
                    () -> alerts(c).stream().anyMatch(a -> a.scope().equals(HENGELO) && a.nieuw() == Status.AFWIJKING)
                            && mislukt(eerste) > voor);
            m.close();
            smtp = smtp(poort);
            m = new Jeugdmonitor(instelling).start();
            GreenMail tweede = smtp;
            KafkaTestSupport.wachtOp("the mail after the restart", Duration.ofSeconds(90), () -> mails(tweede, "hengelo@gemeente.nl").size() >= 1);
            Thread.sleep(8000); // room for a repeat that must not come

            assertEquals(1, mails(tweede, "hengelo@gemeente.nl").size(), "sent once after the restart");
            assertEquals(0, mails(tweede, "enschede@gemeente.nl").size(), "the Enschede mail is not sent again after the restart");
            assertTrue(mails(tweede, "hengelo@gemeente.nl").get(0).getSubject().contains("Wachttijd begeleiding Hengelo"));
        } finally {
            m.close();
            smtp.stop();
        }
    }

    @Test
    void badSubscriptionsAreRefusedWithAClearMessageAndStoreNothing(@TempDir Path tmp) throws Exception {
        int poort = vrijePoort();
        GreenMail smtp = smtp(poort);
        AppConfig c = config("abonnementen", poort);
        try (Jeugdmonitor m = new Jeugdmonitor(new Jeugdmonitor.Instelling(c, kafka.bootstrapServers(), 0, tmp, new byte[32])
                .met(TOEGANG, "localhost")).start()) {
            KafkaTestSupport.wachtOp("ready", Duration.ofSeconds(60), m::isReady);
            String goed = abonnement("a@gemeente.nl", "[\"budget\"]", ENSCHEDE, "direct");
            Map<String, String> slecht = new java.util.LinkedHashMap<>();
            slecht.put(goed.replace("a@gemeente.nl", "geen-adres"), "email must be one plain address");
            slecht.put(goed.replace("a@gemeente.nl", "a@gemeente.nl\\r\\nBcc: b@elders.nl"), "email must be one plain address");
            slecht.put(goed.replace("a@gemeente.nl", "\\\"Naam\\\" <a@gemeente.nl>"), "email must be one plain address");
            slecht.put(goed.replace("a@gemeente.nl", "a".repeat(250) + "@gemeente.nl"), "email must be one plain address");
            slecht.put(goed.replace("budget", "bestaat-niet"), "unknown streefwaarde 'bestaat-niet'");
            slecht.put(goed.replace("budget", "budget\\nBcc: x"), "lists of ids");
            slecht.put(goed.replace(ENSCHEDE, "9999"), "is not one of the region's");
            slecht.put(goed.replace("RISICO", "HEEL_ERG"), "minimumStatus is one of");
            slecht.put(goed.replace("direct", "wekelijks"), "frequentie is 'direct' or 'dagelijks'");
            slecht.put(goed.replace("}", ",\"bcc\":\"b@elders.nl\"}"), "with no other fields");
            slecht.put("{niet json", "the body must be JSON");
            slecht.put(goed.replace("}", ",\"x\":\"" + "x".repeat(5000) + "\"}"), "larger than 4096 bytes");
            for (Map.Entry<String, String> e : slecht.entrySet()) {
                HttpResponse<String> r = http(m, "POST", "/api/v1/subscriptions", TOKENS.get(Toegang.Rol.analist), e.getKey());
                assertEquals(400, r.statusCode(), e.getKey() + " → " + r.body());
                JsonNode fout = JsonSerde.MAPPER.readTree(r.body());
                assertEquals("bad_request", fout.get("error").asText());
                assertTrue(fout.get("message").asText().contains(e.getValue()), r.body());
            }
            assertEquals(401, http(m, "POST", "/api/v1/subscriptions", null, goed).statusCode());
            assertEquals(404, http(m, "GET", "/api/v1/subscriptions/confirm/abc.def", null, null).statusCode(), "a forged token");
            assertEquals(403, http(m, "GET", "/api/v1/subscriptions", TOKENS.get(Toegang.Rol.analist), null).statusCode(),
                    "listing is for beheerders");
            for (int i = 0; i < 3; i++) {
                assertEquals(202, http(m, "POST", "/api/v1/subscriptions", TOKENS.get(Toegang.Rol.analist), goed).statusCode());
            }
            HttpResponse<String> teVeel = http(m, "POST", "/api/v1/subscriptions", TOKENS.get(Toegang.Rol.analist), goed);
            assertEquals(429, teVeel.statusCode(), "at most 3 an hour per address: " + teVeel.body());
            assertEquals(3, KafkaTestSupport.leesAlles(kafka.bootstrapServers(), c.topics().abonnementen(), false).size(),
                    "only the three accepted subscriptions are stored");
            assertEquals(3, KafkaTestSupport.leesAlles(kafka.bootstrapServers(), c.topics().meldingen(), false).size(),
                    "and only their confirmation requests queued");
        } finally {
            smtp.stop();
        }
    }

    private static double mislukt(Jeugdmonitor m) {
        var c = m.registry().find("jeugdmonitor.mails").tag("resultaat", "mislukt").counter();
        return c == null ? 0 : c.count();
    }
}
