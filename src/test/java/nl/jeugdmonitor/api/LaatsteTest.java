package nl.jeugdmonitor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A waiting-list count, once made, answers at once while the next one is made in the background. */
class LaatsteTest {

    private static final java.util.function.Supplier<Object> GROND = () -> "partities 0_0 0_1";

    @Test
    void onceAValueExistsNoCallerMakesItAndOneBackgroundTaskRefreshesItPerKey() {
        Deque<Runnable> achtergrond = new ArrayDeque<>(); // runs only when the test says so
        Laatste<String> laatste = new Laatste<>(achtergrond::add, 0); // every value is old at once
        AtomicInteger gemaakt = new AtomicInteger();
        LocalDate p1 = LocalDate.of(2026, 3, 10);
        LocalDate p2 = LocalDate.of(2026, 3, 11);

        assertEquals("telling 1 op 2026-03-10", laatste.waarde("lijst", GROND, p1, (g, p) -> "telling " + gemaakt.incrementAndGet() + " op " + p),
                "the first call makes it while it waits");
        for (int i = 0; i < 5; i++) {
            assertEquals("telling 1 op 2026-03-10", laatste.waarde("lijst", GROND, p2, (g, p) -> "telling " + gemaakt.incrementAndGet() + " op " + p),
                    "a later peildatum of the month is answered with the last value");
        }
        assertEquals(1, gemaakt.get(), "no caller made one");
        assertEquals(1, achtergrond.size(), "one refresh for five callers");
        achtergrond.poll().run();
        assertEquals("telling 2 op 2026-03-11", laatste.waarde("lijst", GROND, p2, (g, p) -> "telling " + gemaakt.incrementAndGet() + " op " + p));

        // a new month is not answered with the old one's count; an earlier peildatum than the value's neither
        assertEquals("telling 3 op 2026-04-01", laatste.waarde("lijst", GROND, LocalDate.of(2026, 4, 1), (g, p) -> "telling " + gemaakt.incrementAndGet() + " op " + p));
        assertEquals("telling 4 op 2026-03-31", laatste.waarde("lijst", GROND, LocalDate.of(2026, 3, 31), (g, p) -> "telling " + gemaakt.incrementAndGet() + " op " + p));
        assertEquals("telling 3 op 2026-04-01", laatste.waarde("lijst", GROND, LocalDate.of(2026, 4, 2), (g, p) -> "telling " + gemaakt.incrementAndGet() + " op " + p),
                "the value of the later peildatum is kept");
        // another key has its own value
        assertEquals("ander", laatste.waarde("andere lijst", GROND, p1, (g, p) -> "ander"));

        // a failing refresh is forgotten: the next caller makes it again and sees the failure, or the new value
        Deque<Runnable> taken = new ArrayDeque<>();
        Laatste<String> fout = new Laatste<>(taken::add, 0);
        fout.waarde("lijst", GROND, p1, (g, p) -> "eerst");
        assertEquals("eerst", fout.waarde("lijst", GROND, p2, (g, p) -> {
            throw new IllegalStateException("rebalancing");
        }));
        taken.poll().run();
        assertEquals("weer", fout.waarde("lijst", GROND, p2, (g, p) -> "weer"), "made by the caller: the failed value was not kept");
        assertEquals(0, taken.size());
    }

    @Test
    void aValueMadeFromOtherPartitionsIsNeverAnsweredNorKeptOverANewerOne() {
        Deque<Runnable> achtergrond = new ArrayDeque<>();
        Laatste<String> laatste = new Laatste<>(achtergrond::add, 0);
        String[] partities = {"0_0 0_1"};
        java.util.function.Supplier<Object> grond = () -> partities[0];
        LocalDate p1 = LocalDate.of(2026, 3, 10);
        LocalDate p2 = LocalDate.of(2026, 3, 11);
        assertEquals("over 0_0 0_1", laatste.waarde("lijst", grond, p1, (g, p) -> "over " + g));

        partities[0] = "0_0 0_1 0_2"; // a rebalance: this instance now also holds 0_2
        assertEquals("over 0_0 0_1 0_2", laatste.waarde("lijst", grond, p2, (g, p) -> "over " + g),
                "the old count is not answered: the caller waits for a count over the partitions it holds now");
        assertEquals(0, achtergrond.size());

        // a refresh begun over 0_0 0_1 0_2 is still counting when this instance gives up 0_2 and a caller counts anew
        assertEquals("over 0_0 0_1 0_2", laatste.waarde("lijst", grond, p2, (g, p) -> {
            partities[0] = "0_0 0_1"; // the rebalance, while the refresh counts
            assertEquals("over 0_0 0_1", laatste.waarde("lijst", grond, p2, (g2, q) -> "over " + g2));
            return "over " + g;
        }));
        achtergrond.poll().run();
        assertEquals("over 0_0 0_1", laatste.waarde("lijst", grond, p2, (g, p) -> "nieuw"),
                "the refresh that began before the caller's count and ended after it did not replace it");
    }
}
