package nl.jeugdmonitor.indicator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.TreeMap;
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
}
