package nl.jeugdmonitor.indicator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import nl.jeugdmonitor.event.CanoniekEvent;
import nl.jeugdmonitor.kafka.JsonSerde;
import nl.jeugdmonitor.simulator.Simulator;
import nl.jeugdmonitor.trajectory.Dossier;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class BinaireSerdesTest {

    private static <T> T rond(org.apache.kafka.common.serialization.Serde<T> serde, T t) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", t));
    }

    @Test
    void valuesSurviveTheRoundTripWithNegativeAndLargeNumbers() {
        Bijdrage b = new Bijdrage(-1_234_567_890_123L, new TreeMap<>(Map.of("binnen", 3L, "41000001", -2L, "naar_wonen", Long.MAX_VALUE)));
        Bijdrage terug = rond(BinaireSerdes.BIJDRAGE, b);
        assertEquals(b.som, terug.som);
        assertEquals(b.verdeling, terug.verdeling);
        assertNull(rond(BinaireSerdes.BIJDRAGE, new Bijdrage(7, null)).verdeling);
        Delta d = new Delta(new TreeMap<>(Map.of("maand|2025-03", b, "jaar|2025", new Bijdrage(1, null))));
        assertEquals(d.perioden(), rond(BinaireSerdes.DELTA, d).perioden());
        assertNull(BinaireSerdes.BIJDRAGE.deserializer().deserialize("t", null));
    }

    @Test
    void badInputIsAClearErrorNotAWrongNumber() {
        byte[] goed = BinaireSerdes.BIJDRAGE.serializer().serialize("t", new Bijdrage(5, new TreeMap<>(Map.of("x", 1L))));
        byte[] teLang = java.util.Arrays.copyOf(goed, goed.length + 1);
        assertThrows(SerializationException.class, () -> BinaireSerdes.BIJDRAGE.deserializer().deserialize("t", teLang));
        byte[] andereVersie = goed.clone();
        andereVersie[0] = 9;
        assertThrows(SerializationException.class, () -> BinaireSerdes.BIJDRAGE.deserializer().deserialize("t", andereVersie));
        assertThrows(SerializationException.class, () -> BinaireSerdes.BIJDRAGE.deserializer().deserialize("t", "{\"som\":1}".getBytes()));
        assertThrows(SerializationException.class, () -> BinaireSerdes.BIJDRAGE.serializer().serialize("t",
                new Bijdrage(1, new TreeMap<>(Map.of("één", 1L)))));
    }

    @Test
    void dossiersOfASimulatedYearSurviveTheRoundTripWithEveryField() {
        Map<String, Dossier> dossiers = new TreeMap<>();
        for (CanoniekEvent e : SimulatieEvents.van(new Simulator.Instellingen(5, 2025, 2025, 0.01, 0.0))) {
            dossiers.computeIfAbsent(e.client(), c -> new Dossier()).verwerk(e);
        }
        // and one with what a simulated year rarely holds: a withdrawn start, a rejected line, empty optional fields
        Dossier zeldzaam = new Dossier();
        zeldzaam.peildatum = 20_000;
        zeldzaam.timer = 20_031;
        Dossier.ToewijzingStaat t = new Dossier.ToewijzingStaat();
        t.gemeente = "0153";
        t.nummer = "T1";
        t.eersteDatum = java.time.LocalDate.of(2025, 1, 2);
        t.eersteTijd = java.time.LocalTime.of(9, 30, 15, 123_000_000);
        t.referentieAanbieder = "réf-ü";
        t.verwijderd = true;
        zeldzaam.toewijzingen.put("0153|T1", t);
        Dossier.MeldingStaat m = new Dossier.MeldingStaat();
        m.nummer = "T1";
        m.begindatum = java.time.LocalDate.of(2025, 2, 1);
        m.nieuw = true;
        m.ingetrokken = true;
        zeldzaam.starts.put("T1|45|45A48|2025-02-01", m);
        zeldzaam.regels.put("A|1", new Dossier.Regel("0153", "A", "T1", "45", null, java.time.LocalDate.of(2025, 2, 1), null, "04",
                -3, Long.MAX_VALUE, true, java.time.LocalDate.of(2025, 3, 5), "D1"));
        zeldzaam.afgewezen.add("A|1");
        zeldzaam.verzoeken.put("A|R1", "01");
        dossiers.put("zeldzaam", zeldzaam);

        assertTrue(dossiers.values().stream().anyMatch(d -> !d.regels.isEmpty() && !d.stops.isEmpty() && !d.toewijzingen.isEmpty()));
        for (Map.Entry<String, Dossier> e : dossiers.entrySet()) {
            Dossier terug = rond(BinaireSerdes.DOSSIER, e.getValue());
            assertEquals(new String(JsonSerde.write(e.getValue())), new String(JsonSerde.write(terug)), e.getKey());
            assertEquals(e.getValue().peildatum, terug.peildatum);
            assertEquals(e.getValue().timer, terug.timer);
        }
        byte[] goed = BinaireSerdes.DOSSIER.serializer().serialize("t", zeldzaam);
        assertThrows(SerializationException.class, () -> BinaireSerdes.DOSSIER.deserializer().deserialize("t",
                java.util.Arrays.copyOf(goed, goed.length - 1)));
        assertThrows(SerializationException.class, () -> BinaireSerdes.DOSSIER.deserializer().deserialize("t",
                java.util.Arrays.copyOf(goed, goed.length + 1)));
    }

    @Test
    void waitingToewijzingenSurviveTheRoundTripWithAndWithoutEndDate() {
        Wachtend w = new Wachtend(java.util.List.of(
                new Wachtend.Item("0153", "verblijf", "T-1", java.time.LocalDate.of(2025, 1, 31), java.time.LocalDate.of(2025, 2, 1), null),
                new Wachtend.Item("1774", "begeleiding", "T-ü", java.time.LocalDate.of(1999, 12, 31), java.time.LocalDate.of(1999, 12, 31),
                        java.time.LocalDate.of(2030, 6, 15))));
        assertEquals(w, rond(BinaireSerdes.WACHTEND, w));
        assertEquals(new Wachtend(java.util.List.of()), rond(BinaireSerdes.WACHTEND, new Wachtend(java.util.List.of())));
        byte[] goed = BinaireSerdes.WACHTEND.serializer().serialize("t", w);
        assertThrows(SerializationException.class, () -> BinaireSerdes.WACHTEND.deserializer().deserialize("t",
                java.util.Arrays.copyOf(goed, goed.length - 1)));
        assertThrows(SerializationException.class, () -> BinaireSerdes.WACHTEND.deserializer().deserialize("t",
                "{\"items\":[]}".getBytes()));
    }
}
