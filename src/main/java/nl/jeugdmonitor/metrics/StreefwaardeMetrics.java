package nl.jeugdmonitor.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.util.function.Function;
import java.util.function.Supplier;
import nl.jeugdmonitor.notify.Abonnement;
import nl.jeugdmonitor.notify.NotifierTopology;
import nl.jeugdmonitor.streefwaarde.Stand;
import nl.jeugdmonitor.streefwaarde.Streefwaarde;
import nl.jeugdmonitor.streefwaarde.StreefwaardeTopology;
import nl.jeugdmonitor.streefwaarde.Streefwaarden;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Gauges over the global stores every instance holds: per (streefwaarde, scope) its value, expected value and status
 * (0 onbekend, 1 op koers, 2 risico, 3 afwijking), and the subscriptions. NaN while a store is not readable.
 */
public final class StreefwaardeMetrics {

    private StreefwaardeMetrics() {}

    /** @param zichtbaar whether a kijker sees a (streefwaarde, scope): /metrics needs no token, so its gauges are NaN otherwise */
    public static void registreer(MeterRegistry registry, Streefwaarden streefwaarden, Supplier<KafkaStreams> evaluatie,
                                  Supplier<KafkaStreams> notifier, java.util.function.Predicate<String> zichtbaar) {
        for (Streefwaarde s : streefwaarden.alle()) {
            for (String scope : streefwaarden.scopes(s)) {
                String paar = s.sleutel(scope);
                Supplier<Stand> stand = () -> zichtbaar.test(paar) ? stand(evaluatie, paar) : null;
                gauge(registry, "jeugdmonitor.streefwaarde.waarde", s, scope, () -> getal(stand.get(), Stand::waarde));
                gauge(registry, "jeugdmonitor.streefwaarde.verwacht", s, scope, () -> getal(stand.get(), Stand::verwacht));
                gauge(registry, "jeugdmonitor.streefwaarde.status", s, scope, () -> {
                    Stand st = stand.get();
                    return st == null ? Double.NaN : st.status().ordinal();
                });
            }
        }
        for (boolean bevestigd : new boolean[] {true, false}) {
            Gauge.builder("jeugdmonitor.abonnementen", () -> abonnementen(notifier, bevestigd))
                    .tag("bevestigd", bevestigd ? "ja" : "nee").description("e-mail subscriptions").register(registry);
        }
    }

    private static void gauge(MeterRegistry registry, String naam, Streefwaarde s, String scope, Supplier<Number> f) {
        Gauge.builder(naam, f).tag("streefwaarde", s.id()).tag("scope", scope).register(registry);
    }

    private static <V> ReadOnlyKeyValueStore<String, V> store(Supplier<KafkaStreams> ks, String naam) {
        KafkaStreams streams = ks.get();
        return streams == null ? null : streams.store(StoreQueryParameters.fromNameAndType(naam, QueryableStoreTypes.<String, V>keyValueStore()));
    }

    private static Stand stand(Supplier<KafkaStreams> ks, String paar) {
        try {
            ReadOnlyKeyValueStore<String, Stand> s = store(ks, StreefwaardeTopology.STAND);
            return s == null ? null : s.get(paar);
        } catch (InvalidStateStoreException e) {
            return null;
        }
    }

    private static double getal(Stand s, Function<Stand, BigDecimal> veld) {
        BigDecimal v = s == null ? null : veld.apply(s);
        return v == null ? Double.NaN : v.doubleValue();
    }

    private static double abonnementen(Supplier<KafkaStreams> ks, boolean bevestigd) {
        try {
            ReadOnlyKeyValueStore<String, Abonnement> s = store(ks, NotifierTopology.ABONNEMENTEN);
            if (s == null) {
                return Double.NaN;
            }
            long n = 0;
            try (KeyValueIterator<String, Abonnement> it = s.all()) {
                while (it.hasNext()) {
                    n += it.next().value.bevestigd() == bevestigd ? 1 : 0;
                }
            }
            return n;
        } catch (InvalidStateStoreException e) {
            return Double.NaN;
        }
    }
}
