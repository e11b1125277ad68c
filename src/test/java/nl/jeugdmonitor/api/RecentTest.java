package nl.jeugdmonitor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A reused answer (waiting-list count, kijker table) is made by one request while the others wait for it. */
class RecentTest {

    @Test
    void concurrentAskersOfOneKeyWaitForOneMakerAndAFailureIsNotKept() throws Exception {
        Map<String, QueryApi.Bewaard> cache = new ConcurrentHashMap<>();
        AtomicInteger gemaakt = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Object>> antwoorden = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            antwoorden.add(pool.submit(() -> {
                start.await();
                return QueryApi.recent(cache, "lijst", TimeUnit.SECONDS.toNanos(60), () -> {
                    gemaakt.incrementAndGet();
                    try {
                        Thread.sleep(300); // long enough for every asker to arrive while it is made
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return new Object();
                });
            }));
        }
        start.countDown();
        Object eerste = antwoorden.get(0).get(10, TimeUnit.SECONDS);
        for (Future<Object> a : antwoorden) {
            assertSame(eerste, a.get(10, TimeUnit.SECONDS), "every asker gets the one answer");
        }
        assertEquals(1, gemaakt.get(), "made once for eight concurrent askers");
        pool.shutdown();

        assertThrows(IllegalStateException.class, () -> QueryApi.recent(cache, "fout", TimeUnit.SECONDS.toNanos(60), () -> {
            throw new IllegalStateException("rebalancing");
        }));
        assertEquals("weer", QueryApi.recent(cache, "fout", TimeUnit.SECONDS.toNanos(60), () -> "weer"), "a failure is not reused");
        assertEquals("oud", QueryApi.recent(cache, "kort", 0, () -> "oud"));
        Thread.sleep(1);
        assertEquals("nieuw", QueryApi.recent(cache, "kort", 0, () -> "nieuw"), "an expired answer is made again");
    }
}
