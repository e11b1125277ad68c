package nl.jeugdmonitor.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Collectors;
import nl.jeugdmonitor.config.AppConfig;
import nl.jeugdmonitor.event.Afwijzing;
import nl.jeugdmonitor.event.CanoniekEvent;
import nl.jeugdmonitor.event.DeclaratieRegel;
import nl.jeugdmonitor.event.Start;
import nl.jeugdmonitor.event.Toewijzing;
import nl.jeugdmonitor.event.Verzoek;
import nl.jeugdmonitor.event.VerzoekAntwoord;
import nl.jeugdmonitor.kafka.Topics;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ingest rules of SPEC §3 on one topology, record by record. The end-to-end test runs them on a real broker. */
class IngestTopologyTest {

    static final byte[] KEY = "test-sleutel-van-minstens-16-bytes".getBytes(StandardCharsets.UTF_8);
    static final List<String> VALID_EXAMPLES = List.of("JW301", "JW302", "JW305", "JW306", "JW307", "JW308",
            "JW316", "JW317", "JW319", "JW320", "JW323", "JW325");

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> ijw;
    private TestInputTopic<byte[], byte[]> events;
    private TestOutputTopic<byte[], byte[]> dlq;
    private TestOutputTopic<String, CanoniekEvent> canoniek;
    private SimpleMeterRegistry registry;
    private final Bsn bsn = new Bsn(KEY);

