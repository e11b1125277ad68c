package nl.jeugdmonitor.indicator;

import java.util.function.LongSupplier;

/**
 * The time one stream thread may give to due timers: a share of every {@link #VENSTER_NANOS} window, for all the
 * dossier tasks the thread runs together. The budget was per task, and a thread runs one task per partition: when the
 * peildatum entered a new month every task of the thread had its own 250 ms of every second, six of them filled the
 * thread, and a new event waited behind the other tasks' timers for up to 1.25 s (a national year's freshness p99).
 * In windows of 100 ms an event waits for at most one window's share.
 */
final class Timerbudget {

    static final long VENSTER_NANOS = 100_000_000L;
    private static final ThreadLocal<Timerbudget> PER_THREAD = ThreadLocal.withInitial(() -> new Timerbudget(System::nanoTime));

    private final LongSupplier klok;
    private long venster;
    private long gebruikt;

    Timerbudget(LongSupplier klok) {
        this.klok = klok;
        this.venster = klok.getAsLong() - VENSTER_NANOS; // the first call opens a window
    }

    /** The budget of the calling thread (a stream thread: its tasks share it). */
    static Timerbudget vanDezeThread() {
        return PER_THREAD.get();
    }

    /**
     * Nanoseconds the timers may still take in the current window, for a budget of {@code nanosPerSeconde} of every
     * second (so a tenth of it per window); 0 or less when it is used up.
     */
    long rest(long nanosPerSeconde) {
        long nu = klok.getAsLong();
        if (nu - venster >= VENSTER_NANOS) {
            venster = nu;
            gebruikt = 0;
        }
        return nanosPerSeconde / (1_000_000_000L / VENSTER_NANOS) - gebruikt;
    }

    void gebruik(long nanos) {
        gebruikt += nanos;
    }
}
