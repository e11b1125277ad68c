package nl.jeugdmonitor.indicator;

import java.util.function.LongFunction;

/**
 * A map from {@code long} keys ({@link FeitSleutel}) to values, by open addressing: the engine's facts, deltas and
 * unsent sums. A {@code HashMap<Long, …>} boxed every key, kept a node per entry, and — because {@link Long#hashCode}
 * of keys whose fields sit in fixed bit ranges clusters — turned buckets into trees; here keys are mixed (MurmurHash3's
 * finaliser) and stored in one array. Values are never null.
 */
final class LongMap<V> {

    /** What {@link #forEach} hands each entry to. */
    interface Bezoeker<V> {
        void bezoek(long sleutel, V waarde);
    }

    private long[] sleutels;
    private Object[] waarden;
    private int grootte;
    private int masker;

    LongMap() {
        this(8);
    }

    LongMap(int verwacht) {
        int capaciteit = Integer.highestOneBit(Math.max(16, verwacht * 2) - 1) << 1;
        sleutels = new long[capaciteit];
        waarden = new Object[capaciteit];
        masker = capaciteit - 1;
    }

    private static int plaats(long k, int masker) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return (int) k & masker;
    }

    private int zoek(long k) {
        int i = plaats(k, masker);
        while (waarden[i] != null) {
            if (sleutels[i] == k) {
                return i;
            }
            i = (i + 1) & masker;
        }
        return -1 - i; // where it would go
    }

    @SuppressWarnings("unchecked")
    V get(long k) {
        int i = zoek(k);
        return i < 0 ? null : (V) waarden[i];
    }

    boolean containsKey(long k) {
        return zoek(k) >= 0;
    }

    @SuppressWarnings("unchecked")
    V computeIfAbsent(long k, LongFunction<V> maak) {
        int i = zoek(k);
        if (i >= 0) {
            return (V) waarden[i];
        }
        V v = maak.apply(k);
        zet(-1 - i, k, v);
        return v;
    }

    void put(long k, V v) {
        if (v == null) {
            throw new IllegalArgumentException("no null values");
        }
        int i = zoek(k);
        if (i >= 0) {
            waarden[i] = v;
        } else {
            zet(-1 - i, k, v);
        }
    }

    private void zet(int i, long k, V v) {
        sleutels[i] = k;
        waarden[i] = v;
        if (++grootte * 2 > waarden.length) {
            groei();
        }
    }

    private void groei() {
        long[] oudeSleutels = sleutels;
        Object[] oudeWaarden = waarden;
        sleutels = new long[oudeSleutels.length * 2];
        waarden = new Object[oudeWaarden.length * 2];
        masker = waarden.length - 1;
        for (int j = 0; j < oudeWaarden.length; j++) {
            if (oudeWaarden[j] != null) {
                int i = plaats(oudeSleutels[j], masker);
                while (waarden[i] != null) {
                    i = (i + 1) & masker;
                }
                sleutels[i] = oudeSleutels[j];
                waarden[i] = oudeWaarden[j];
            }
        }
    }

    /** Removes a key; the entries after it in its run move back, so every key stays reachable from its slot. */
    void remove(long k) {
        int i = zoek(k);
        if (i < 0) {
            return;
        }
        int j = i;
        while (true) {
            j = (j + 1) & masker;
            if (waarden[j] == null) {
                break;
            }
            int h = plaats(sleutels[j], masker);
            // entry j may fill the hole at i unless its own slot h lies cyclically in (i, j]
            boolean blijft = i <= j ? (i < h && h <= j) : (i < h || h <= j);
            if (!blijft) {
                sleutels[i] = sleutels[j];
                waarden[i] = waarden[j];
                i = j;
            }
        }
        waarden[i] = null;
        grootte--;
    }

    int size() {
        return grootte;
    }

    boolean isEmpty() {
        return grootte == 0;
    }

    void clear() {
        java.util.Arrays.fill(waarden, null);
        grootte = 0;
    }

    @SuppressWarnings("unchecked")
    void forEach(Bezoeker<? super V> bezoeker) {
        for (int i = 0; i < waarden.length; i++) {
            if (waarden[i] != null) {
                bezoeker.bezoek(sleutels[i], (V) waarden[i]);
            }
        }
    }
}
