package nl.jeugdmonitor.console;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * One status line for a person watching the console: on a terminal it is redrawn in place every second; elsewhere (a
 * log file, CI) a new line every {@link #INTERVAL_NIET_TERMINAL_S} seconds, so a pipe is not flooded. The text comes
 * from a supplier, which must not throw (a failing part shows as "–").
 */
public final class Statusregel implements AutoCloseable {

    static final int INTERVAL_NIET_TERMINAL_S = 10;

    private final PrintStream out;
    private final Supplier<String> tekst;
    private final boolean terminal;
    private final Thread draad;
    private volatile boolean stoppen;
    private int breedte;

    public Statusregel(PrintStream out, Supplier<String> tekst) {
        this(out, tekst, System.console() != null);
    }

    Statusregel(PrintStream out, Supplier<String> tekst, boolean terminal) {
        this.out = out;
        this.tekst = tekst;
        this.terminal = terminal;
        this.draad = new Thread(this::lus, "statusregel");
        draad.setDaemon(true);
    }

    public Statusregel start() {
        draad.start();
        return this;
    }

    private void lus() {
        long interval = terminal ? 1_000 : INTERVAL_NIET_TERMINAL_S * 1_000L;
        while (!stoppen) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            toon();
        }
    }

    private synchronized void toon() {
        String t;
        try {
            t = tekst.get();
        } catch (RuntimeException e) {
            t = "–";
        }
        if (terminal) {
            // \r and padding: the new line overwrites the old one, also when it is shorter
            out.print("\r" + t + " ".repeat(Math.max(0, breedte - t.length())));
            breedte = t.length();
        } else {
            out.println(t);
        }
        out.flush();
    }

    /** Stops the line, after showing it once more (and ending it on a terminal). */
    @Override
    public void close() {
        stoppen = true;
        draad.interrupt();
        toon();
        if (terminal) {
            out.println();
        }
    }
}
