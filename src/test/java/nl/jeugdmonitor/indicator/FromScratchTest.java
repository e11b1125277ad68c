package nl.jeugdmonitor.indicator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import nl.jeugdmonitor.config.AppConfig;
import nl.jeugdmonitor.event.CanoniekEvent;
import nl.jeugdmonitor.simulator.Simulator;
import nl.jeugdmonitor.trajectory.Dossier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The incremental engine (differences per event, timers, combined deltas) ends where a computation from scratch
 * ends: the facts of every final dossier at the final peildatum, summed here.
 */
class FromScratchTest {

    @Test
    void aggregatesEqualTheFactsOfTheFinalDossiersSummedFromScratch() {
        List<CanoniekEvent> events = SimulatieEvents.van(new Simulator.Instellingen(33, 2025, 2025, 0.01, 0));
        assertTrue(events.size() > 1000, "a history: " + events.size());
        vergelijk(events);
        List<CanoniekEvent> geschud = new ArrayList<>(events);
        Collections.shuffle(geschud, new Random(4));
        vergelijk(geschud);
    }

    private static void vergelijk(List<CanoniekEvent> events) {
        AppConfig config = AppConfig.defaults();
        Feiten feiten = Definitie.van(config).feiten();
        try (IndicatorHarnas h = new IndicatorHarnas()) {
            h.stuur(events.toArray(CanoniekEvent[]::new));
            h.stuur(); // once more past the commit interval: deltas of timers due in the last punctuation
            LocalDate p = LocalDate.ofEpochDay(h.peildatum());
            TreeMap<String, Bijdrage> verwacht = new TreeMap<>();
            KeyValueStore<String, Dossier> dossiers = h.driver.getKeyValueStore(IndicatorTopology.DOSSIERS);
            try (KeyValueIterator<String, Dossier> it = dossiers.all()) {
                it.forEachRemaining(kv -> {
                    for (Feiten.Familie familie : Feiten.Familie.values()) {
                        feiten.alsTekst(feiten.van(kv.value, p, familie)).forEach((k, b) -> verwacht.computeIfAbsent(k, x -> new Bijdrage()).tel(b));
                    }
                });
            }
            verwacht.values().removeIf(Bijdrage::isLeeg);
            TreeMap<String, Bijdrage> gevonden = new TreeMap<>();
            var aggregaten = h.aggregaten();
            try (KeyValueIterator<String, Bijdrage> it = aggregaten.all()) {
                it.forEachRemaining(kv -> gevonden.put(kv.key, kv.value));
            }
            assertTrue(verwacht.size() > 2000, "many keys: " + verwacht.size());
            assertTrue(verwacht.keySet().stream().anyMatch(k -> k.startsWith(Feiten.STAPELING + "|")), "stapeling is covered");
        for (String basis : FeitSleutel.PROCES) { // process health (SPEC §6.3), per aanbieder too
            assertTrue(verwacht.keySet().stream().anyMatch(k -> k.startsWith(basis + "|") && k.contains("@")), basis + " is covered");
        }
        assertTrue(events.stream().anyMatch(e -> e instanceof nl.jeugdmonitor.event.VerzoekAntwoord), "JW319 answers are covered");
            assertEquals(List.of(), IndicatorHarnas.verschillen(verwacht, gevonden));
        }
    }
}
