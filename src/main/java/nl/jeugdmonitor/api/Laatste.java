package nl.jeugdmonitor.api;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The last value made per key at some peildatum, answered at once while a newer one is made in the background
 * (stale-while-revalidate): for counts that take long to make and are asked often, so that no request waits for one
 * once it exists. A value serves a later peildatum of the same month only, and only while the {@code grondslag} it was
 * made from holds (for a count of this instance's clients: the partitions it holds; after a rebalance a value counted
 * over the old ones is never answered). Otherwise it is made while the caller waits.
 */
final class Laatste<T> {

    /** @param begonnen when making it began: of two values of different grondslagen, the one begun later is newer */
    private record Stand<T>(Object grondslag, LocalDate p, T waarde, long begonnen) {}

    private final Map<String, Stand<T>> laatste = new ConcurrentHashMap<>();
    private final Set<String> bezig = ConcurrentHashMap.newKeySet();
    private final Executor achtergrond;
    private final long geldigNanos;

    /** @param geldigNanos how old a value may be before a request has it made again in the background */
    Laatste(Executor achtergrond, long geldigNanos) {
        this.achtergrond = achtergrond;
        this.geldigNanos = geldigNanos;
    }

    /**
     * The value of {@code sleutel} at {@code p}: the last one made for this month (not after p) from the same grondslag,
     * or {@code maak}'s now.
     *
     * @param grondslag what a value is made from, read when making begins and handed to {@code maak} (equal objects: the same)
     */
    T waarde(String sleutel, Supplier<Object> grondslag, LocalDate p, BiFunction<Object, LocalDate, T> maak) {
        long nu = System.nanoTime();
        Object nuGrond = grondslag.get();
        Stand<T> vorig = laatste.get(sleutel);
        if (vorig != null && vorig.grondslag().equals(nuGrond) && !vorig.p().isAfter(p)
                && YearMonth.from(vorig.p()).equals(YearMonth.from(p))) {
            if (nu - vorig.begonnen() > geldigNanos && bezig.add(sleutel)) {
                try {
                    achtergrond.execute(() -> {
                        try {
                            maak(sleutel, grondslag, p, maak);
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
        return maak(sleutel, grondslag, p, maak);
    }

    private T maak(String sleutel, Supplier<Object> grondslag, LocalDate p, BiFunction<Object, LocalDate, T> maak) {
        long begonnen = System.nanoTime();
        Object grond = grondslag.get();
        T waarde = maak.apply(grond, p);
        Stand<T> nieuw = new Stand<>(grond, p, waarde, begonnen);
        laatste.merge(sleutel, nieuw, (oud, n) -> Objects.equals(oud.grondslag(), n.grondslag())
                ? (n.p().isBefore(oud.p()) ? oud : n)
                : (n.begonnen() - oud.begonnen() < 0 ? oud : n));
        return waarde;
    }
}
