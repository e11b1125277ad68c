package nl.jeugdmonitor.indicator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TimerbudgetTest {

    private static final long MS = 1_000_000L;

    @Test
    void theTasksOfOneThreadShareATenthOfTheBudgetPerWindow() {
        AtomicLong nu = new AtomicLong(5_000 * MS);
        Timerbudget b = new Timerbudget(nu::get);
        // 500 ms of every second: 50 ms per window of 100 ms, whichever task takes it
        assertEquals(50 * MS, b.rest(500 * MS));
        b.gebruik(30 * MS); // task 1
        nu.addAndGet(40 * MS);
        assertEquals(20 * MS, b.rest(500 * MS)); // task 2, same window: what task 1 left
        b.gebruik(25 * MS); // overshoots by one recomputation
        nu.addAndGet(59 * MS);
        assertEquals(-5 * MS, b.rest(500 * MS)); // task 3, 99 ms into the window: nothing
        nu.addAndGet(1 * MS);
        assertEquals(50 * MS, b.rest(500 * MS)); // the next window starts whole
    }

    @Test
    void everyThreadHasItsOwn() throws Exception {
        Timerbudget hier = Timerbudget.vanDezeThread();
        assertSame(hier, Timerbudget.vanDezeThread());
        AtomicReference<Timerbudget> daar = new AtomicReference<>();
        Thread t = new Thread(() -> daar.set(Timerbudget.vanDezeThread()));
        t.start();
        t.join();
        assertNotSame(hier, daar.get());
    }
}
