package nl.jeugdmonitor.indicator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The open-addressing map behaves as a HashMap under a random mix of puts and removes, growth included. */
class LongMapTest {

    @Test
    void behavesAsAHashMapUnderRandomPutsAndRemoves() {
        Random random = new Random(7);
        LongMap<Long> map = new LongMap<>();
        Map<Long, Long> model = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            // few distinct keys in clustered bit ranges, as FeitSleutel makes them: long runs and many removals
            long k = FeitSleutel.serie(random.nextInt(17), random.nextInt(40), random.nextInt(3) == 0 ? FeitSleutel.REGIO : 153)
                    | FeitSleutel.periode(random.nextInt(4), 144_000 + random.nextInt(60));
            switch (random.nextInt(4)) {
                case 0 -> {
                    map.remove(k);
                    model.remove(k);
                }
                case 1 -> assertEquals(model.get(k), map.get(k));
                default -> {
                    long v = random.nextLong();
                    map.put(k, v);
                    model.put(k, v);
                }
            }
            assertEquals(model.size(), map.size());
        }
        Map<Long, Long> gezien = new HashMap<>();
        map.forEach((k, v) -> assertNull(gezien.put(k, v), "each key once"));
        assertEquals(model, gezien);
        model.keySet().forEach(k -> assertTrue(map.containsKey(k)));
        assertEquals(5L, map.computeIfAbsent(-5, k -> -k));
        map.clear();
        assertTrue(map.isEmpty());
        assertFalse(map.containsKey(-5));
    }
}
