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

    private static Bijdrage delta(long som, String label) {
        Bijdrage b = new Bijdrage();
        b.som = som;
        if (label != null) {
            b.plus(label, som);
        }
        return b;
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
        assertTrue(u.tel(1L, delta(1, null)));
        assertFalse(u.tel(5L, null), "no delta, nothing added");
        u.tel(2L, delta(2, "x"));
        u.tel(1L, delta(-1, null)); // undone before it was sent
        Map<Long, Bijdrage> verwacht = Map.of(2L, delta(2, "x"));
        assertEquals(verwacht, alsMap(u.som()));
        assertTrue(herstart(store).som().isEmpty(), "nothing was committed yet: the work is done again");

        u = new Uitstaand(store);
        u.tel(2L, delta(2, "x"));
        store.flushCache(); // the commit
        u.tel(3L, delta(7, null)); // after the commit: lost with the crash, and done again
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
            u.tel(k, delta(k, label));
        }
        store.flushCache();
        assertNotNull(store.get(2L));
        assertNull(store.get(3L));
        Uitstaand na = herstart(store);
        assertEquals(600, na.som().size());
        assertEquals(delta(599, label), na.som().get(599L));

        na.verzonden();
        na.tel(9L, delta(1, null));
        store.flushCache();
        assertNotNull(store.get(0L));
        assertNull(store.get(1L), "the records the last snapshot does not use are deleted");
        assertEquals(Map.of(9L, delta(1, null)), alsMap(herstart(store).som()));
    }

    @Test
    void theSumsAreFullAtTheirLimitOfKeys() {
        Uitstaand u = new Uitstaand(log());
        for (long k = 0; k < Uitstaand.MAX_SLEUTELS - 1; k++) {
            u.tel(k, delta(1, null));
        }
        assertFalse(u.vol());
        u.tel(-5L, delta(1, null));
        assertTrue(u.vol());
        u.verzonden();
        assertFalse(u.vol());
    }
}
