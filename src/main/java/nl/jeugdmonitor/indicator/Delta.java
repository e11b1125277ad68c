package nl.jeugdmonitor.indicator;

import java.util.TreeMap;

/** A change of one client's facts on one key, keyed by series (basis|selection|scope) on its way to the aggregator. */
public record Delta(String periode, long som, TreeMap<String, Long> verdeling) {

    Bijdrage alsBijdrage() {
        return new Bijdrage(som, verdeling == null ? null : new TreeMap<>(verdeling));
    }
}
