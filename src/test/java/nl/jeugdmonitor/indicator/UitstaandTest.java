package nl.jeugdmonitor.indicator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The unsent deltas survive what the store survives: a new {@link Uitstaand} over the same log (a restart after a
 * restore) holds exactly the sums of the units logged and not sent, however often the slots have wrapped.
 */
class UitstaandTest {

    private static KeyValueStore<Long, byte[]> log() {
        KeyValueStore<Long, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(IndicatorTopology.DELTALOG),
                Serdes.Long(), Serdes.ByteArray()).withLoggingDisabled().build();
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    private static LongMap<Bijdrage> eenheid(long sleutel, long som, String label) {
        LongMap<Bijdrage> m = new LongMap<>();
        Bijdrage b = new Bijdrage();
        b.som = som;
        if (label != null) {
            b.plus(label, som);
        }
        m.put(sleutel, b);
        return m;
    }

    private static Map<Long, Bijdrage> alsMap(LongMap<Bijdrage> m) {
        Map<Long, Bijdrage> uit = new TreeMap<>();
        m.forEach(uit::put);
        return uit;
    }

    @Test
    void unsentUnitsAreReadBackAfterARestartAndSentOnesAreNot() {
        KeyValueStore<Long, byte[]> store = log();
        Uitstaand u = new Uitstaand(store);
        u.log(eenheid(1L, 1, null));
        u.log(eenheid(2L, 2, "x"));
        u.log(eenheid(1L, -1, null)); // undone before it was sent
        Map<Long, Bijdrage> verwacht = Map.of(2L, eenheid(2L, 2, "x").get(2L));
        assertEquals(verwacht, alsMap(u.som()));

        Uitstaand herstart = new Uitstaand(store);
        assertEquals(verwacht, alsMap(herstart.som()), "a restart before the send keeps the unsent sums");
        herstart.verzonden();
        assertTrue(herstart.som().isEmpty());
        assertTrue(new Uitstaand(store).som().isEmpty(), "a restart after the send has nothing left to send");

        Uitstaand verder = new Uitstaand(store);
        verder.log(eenheid(3L, 5, null));
        assertEquals(Map.of(3L, eenheid(3L, 5, null).get(3L)), alsMap(new Uitstaand(store).som()),
                "numbering goes on after the last unit sent");
    }

    @Test
    void theSlotsWrapWithoutLosingAUnitAndTheLogStaysSmall() {
        KeyValueStore<Long, byte[]> store = log();
        Uitstaand u = new Uitstaand(store);
        long verzonden = 0;
        int eenheden = 2 * Uitstaand.SLOTS + 123;
        for (int i = 0; i < eenheden; i++) {
            if (u.vol()) {
                assertThrows(IllegalStateException.class, () -> u.log(eenheid(4L, 1, null)));
                verzonden += u.som().get(4L).som;
                u.verzonden();
            }
            u.log(eenheid(4L, 1, null));
        }
        assertEquals(2, verzonden / Uitstaand.SLOTS, "sent twice when full");
        long open = new Uitstaand(store).som().get(4L).som;
        assertEquals(eenheden, verzonden + open, "every unit is either sent or still waiting after a restart");
        assertEquals(eenheden - verzonden, open);
        assertTrue(store.approximateNumEntries() <= Uitstaand.SLOTS + 1, "slots are reused: " + store.approximateNumEntries());
        assertFalse(new Uitstaand(store).vol());
    }
}
