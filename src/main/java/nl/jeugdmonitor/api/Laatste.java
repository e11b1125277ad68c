package nl.jeugdmonitor.api;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * The last value made per key at some peildatum, answered at once while a newer one is made in the background
 * (stale-while-revalidate): for counts that take long to make and are asked often, so that no request waits for one
 * once it exists. A value serves a later peildatum of the same month only: a new month is made while the caller waits.
 */
final class Laatste<T> {

    private record Stand<T>(LocalDate p, T waarde, long gemaakt) {}

    private final Map<String, Stand<T>> laatste = new ConcurrentHashMap<>();
    private final Set<String> bezig = ConcurrentHashMap.newKeySet();
    private final Executor achtergrond;
    private final long geldigNanos;

    /** @param geldigNanos how old a value may be before a request has it made again in the background */
    Laatste(Executor achtergrond, long geldigNanos) {
        this.achtergrond = achtergrond;
        this.geldigNanos = geldigNanos;
    }

    /** The value of {@code sleutel} at {@code p}: the last one made for this month (not after p), or {@code maak}'s now. */
    T waarde(String sleutel, LocalDate p, Function<LocalDate, T> maak) {
        long nu = System.nanoTime();
        Stand<T> vorig = laatste.get(sleutel);
        if (vorig != null && !vorig.p().isAfter(p) && YearMonth.from(vorig.p()).equals(YearMonth.from(p))) {
            if (nu - vorig.gemaakt() > geldigNanos && bezig.add(sleutel)) {
                try {
                    achtergrond.execute(() -> {
                        try {
                            bewaar(sleutel, new Stand<>(p, maak.apply(p), System.nanoTime()));
                        } catch (RuntimeException e) {
                            laatste.remove(sleutel); // the next request makes it, and sees the failure
                        } finally {
                            bezig.remove(sleutel);
                        }
                    });
                } catch (RejectedExecutionException e) {
                    bezig.remove(sleutel);
                }
            }
            return vorig.waarde();
        }
        T waarde = maak.apply(p);
        bewaar(sleutel, new Stand<>(p, waarde, nu));
        return waarde;
    }

    private void bewaar(String sleutel, Stand<T> nieuw) {
        laatste.merge(sleutel, nieuw, (oud, n) -> n.p().isBefore(oud.p()) ? oud : n);
    }
}
