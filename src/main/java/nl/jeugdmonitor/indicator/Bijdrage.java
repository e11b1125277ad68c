package nl.jeugdmonitor.indicator;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A number and a distribution: what one client contributes to one indicator key (a fact), what a change
 * adds to it (a delta), and what all clients add up to (an aggregate). {@code som} is a count or an amount;
 * {@code verdeling} counts per label (a wait in days, a referrer, an aanbieder, "binnen", …).
 */
public final class Bijdrage {

    public long som;
    public TreeMap<String, Long> verdeling;

    public Bijdrage() {}

    public Bijdrage(long som, TreeMap<String, Long> verdeling) {
        this.som = som;
        this.verdeling = verdeling;
    }

    void plus(long n) {
        som += n;
    }

    void plus(String label, long n) {
        if (verdeling == null) {
            verdeling = new TreeMap<>();
        }
        verdeling.merge(label, n, Long::sum);
    }

    void zet(String label) {
        if (verdeling == null) {
            verdeling = new TreeMap<>();
        }
        verdeling.put(label, 1L);
    }

    /** Adds {@code d} into this (aggregation). */
    public void tel(Bijdrage d) {
        som += d.som;
        if (d.verdeling != null) {
            for (Map.Entry<String, Long> e : d.verdeling.entrySet()) {
                plus(e.getKey(), e.getValue());
                if (verdeling.get(e.getKey()) == 0) {
                    verdeling.remove(e.getKey());
                }
            }
            if (verdeling.isEmpty()) {
                verdeling = null; // one form for "no distribution", whatever the history
            }
        }
    }

    /** new − old, or null when they are equal. */
    static Bijdrage verschil(Bijdrage oud, Bijdrage nieuw) {
        Bijdrage d = new Bijdrage();
        d.som = (nieuw == null ? 0 : nieuw.som) - (oud == null ? 0 : oud.som);
        if (nieuw != null && nieuw.verdeling != null) {
            nieuw.verdeling.forEach((k, v) -> d.plus(k, v));
        }
        if (oud != null && oud.verdeling != null) {
            oud.verdeling.forEach((k, v) -> d.plus(k, -v));
        }
        if (d.verdeling != null) {
            d.verdeling.values().removeIf(v -> v == 0);
            if (d.verdeling.isEmpty()) {
                d.verdeling = null;
            }
        }
        return d.som == 0 && d.verdeling == null ? null : d;
    }

    public long get(String label) {
        return verdeling == null ? 0 : verdeling.getOrDefault(label, 0L);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isLeeg() {
        return som == 0 && (verdeling == null || verdeling.isEmpty());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bijdrage b && b.som == som
                && Objects.equals(verdeling == null ? Map.of() : verdeling, b.verdeling == null ? Map.of() : b.verdeling);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(som);
    }

    @Override
    public String toString() {
        return som + (verdeling == null ? "" : " " + verdeling);
    }
}
