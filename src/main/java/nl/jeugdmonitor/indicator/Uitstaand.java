package nl.jeugdmonitor.indicator;

import java.nio.ByteBuffer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The deltas a dossier processor has computed but not yet sent on, summed per key in memory, and the log that lets
 * them survive a crash. A hot key (the region, this month) changes with almost every event, so the processor sends
 * one combined delta per series per commit interval; but a commit that holds a dossier's new state must also hold the
 * delta that state implies, or a crash between the commit and the next send loses it.
 *
 * <p>Each unit of work (an event's family, a timer's recomputation) writes its own deltas as one record to the
 * changelogged store {@link IndicatorTopology#DELTALOG}, under the slot {@code volgnummer % SLOTS}; sending writes the
 * number of the last unit sent under {@link #VERZONDEN}. Both go to the changelog in the transaction of the work (and
 * of the send), so after a restore the units numbered above it are exactly those not yet sent. A slot is overwritten
 * only after its unit was sent: {@link #vol()} asks the processor to send first. One store write per unit replaces one
 * cached write per changed key (~38 per event), which took a third of the indicator thread.
 */
final class Uitstaand {

    /** Units that may wait unsent; at most this many slots are ever written. */
    static final int SLOTS = 4096;
    /** The key under which the number of the last unit sent is kept. */
    static final long VERZONDEN = -1;

    private final KeyValueStore<Long, byte[]> log;
    private final LongMap<Bijdrage> som = new LongMap<>(4096);
    private long verzonden;
    private long volgende;

    /** Reads back, after a restore, the units logged but not sent. */
    Uitstaand(KeyValueStore<Long, byte[]> log) {
        this.log = log;
        byte[] stand = log.get(VERZONDEN);
        verzonden = stand == null ? -1 : ByteBuffer.wrap(stand).getLong();
        volgende = verzonden + 1;
        try (KeyValueIterator<Long, byte[]> it = log.all()) {
            while (it.hasNext()) {
                KeyValue<Long, byte[]> kv = it.next();
                if (kv.key == VERZONDEN) {
                    continue;
                }
                ByteBuffer buf = ByteBuffer.wrap(kv.value);
                long nummer = buf.getLong();
                if (nummer > verzonden) {
                    for (int n = buf.getInt(); n > 0; n--) {
                        long sleutel = FeitSleutel.metAgb(buf.getLong(), buf.getInt());
                        tel(sleutel, BinaireSerdes.leesBijdrage(buf));
                    }
                    volgende = Math.max(volgende, nummer + 1);
                }
            }
        }
    }

    /** Whether every slot holds an unsent unit: send before logging another. */
    boolean vol() {
        return volgende - verzonden > SLOTS;
    }

    /** Logs one unit of work's deltas (by {@link FeitSleutel}) and adds them to the sums. */
    void log(LongMap<Bijdrage> deltas) {
        if (deltas.isEmpty()) {
            return;
        }
        if (vol()) {
            throw new IllegalStateException("every slot of " + IndicatorTopology.DELTALOG + " is unsent: send first");
        }
        int grootte = 8 + 4;
        int[] g = {grootte};
        deltas.forEach((k, d) -> g[0] += 8 + 4 + BinaireSerdes.grootte(d));
        ByteBuffer buf = ByteBuffer.allocate(g[0]).putLong(volgende).putInt(deltas.size());
        // an aanbieder's number holds in this process only: its AGB code goes beside the key
        deltas.forEach((k, d) -> BinaireSerdes.schrijfBijdrage(buf.putLong(k).putInt(FeitSleutel.agb(k)), d));
        log.put(volgende % SLOTS, buf.array());
        volgende++;
        deltas.forEach(this::tel);
    }

    private void tel(long sleutel, Bijdrage d) {
        Bijdrage s = som.get(sleutel);
        if (s == null) {
            Bijdrage kopie = new Bijdrage();
            kopie.tel(d);
            som.put(sleutel, kopie);
        } else {
            s.tel(d);
            if (s.isLeeg()) {
                som.remove(sleutel); // undone before it was sent
            }
        }
    }

    /** The sums per key of every unit not yet sent. */
    LongMap<Bijdrage> som() {
        return som;
    }

    /** Records that every unit so far was sent (call in the same unit of work as the send). */
    void verzonden() {
        if (volgende - 1 > verzonden) {
            verzonden = volgende - 1;
            log.put(VERZONDEN, ByteBuffer.allocate(8).putLong(verzonden).array());
        }
        som.clear();
    }
}
