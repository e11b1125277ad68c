package nl.jeugdmonitor.indicator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The unsent deltas survive what the store survives: after a commit ({@link Terugschrijfstore#flushCache()}) and a
 * crash (what was not committed is gone: {@link Terugschrijfstore#clearCache()}), a new {@link Uitstaand} over the same
 * store holds exactly the sums computed and not sent up to that commit.
 */
class UitstaandTest {

    private static Terugschrijfstore<Long, byte[]> log() {
        Terugschrijfstore<Long, byte[]> store = Terugschrijfstore.bouwer(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(IndicatorTopology.DELTALOG), Serdes.Long(), Serdes.ByteArray()).withLoggingDisabled()).build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
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

    /** A crash: what the last commit holds, read back by a new processor. */
    private static Uitstaand herstart(Terugschrijfstore<Long, byte[]> store) {
        store.clearCache();
        return new Uitstaand(store);
    }

    @Test
    void theSumsOfTheLastCommitAreReadBackAfterACrashAndSentOnesAreNot() {
        Terugschrijfstore<Long, byte[]> store = log();
        Uitstaand u = new Uitstaand(store);
        u.log(eenheid(1L, 1, null));
        u.log(eenheid(2L, 2, "x"));
        u.log(eenheid(1L, -1, null)); // undone before it was sent
        Map<Long, Bijdrage> verwacht = Map.of(2L, eenheid(2L, 2, "x").get(2L));
        assertEquals(verwacht, alsMap(u.som()));
        assertTrue(herstart(store).som().isEmpty(), "nothing was committed yet: the work is done again");

        u = new Uitstaand(store);
        u.log(eenheid(2L, 2, "x"));
        store.flushCache(); // the commit
        u.log(eenheid(3L, 7, null)); // after the commit: lost with the crash, and done again
        Uitstaand na = herstart(store);
        assertEquals(verwacht, alsMap(na.som()), "a crash after the commit keeps the sums the commit held");

        na.verzonden();
        store.flushCache();
        assertTrue(herstart(store).som().isEmpty(), "a crash after the send's commit has nothing left to send");
    }

    @Test
    void aLargeSnapshotTakesSeveralRecordsAndASmallerOneDeletesTheRest() {
        Terugschrijfstore<Long, byte[]> store = log();
        Uitstaand u = new Uitstaand(store);
        String label = "l".repeat(1_000); // ~1 kB a key: 600 keys make three records of 256 kB
        for (long k = 1; k <= 600; k++) {
            u.log(eenheid(k, k, label));
        }
        store.flushCache();
        assertNotNull(store.get(2L));
        assertNull(store.get(3L));
        Uitstaand na = herstart(store);
        assertEquals(600, na.som().size());
        assertEquals(eenheid(599L, 599, label).get(599L), na.som().get(599L));

        na.verzonden();
        na.log(eenheid(9L, 1, null));
        store.flushCache();
        assertNotNull(store.get(0L));
        assertNull(store.get(1L), "the records the last snapshot does not use are deleted");
        assertEquals(Map.of(9L, eenheid(9L, 1, null).get(9L)), alsMap(herstart(store).som()));
    }

    @Test
    void theSumsAreFullAtTheirLimitOfKeys() {
        Uitstaand u = new Uitstaand(log());
        for (long k = 0; k < Uitstaand.MAX_SLEUTELS - 1; k++) {
            u.log(eenheid(k, 1, null));
        }
        assertFalse(u.vol());
        u.log(eenheid(-5L, 1, null));
        assertTrue(u.vol());
        u.verzonden();
        assertFalse(u.vol());
    }
}
