package nl.jeugdmonitor.indicator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import nl.jeugdmonitor.event.CanoniekEvent;
import nl.jeugdmonitor.kafka.JsonSerde;
import nl.jeugdmonitor.simulator.Simulator;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** iJw rule OP080: order of arrival carries no meaning. The same events in any order give the same indicators. */
class ArrivalOrderTest {

    private static TreeMap<String, String> aggregaten(List<CanoniekEvent> events) {
        try (IndicatorHarnas h = new IndicatorHarnas()) {
            h.stuur(events.toArray(CanoniekEvent[]::new));
            TreeMap<String, String> out = new TreeMap<>();
            var store = h.aggregaten();
            try (KeyValueIterator<String, Bijdrage> it = store.all()) {
                it.forEachRemaining(kv -> out.put(kv.key, new String(JsonSerde.write(kv.value))));
            }
            KeyValueStore<String, Wachtend> wachtlijst = h.driver.getKeyValueStore(IndicatorTopology.WACHTLIJST);
            try (KeyValueIterator<String, Wachtend> it = wachtlijst.all()) {
                it.forEachRemaining(kv -> out.put("wachtlijst|" + kv.key, new String(JsonSerde.write(kv.value))));
            }
            return out;
        }
    }

    @Test
    void theSameEventsInThreeRandomOrdersGiveIdenticalIndicators() {
        List<CanoniekEvent> events = SimulatieEvents.van(new Simulator.Instellingen(21, 2025, 2025, 0.01, 0));
        assertTrue(events.size() > 1000, "a history worth shuffling: " + events.size());
        TreeMap<String, String> inVolgorde = aggregaten(events);
        assertTrue(inVolgorde.size() > 2000, "many indicator keys: " + inVolgorde.size());
        assertTrue(inVolgorde.keySet().stream().anyMatch(k -> k.startsWith(Feiten.STAPELING + "|")), "stapeling is covered");
        for (String basis : FeitSleutel.PROCES) { // process health (SPEC §6.3), per aanbieder too
            assertTrue(inVolgorde.keySet().stream().anyMatch(k -> k.startsWith(basis + "|") && k.contains("@")), basis + " is covered");
        }
        assertTrue(events.stream().anyMatch(e -> e instanceof nl.jeugdmonitor.event.VerzoekAntwoord), "JW319 answers are covered");
        for (long seed : new long[] {1, 2, 3}) {
            List<CanoniekEvent> geschud = new ArrayList<>(events);
            Collections.shuffle(geschud, new Random(seed));
            TreeMap<String, String> anders = aggregaten(geschud);
            assertEquals(List.of(), IndicatorHarnas.verschillen(inVolgorde, anders), "order " + seed + " differs");
            assertEquals(inVolgorde, anders);
        }
    }
}
