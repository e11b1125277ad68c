package nl.jeugdmonitor.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import nl.jeugdmonitor.indicator.Feiten;
import nl.jeugdmonitor.indicator.Onderdrukking;
import nl.jeugdmonitor.streefwaarde.Alert;
import nl.jeugdmonitor.streefwaarde.Stand;
import nl.jeugdmonitor.streefwaarde.Status;
import nl.jeugdmonitor.streefwaarde.StreefwaardeTopology;
import nl.jeugdmonitor.streefwaarde.Streefwaarden;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** GET /streefwaarden and GET /alerts (SPEC §8): every instance answers from its own copies. */
public final class StreefwaardeApi {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StreefwaardeApi.class);

    private static final int MIN_N = Onderdrukking.MIN_N; // the policy's threshold, one number for every output

    private final Supplier<KafkaStreams> streams;
    private final AlertHistorie historie;
    private final Streefwaarden streefwaarden;
    private final QueryApi indicatoren;

    /** @param indicatoren where a kijker's suppression pattern comes from (the tables of the measures) */
    public StreefwaardeApi(Supplier<KafkaStreams> streams, AlertHistorie historie, Streefwaarden streefwaarden, QueryApi indicatoren) {
        this.streams = streams;
        this.historie = historie;
        this.streefwaarden = streefwaarden;
        this.indicatoren = indicatoren;
    }

    public void registreer(Javalin app) {
        app.get("/api/v1/streefwaarden", this::standen);
        app.get("/api/v1/alerts", this::alerts);
    }

    /**
     * The scope asked for (null: every scope the token may see): a gemeente, the region, or with {@code aanbieder} that
     * aanbieder in the region; 403 outside what the token may see.
     */
    private static String scope(Context ctx) {
        String gemeente = ctx.queryParam("gemeente");
        String aanbieder = ctx.queryParam(nl.jeugdmonitor.indicator.Metingen.AANBIEDER_PARAMETER);
        if (aanbieder != null) {
            if (!aanbieder.matches("[0-9]{8}") || gemeente != null && !gemeente.equals(Feiten.REGIO)) {
                throw ApiFout.ongeldig("aanbieder is an AGB code of 8 digits; its streefwaarden are the region's (no gemeente)");
            }
            String scope = Feiten.metAanbieder(Feiten.REGIO, aanbieder);
            if (!QueryApi.gebruiker(ctx).magScope(scope)) {
                throw new ApiFout(403, "forbidden", "this token may not see aanbieder " + aanbieder);
            }
            return scope;
        }
        if (gemeente != null && !gemeente.equals(Feiten.REGIO) && !nl.jeugdmonitor.config.Gemeenten.bestaat(gemeente)) {
            throw ApiFout.ongeldig("gemeente '" + gemeente + "' is not a CBS municipality code (e.g. 0153) or 'regio'");
        }
        if (gemeente == null) {
            return null;
        }
        if (!QueryApi.gebruiker(ctx).magScope(gemeente)) {
            throw new ApiFout(403, "forbidden", "this token may not see gemeente " + gemeente);
        }
        return gemeente;
    }

    private static Status status(Context ctx) {
        String s = ctx.queryParam("status");
        if (s == null) {
            return null;
        }
        try {
            return Status.valueOf(s);
        } catch (IllegalArgumentException e) {
            throw ApiFout.ongeldig("unknown status '" + s + "'; known: " + List.of(Status.values()));
        }
    }

    private String streefwaarde(Context ctx) {
        String id = ctx.queryParam("streefwaarde");
        if (id != null && streefwaarden.get(id) == null) {
            throw new ApiFout(404, "not_found", "unknown streefwaarde '" + id + "'");
        }
        return id;
    }

    private static boolean zichtbaar(Context ctx, String scope) {
        return QueryApi.gebruiker(ctx).magScope(scope);
    }

    private void standen(Context ctx) {
        QueryApi.alleen(ctx, Set.of("gemeente", "aanbieder", "status", "streefwaarde"));
        String scope = scope(ctx);
        Status status = status(ctx);
        String id = streefwaarde(ctx);
        ctx.json(Map.of("streefwaarden", standen(QueryApi.gebruiker(ctx), QueryApi.gebruiker(ctx).onderdrukt(), scope, status, id)));
    }

    /**
     * Every (streefwaarde, scope) the user may see, filtered by scope, status and id (each may be null), with a kijker's
     * suppression when {@code onderdrukken}: what GET /streefwaarden and the start page show.
     */
    List<Map<String, Object>> standen(Toegang.Gebruiker gebruiker, boolean onderdrukken, String scope, Status status, String id) {
        ReadOnlyKeyValueStore<String, Stand> store = streams.get().store(StoreQueryParameters.fromNameAndType(
                StreefwaardeTopology.STAND, QueryableStoreTypes.<String, Stand>keyValueStore()));
        List<Map<String, Object>> uit = new ArrayList<>();
        Onderdrukking.Kijker kijker = onderdrukken ? indicatoren.kijker() : null;
        try (KeyValueIterator<String, Stand> it = store.all()) {
            while (it.hasNext()) {
                Stand s = it.next().value;
                if (!gebruiker.magScope(s.scope()) || (scope != null && !scope.equals(s.scope()))
                        || (status != null && status != s.status()) || (id != null && !id.equals(s.streefwaarde()))
                        || streefwaarden.get(s.streefwaarde()) == null) {
                    continue;
                }
                boolean onderdrukt = onderdrukken && (s.n() != null && s.n() < MIN_N
                        || !streefwaarden.get(s.streefwaarde()).zichtbaar(s.scope(), s.peildatum(), kijker));
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("streefwaarde", s.streefwaarde());
                m.put("naam", streefwaarden.get(s.streefwaarde()).naam());
                m.put("scope", s.scope());
                m.put("value", onderdrukt ? null : s.waarde());
                m.put("expected", onderdrukt ? null : s.verwacht());
                m.put("n", onderdrukt ? null : s.n());
                m.put("onderdrukt", onderdrukt);
                m.put("status", onderdrukt ? null : s.status());
                m.put("since", s.sinds());
                m.put("peildatum", s.peildatum());
                uit.add(m);
            }
        }
        return uit;
    }

    /** The newest alerts of the scopes the user may see, as that user may see them. */
    List<Alert> laatsteAlerts(Toegang.Gebruiker gebruiker, int limiet) {
        return voor(gebruiker, historie.nieuwsteEerst(a -> gebruiker.magScope(a.scope()), limiet));
    }

    /**
     * Alerts as {@code gebruiker} may see them. A kijker sees an alert only while its (streefwaarde, scope) is visible to
     * it now (its status changes would otherwise tell what suppression hides), and never its values or the sentence
     * that holds them: the alert says which streefwaarde, where, and from which status to which.
     */
    List<Alert> voor(Toegang.Gebruiker gebruiker, List<Alert> alerts) {
        if (!gebruiker.onderdrukt() || alerts.isEmpty()) {
            return alerts;
        }
        Map<String, Boolean> zichtbaar = new java.util.HashMap<>();
        Onderdrukking.Kijker kijker = indicatoren.kijker();
        List<Alert> uit = new ArrayList<>();
        for (Alert a : alerts) {
            if (zichtbaar.computeIfAbsent(a.streefwaarde() + "|" + a.scope(), k -> huidigZichtbaar(a.streefwaarde(), a.scope(), kijker))) {
                uit.add(a.zonderWaarden(streefwaarden.get(a.streefwaarde()).naam()));
            }
        }
        return uit;
    }

    /**
     * Whether a kijker may see an alert's (streefwaarde, scope) now: what the mails of a kijker's subscription follow.
     * When it cannot be told (the monitor moves its partitions), no: the kijker's mail is left out rather than sent.
     */
    public boolean zichtbaarVoorKijker(Alert a) {
        try {
            return a.rustOpGenoeg() && huidigZichtbaar(a.streefwaarde(), a.scope(), indicatoren.kijker());
        } catch (ApiFout | org.apache.kafka.streams.errors.InvalidStateStoreException e) {
            LOG.warn("an alert of {} was not mailed to kijkers: their suppression could not be established ({})", a.streefwaarde(), e.getMessage());
            return false;
        }
    }

    private boolean huidigZichtbaar(String id, String scope, Onderdrukking.Kijker kijker) {
        Stand s = stand(id, scope);
        return s != null && streefwaarden.get(id) != null && (s.n() == null || s.n() >= MIN_N)
                && streefwaarden.get(id).zichtbaar(scope, s.peildatum(), kijker);
    }

    private Stand stand(String id, String scope) {
        return streams.get().store(StoreQueryParameters.fromNameAndType(StreefwaardeTopology.STAND,
                QueryableStoreTypes.<String, Stand>keyValueStore())).get(id + "|" + scope);
    }

    private void alerts(Context ctx) {
        QueryApi.alleen(ctx, Set.of("gemeente", "aanbieder", "status", "streefwaarde", "limit"));
        String scope = scope(ctx);
        Status status = status(ctx);
        String id = streefwaarde(ctx);
        int limiet;
        try {
            limiet = ctx.queryParam("limit") == null ? 100 : Integer.parseInt(ctx.queryParam("limit"));
        } catch (NumberFormatException e) {
            limiet = -1;
        }
        if (limiet < 1 || limiet > 1000) {
            throw ApiFout.ongeldig("limit is a whole number from 1 to 1000 (default 100)");
        }
        List<Alert> alerts = historie.nieuwsteEerst(a -> zichtbaar(ctx, a.scope()) && (scope == null || scope.equals(a.scope()))
                && (status == null || status == a.nieuw()) && (id == null || id.equals(a.streefwaarde())), limiet);
        ctx.json(Map.of("alerts", voor(QueryApi.gebruiker(ctx), alerts)));
    }
}
