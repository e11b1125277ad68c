package nl.jeugdmonitor.indicator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class TerugschrijfstoreTest {

    private static Terugschrijfstore<String, Bijdrage> open() {
        Terugschrijfstore<String, Bijdrage> store = Terugschrijfstore.bouwer(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(IndicatorTopology.AGGREGATEN),
                Serdes.String(), BinaireSerdes.BIJDRAGE).withLoggingDisabled()).build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return store;
    }

    private static Bijdrage van(long som) {
        return new Bijdrage(som, null);
    }

    @Test
    void aChangeIsReadByItsWriterAtOnceAndWrittenBeneathAtTheCommitAsItIsThen() {
        Terugschrijfstore<String, Bijdrage> store = open();
        Bijdrage a = van(3);
        store.schrijf("k", a);
        assertSame(a, store.lees("k"));
        assertNull(store.get("k"), "queries read what was committed");
        a.tel(van(4)); // changed again before the commit: written once, as it is then
        store.flushCache();
        assertEquals(van(7), store.get("k"));
        a.tel(van(1)); // not written again: after the commit the object is the writer's own
        assertEquals(van(7), store.get("k"));
        assertEquals(van(7), store.lees("k"));
    }

    @Test
    void aDeletionReadsAsNoneAndReachesTheStoreAtTheCommit() {
        Terugschrijfstore<String, Bijdrage> store = open();
        store.schrijf("k", van(2));
        store.flushCache();
        store.schrijf("k", null);
        assertNull(store.lees("k"));
        assertEquals(van(2), store.get("k"));
        store.flushCache();
        assertNull(store.get("k"));
    }

    @Test
    void theHookRunsAtEachCommitBeforeTheChangesAreWritten() {
        Terugschrijfstore<String, Bijdrage> store = open();
        List<Bijdrage> gezien = new ArrayList<>();
        store.voorCommit(() -> gezien.add(store.get("k")));
        store.schrijf("k", van(5));
        store.flushCache();
        store.flushCache();
        assertEquals(2, gezien.size());
        assertNull(gezien.get(0));
        assertEquals(van(5), gezien.get(1));
    }
}