    @BeforeEach
    void start() {
        AppConfig config = AppConfig.defaults();
        Topics topics = Topics.from(config.topics());
        registry = new SimpleMeterRegistry();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ingest-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(IngestTopology.build(config, topics, KEY, new IngestMetrics(registry)), props);
        ijw = driver.createInputTopic(topics.ijw().name(), new ByteArraySerializer(), new ByteArraySerializer());
        events = driver.createInputTopic(topics.events().name(), new ByteArraySerializer(), new ByteArraySerializer());
        dlq = driver.createOutputTopic(topics.dlq().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        canoniek = driver.createOutputTopic(topics.canoniek().name(), new StringDeserializer(),
                topics.canoniek().valueSerde().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    static byte[] example(String type) {
        try (InputStream in = IngestTopologyTest.class.getResourceAsStream("/ijw/examples/" + type + ".xml")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private double count(String type, String resultaat) {
        return registry.find(IngestMetrics.BERICHTEN).tag("type", type).tag("resultaat", resultaat).counters()
                .stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void everyValidExampleIngestsAndOnlyTheUsedTypesBecomeEvents() {
        for (String type : VALID_EXAMPLES) {
            ijw.pipeInput(null, example(type));
        }
        assertTrue(dlq.isEmpty(), "no valid example may land in the DLQ");
        Map<String, Long> perType = canoniek.readValuesToList().stream()
                .collect(Collectors.groupingBy(CanoniekEvent::type, Collectors.counting()));
        // JW301: 2 products; JW305: 2 starts; JW307: 2 stops; JW323: 5 lines; JW325: the lines it names
        assertEquals(2, perType.get("Toewijzing"));
        assertEquals(2, perType.get("Start"));
        assertEquals(2, perType.get("Stop"));
        assertEquals(5, perType.get("DeclaratieRegel"));
        assertTrue(perType.get("Afwijzing") >= 1);
        assertFalse(perType.containsKey("Verzoek"), "the only JW315 example is invalid");
        for (String retour : List.of("JW302", "JW306", "JW308", "JW316", "JW317", "JW320")) {
            assertEquals(1.0, count(retour, "skipped"), retour + " is validated, then skipped and counted");
        }
        assertEquals(1.0, count("JW301", "ok"));
        assertEquals(1.0, count("JW319", "ok"));
        assertFalse(perType.containsKey("VerzoekAntwoord"), "the JW319 example answers no request seen: it waits for it");
    }

    /** The JW315 example with its impossible date corrected, and a JW319 answering its first product's request. */
    private static byte[] verzoek() {
        return new String(example("JW315"), StandardCharsets.UTF_8).replace("2027-06-31", "2027-06-30").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] antwoordOp(String referentie, String identificatie, String dagtekening) {
        return new String(example("JW319"), StandardCharsets.UTF_8).replace("65656055", "42420001")
                .replace("<jw319:ReferentieAanbieder>9003<", "<jw319:ReferentieAanbieder>" + referentie + "<")
                .replace("876543219", identificatie).replace("2026-04-01", dagtekening).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aJw319ReachesTheClientOfTheRequestItAnswersWhicheverArrivesFirst() throws Afkeuring {
        String client = bsn.pseudoniem("999900006");
        ijw.pipeInput(null, antwoordOp("40A12341234", "1", "2026-04-03")); // before its request: waits
        assertTrue(canoniek.readValuesToList().isEmpty(), "an answer without its request has no client yet");
        ijw.pipeInput(null, verzoek());
        List<TestRecord<String, CanoniekEvent>> out = canoniek.readRecordsToList();
        List<TestRecord<String, CanoniekEvent>> antwoorden = out.stream().filter(r -> r.value() instanceof VerzoekAntwoord).toList();
        assertEquals(2, out.size() - antwoorden.size(), "two requested products");
        assertEquals(1, antwoorden.size());
        VerzoekAntwoord a = (VerzoekAntwoord) antwoorden.get(0).value();
        assertEquals(client, antwoorden.get(0).key(), "keyed by the client of the request");
        assertEquals(client, a.client());
        assertEquals("0384", a.gemeente(), "JW319 goes gemeente → aanbieder");
        assertEquals("42420001", a.aanbieder());
        assertEquals("40A12341234", a.referentieAanbieder());
        assertEquals(LocalDate.of(2026, 4, 3), a.dagtekening());
        assertEquals(LocalDate.of(2026, 4, 1), ((Verzoek) out.get(0).value()).ontvangstdatum());

        ijw.pipeInput(null, antwoordOp("40A12341235", "2", "2026-04-09")); // after its request: at once
        List<CanoniekEvent> tweede = canoniek.readValuesToList();
        assertEquals(1, tweede.size());
        assertEquals("40A12341235", ((VerzoekAntwoord) tweede.get(0)).referentieAanbieder());
        ijw.pipeInput(null, verzoek()); // the same message again: a duplicate, nothing new
        ijw.pipeInput(null, antwoordOp("40A12341999", "3", "2026-04-09")); // answers no request seen
        assertTrue(canoniek.readValuesToList().isEmpty());
        assertTrue(dlq.isEmpty());
    }

    @Test
    void everyCareMessageCarriesItsDagtekening() {
        ijw.pipeInput(null, example("JW301"));
        ijw.pipeInput(null, example("JW305"));
        ijw.pipeInput(null, example("JW307"));
        Map<String, LocalDate> dagtekening = Map.of("Toewijzing", LocalDate.of(2026, 4, 1), "Start", LocalDate.of(2026, 4, 15),
                "Stop", LocalDate.of(2026, 7, 20));
        List<CanoniekEvent> uit = canoniek.readValuesToList();
        assertEquals(6, uit.size());
        for (CanoniekEvent e : uit) {
            LocalDate dag = e instanceof Toewijzing t ? t.dagtekening() : e instanceof Start s ? s.dagtekening()
                    : ((nl.jeugdmonitor.event.Stop) e).dagtekening();
            assertEquals(dagtekening.get(e.type()), dag, e.type());
        }
    }

    @Test
    void explodesAToewijzingWithHeaderDirectionPseudonymAndAge() throws Afkeuring {
        ijw.pipeInput(null, example("JW301"));
        List<TestRecord<String, CanoniekEvent>> out = canoniek.readRecordsToList();
        Toewijzing t = (Toewijzing) out.get(0).value();
        String pseudonym = bsn.pseudoniem("999900006");
        assertEquals(pseudonym, out.get(0).key(), "keyed by client pseudonym");
        assertEquals(pseudonym, t.client());
        assertEquals("0384", t.gemeente(), "JW301 goes gemeente → aanbieder");
        assertEquals("42420001", t.aanbieder());
        assertEquals("300201", t.toewijzingNummer());
        assertEquals("55", t.productCategorie());
        assertEquals("55A11", t.productCode());
        assertEquals(LocalDate.of(2026, 4, 1), t.toewijzingsdatum());
        assertEquals(LocalDate.of(2026, 7, 14), t.einddatum());
        assertEquals(2L, t.volume());
        assertEquals("40A12341234", t.referentieAanbieder());
        assertEquals(16, t.leeftijd(), "born 2010-02-14, 16 on 2026-04-01");
    }

    @Test
    void explodesADeclarationIntoOneEventPerLineWithTheDirectionReversed() {
        ijw.pipeInput(null, example("JW323"));
        List<CanoniekEvent> out = canoniek.readValuesToList();
        assertEquals(5, out.size());
        DeclaratieRegel first = (DeclaratieRegel) out.get(0);
        assertEquals("0384", first.gemeente(), "JW323 goes aanbieder → gemeente");
        assertEquals("65656055", first.aanbieder());
        assertEquals(5000L, first.bedragCent());
        assertEquals("D", first.debetCredit());
        assertEquals(LocalDate.of(2026, 3, 1), ((DeclaratieRegel) out.get(4)).periodeBegin(), "a line for an earlier month");
        assertEquals(2, out.stream().map(CanoniekEvent::client).distinct().count());
    }

    @Test
    void jw325NamesTheRejectedLinesWithTheirReturnCodes() {
        ijw.pipeInput(null, example("JW325"));
        Afwijzing a = (Afwijzing) canoniek.readValuesToList().get(0);
        assertEquals("0384", a.gemeente());
        assertEquals("65656055", a.aanbieder());
        assertEquals("RN001", a.referentieNummer());
        assertEquals(List.of("0611"), a.retourCodes());
    }

    private void assertRejected(byte[] value, String code) {
        ijw.pipeInput("sleutel".getBytes(StandardCharsets.UTF_8), value);
        List<TestRecord<byte[], byte[]>> rejected = dlq.readRecordsToList();
        assertEquals(1, rejected.size(), "one DLQ record for " + code);
        TestRecord<byte[], byte[]> r = rejected.get(0);
        assertEquals(code, header(r, "error.code"), "error.message: " + header(r, "error.message"));
        assertNotNull(header(r, "error.message"));
        assertEquals("jeugdhulp.ijw", header(r, "source.topic"));
        assertNotNull(header(r, "source.offset"));
        assertTrue(Arrays.equals(value, r.value()), "the DLQ keeps the record unchanged");
        assertEquals("sleutel", new String(r.key(), StandardCharsets.UTF_8), "and its original key");
        assertTrue(canoniek.isEmpty());
    }

    @Test
    void anImpossibleDateIsInvalidDate() {
        assertRejected(example("JW315"), "INVALID_DATE");
    }

    @Test
    void aSchemaViolationIsXsdInvalid() {
        assertRejected(example("JW318"), "XSD_INVALID");
    }

    @Test
    void badInputsEachGetTheirOwnCodeAndTheStreamGoesOn() {
        String jw301 = new String(example("JW301"), StandardCharsets.UTF_8);
        assertRejected("dit is geen xml".getBytes(StandardCharsets.UTF_8), "NOT_XML");
        assertRejected(jw301.replace("999900006", "999900007").getBytes(StandardCharsets.UTF_8), "INVALID_BSN");
        assertRejected(jw301.replace("<jw301:BerichtCode>436<", "<jw301:BerichtCode>999<").getBytes(StandardCharsets.UTF_8),
                "UNKNOWN_BERICHTCODE");
        assertRejected(jw301.replace("jw301/schema", "jw399/schema").getBytes(StandardCharsets.UTF_8), "UNKNOWN_MESSAGE");
        assertRejected(jw301.substring(0, jw301.length() / 2).getBytes(StandardCharsets.UTF_8), "XML_TRUNCATED");
        assertRejected(jw301.replace("<jw301:Afzender>0384<", "<jw301:Afzender>9999<").getBytes(StandardCharsets.UTF_8),
                "UNKNOWN_GEMEENTE");
        assertRejected(("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>")
                .getBytes(StandardCharsets.UTF_8), "NOT_XML");
        byte[] junk = new byte[5 * 1024 * 1024];
        new Random(42).nextBytes(junk);
        assertRejected(junk, "TOO_LARGE");
        byte[] smallJunk = new byte[100 * 1024];
        new Random(43).nextBytes(smallJunk);
        assertRejected(smallJunk, "NOT_XML");
        assertRejected(new byte[0], "EMPTY");

        ijw.pipeInput(null, example("JW305"));
        assertEquals(2, canoniek.readValuesToList().size(), "after all that, a good message still goes through");
        assertEquals(4.0, count("JW301", "dlq"), "bad BSN, BerichtCode, truncation and gemeente were JW301s");
    }

    @Test
    void bytesThatAreNotUtf8AreNotXmlWhereverTheParserStops() {
        // a message on one line (as many producers write it) with an ISO-8859-1 'ë' (0xEB) in its identification: the
        // parser stops on the message's last (only) line inside the root, which used to read as XML_TRUNCATED (issue 20)
        byte[] jw301 = new String(example("JW301"), StandardCharsets.UTF_8).replaceAll("\\s*\\n\\s*", "").getBytes(StandardCharsets.UTF_8);
        int i = new String(jw301, StandardCharsets.UTF_8).indexOf("<ijw:Identificatie>") + "<ijw:Identificatie>".length();
        byte[] latin1 = java.util.Arrays.copyOf(jw301, jw301.length);
        latin1[i] = (byte) 0xEB;
        assertRejected(latin1, "NOT_XML");
        byte[] ff = java.util.Arrays.copyOf(jw301, jw301.length);
        ff[jw301.length - 3] = (byte) 0xFF; // inside the closing tag
        assertRejected(ff, "NOT_XML");
        // a truncated message of valid UTF-8 stays XML_TRUNCATED
        assertRejected(java.util.Arrays.copyOf(jw301, jw301.length / 2), "XML_TRUNCATED");
    }

    @Test
    void aValidBudgetIsPublishedAndABadOneGoesToTheDlq() {
        TestInputTopic<byte[], byte[]> begroting = driver.createInputTopic("jeugdhulp.begroting", new ByteArraySerializer(), new ByteArraySerializer());
        TestOutputTopic<String, Long> begrotingen = driver.createOutputTopic("jeugdhulp.begrotingen", new StringDeserializer(),
                new org.apache.kafka.common.serialization.LongDeserializer());
        begroting.pipeInput("0153:2025".getBytes(StandardCharsets.UTF_8),
                "{\"gemeente\":\"0153\",\"jaar\":2025,\"bedragCent\":5720000000}".getBytes(StandardCharsets.UTF_8));
        assertEquals(new org.apache.kafka.streams.KeyValue<>("0153:2025", 5_720_000_000L), begrotingen.readKeyValue());
        Map<String, String> bad = Map.of(
                "{\"gemeente\":\"0153\",\"jaar\":2025,\"bedragCent\":12.5}", "INVALID_AMOUNT",
                "{\"gemeente\":\"9999\",\"jaar\":2025,\"bedragCent\":1}", "UNKNOWN_GEMEENTE",
                "{\"gemeente\":\"0153\",\"bedragCent\":1}", "MISSING_FIELD",
                // a jaar that is there but not a whole number is a wrong value, not a missing one (issue 20)
                "{\"gemeente\":\"0153\",\"jaar\":\"2025\",\"bedragCent\":1}", "INVALID_VALUE",
                "{\"gemeente\":\"0153\",\"jaar\":2025.5,\"bedragCent\":1}", "INVALID_VALUE",
                "[1,2]", "NOT_JSON");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            begroting.pipeInput(null, e.getKey().getBytes(StandardCharsets.UTF_8));
            assertEquals(e.getValue(), header(dlq.readRecord(), "error.code"), e.getKey());
        }
        assertTrue(begrotingen.isEmpty());
    }

    @Test
    void anEventDatedBeyondItsMessageIsRejectedSoItCannotMoveThePeildatum() {
        String jw305 = new String(example("JW305"), StandardCharsets.UTF_8); // Dagtekening 2026-04-15
        assertRejected(jw305.replace("<jw305:Begindatum>2026-04-15<", "<jw305:Begindatum>2062-04-15<")
                .getBytes(StandardCharsets.UTF_8), "FUTURE_DATE");
        ijw.pipeInput(null, jw305.replace("<jw305:Begindatum>2026-04-15<", "<jw305:Begindatum>2026-05-16<")
                .replace("<ijw:Identificatie>123456789012<", "<ijw:Identificatie>123456789099<").getBytes(StandardCharsets.UTF_8));
        assertEquals(2, canoniek.readValuesToList().size(), "31 days after the Dagtekening is still accepted");
        assertTrue(dlq.isEmpty());
    }

    @Test
    void aRedeliveredMessageYieldsItsEventsOnce() {
        ijw.pipeInput(null, example("JW305"));
        ijw.pipeInput(null, example("JW305"));
        assertEquals(2, canoniek.readValuesToList().size(), "two starts, not four");
        assertEquals(1.0, count("JW305", "duplicate"));
    }

    @Test
    void aDifferentMessageIdFromTheSameSenderIsNotADuplicate() {
        ijw.pipeInput(null, example("JW305"));
        ijw.pipeInput(null, new String(example("JW305"), StandardCharsets.UTF_8)
                .replace("<ijw:Identificatie>123456789012<", "<ijw:Identificatie>123456789013<").getBytes(StandardCharsets.UTF_8));
        assertEquals(4, canoniek.readValuesToList().size());
    }

    @Test
    void canonicalJsonIsCheckedAndPseudonymisedLikeXml() throws Afkeuring {
        String start = """
                {"type":"Start","bsn":"999900006","gemeente":"0153","aanbieder":"12345678","toewijzingNummer":"T1",
                 "productCategorie":"45","productCode":"45G01","begindatum":"2025-03-04","statusAanlevering":"1"}""";
        events.pipeInput(null, start.getBytes(StandardCharsets.UTF_8));
        TestRecord<String, CanoniekEvent> out = canoniek.readRecord();
        assertEquals(bsn.pseudoniem("999900006"), out.key());
        assertEquals(LocalDate.of(2025, 3, 4), ((Start) out.value()).begindatum());

        events.pipeInput(null, start.getBytes(StandardCharsets.UTF_8));
        assertTrue(canoniek.isEmpty(), "the same event again is a redelivery");

        Map<String, String> bad = Map.of(
                "{niet json", "NOT_JSON",
                start.replace("\"Start\"", "\"Ontslag\""), "UNKNOWN_TYPE",
                start.replace("999900006", "123456789"), "INVALID_BSN",
                start.replace("2025-03-04", "2025-02-30"), "INVALID_DATE",
                start.replace("2025-03-04", "+100000-03-04"), "INVALID_DATE", // a year the indicator keys cannot hold
                start.replace("\"statusAanlevering\":\"1\"", "\"naam\":\"Jansen\",\"statusAanlevering\":\"1\""), "UNKNOWN_FIELD",
                start.replace(",\"toewijzingNummer\":\"T1\"", ""), "MISSING_FIELD",
                start.replace("\"0153\"", "\"9999\""), "UNKNOWN_GEMEENTE");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            events.pipeInput(null, e.getKey().getBytes(StandardCharsets.UTF_8));
            TestRecord<byte[], byte[]> r = dlq.readRecord();
            assertEquals(e.getValue(), header(r, "error.code"), e.getKey() + " → " + header(r, "error.message"));
        }
        String line = """
                {"type":"DeclaratieRegel","bsn":"999900006","gemeente":"0153","aanbieder":"12345678","declaratieNummer":"D1",
                 "referentieNummer":"R1","toewijzingNummer":"T1","productCategorie":"45","productCode":"45G01",
                 "periodeBegin":"2025-03-01","periodeEind":"2025-03-31","geleverdVolume":4,"eenheid":"04",
                 "bedragCent":12.5,"debetCredit":"D","dagtekening":"2025-04-05"}""";
        events.pipeInput(null, line.getBytes(StandardCharsets.UTF_8));
        assertEquals("INVALID_AMOUNT", header(dlq.readRecord(), "error.code"), "amounts are whole eurocents");
        assertTrue(canoniek.isEmpty());
    }
}
