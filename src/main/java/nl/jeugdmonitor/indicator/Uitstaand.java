package nl.jeugdmonitor.indicator;

import java.nio.ByteBuffer;

/**
 * The deltas a dossier processor has computed but not yet sent on, summed per key in memory, and their snapshot that
 * lets them survive a crash. A hot key (the region, this month) changes with almost every event, so the processor sends
 * one combined delta per series per commit interval; but a commit that holds a dossier's new state must also hold the
 * delta that state implies, or a crash between the commit and the next send loses it.
 *
 * <p>At every commit, before the transaction is prepared ({@link Terugschrijfstore}'s hook), the sums as they are then
 * are written to the changelogged store {@link IndicatorTopology#DELTALOG} as a snapshot, in records {@code 0…n-1} of at
 * most {@link #DEEL_BYTES} (the records of a larger earlier snapshot deleted). The snapshot goes to the changelog in the
 * transaction of the dossiers it belongs to, so after a restore it holds exactly what was computed and not sent. It
 * replaced a log record per unit of work (an event's family, a timer), which serialised every delta as it was made: 11%
 * of the indicator threads in a replay, where a snapshot serialises each key once per commit.
 */
final class Uitstaand {

    /** Send before the sums hold more keys than this: it bounds the memory and the snapshot. */
    static final int MAX_SLEUTELS = 50_000;
    /** The size a snapshot record grows to before the next begins (well under a producer's request size). */
    static final int DEEL_BYTES = 256 * 1024;

    private final Terugschrijfstore<Long, byte[]> log;
    private final LongMap<Bijdrage> som = new LongMap<>(4096);
    /** How many records the last snapshot took. */
    private long delen;
    /** Whether the sums changed since the last snapshot. */
    private boolean veranderd;

    /** Reads back, after a restore, the snapshot of the last commit, and takes the store's commit hook. */
    Uitstaand(Terugschrijfstore<Long, byte[]> log) {
        this.log = log;
        for (byte[] deel; (deel = log.lees(delen)) != null; delen++) {
            ByteBuffer buf = ByteBuffer.wrap(deel);
            while (buf.hasRemaining()) {
                long sleutel = FeitSleutel.metAgb(buf.getLong(), buf.getInt());
                tel(sleutel, BinaireSerdes.leesBijdrage(buf));
            }
        }
        veranderd = false; // as the snapshot holds them
        log.voorCommit(this::legVast);
    }

    /** Whether the sums are full: send before adding more. */
    boolean vol() {
        return som.size() >= MAX_SLEUTELS;
    }

    /** Adds a delta (by {@link FeitSleutel}; null: none) to the sums; true when there was one. */
    boolean tel(long sleutel, Bijdrage d) {
        if (d == null) {
            return false;
        }
        Bijdrage s = som.get(sleutel);
        if (s == null) {
            som.put(sleutel, d);
        } else {
            s.tel(d);
            if (s.isLeeg()) {
                som.remove(sleutel); // undone before it was sent
            }
        }
        veranderd = true;
        return true;
    }

    /** The sums per key of everything not yet sent. */
    LongMap<Bijdrage> som() {
        return som;
    }

    /** Records that everything so far was sent (call in the same unit of work as the send). */
    void verzonden() {
        if (!som.isEmpty()) {
            som.clear();
            veranderd = true;
        }
    }

    /** The commit hook: the sums as they are now, as the snapshot of this commit. */
    private void legVast() {
        if (!veranderd) {
            return;
        }
        int[] n = {0};
        ByteBuffer[] deel = {ByteBuffer.allocate(DEEL_BYTES)};
        som.forEach((k, d) -> {
            int grootte = 8 + 4 + BinaireSerdes.grootte(d);
            if (deel[0].remaining() < grootte) {
                log.schrijf((long) n[0]++, java.util.Arrays.copyOf(deel[0].array(), deel[0].position()));
                deel[0] = ByteBuffer.allocate(Math.max(DEEL_BYTES, grootte));
            }
            // an aanbieder's number holds in this process only: its AGB code goes beside the key
            BinaireSerdes.schrijfBijdrage(deel[0].putLong(k).putInt(FeitSleutel.agb(k)), d);
        });
        if (deel[0].position() > 0) {
            log.schrijf((long) n[0]++, java.util.Arrays.copyOf(deel[0].array(), deel[0].position()));
        }
        for (long i = n[0]; i < delen; i++) {
            log.schrijf(i, null);
        }
        delen = n[0];
        veranderd = false;
    }
}
