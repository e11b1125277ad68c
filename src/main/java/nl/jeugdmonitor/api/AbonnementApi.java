package nl.jeugdmonitor.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import nl.jeugdmonitor.config.AppConfig;
import nl.jeugdmonitor.indicator.Feiten;
import nl.jeugdmonitor.kafka.JsonSerde;
import nl.jeugdmonitor.notify.Abonnement;
import nl.jeugdmonitor.notify.AbonnementTokens;
import nl.jeugdmonitor.notify.Melding;
import nl.jeugdmonitor.notify.NotifierTopology;
import nl.jeugdmonitor.streefwaarde.Status;
import nl.jeugdmonitor.streefwaarde.Streefwaarden;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * E-mail subscriptions (SPEC §7, §8): create (any token, for the municipalities it may see), confirm and unsubscribe
 * (the links in the mails, no token), list and delete (beheerder). Subscriptions live in the compacted
 * {@code jeugdhulp.abonnementen} topic; every instance reads them from the notifier's global store.
 */
public final class AbonnementApi {

    static final int MAX_BODY_BYTES = 4096;
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(\\.[A-Za-z0-9-]{1,63})+");
    private static final ObjectMapper STRIKT = JsonSerde.MAPPER.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private static final long UUR_MS = 3_600_000;

    /** The body of POST /subscriptions; absent lists mean all. */
    record Verzoek(String email, List<String> streefwaarden, List<String> gemeenten, List<String> aanbieders, String minimumStatus,
                   String frequentie) {}

    private final Supplier<KafkaStreams> notifier;
    private final Producer<String, byte[]> producer;
    private final AppConfig config;
    private final Streefwaarden streefwaarden;
    private final AbonnementTokens tokens;
    private final Clock klok;
    private final Map<String, Deque<Long>> recentPerAdres = new HashMap<>();

    public AbonnementApi(Supplier<KafkaStreams> notifier, Producer<String, byte[]> producer, AppConfig config,
                         Streefwaarden streefwaarden, AbonnementTokens tokens, Clock klok) {
        this.notifier = notifier;
        this.producer = producer;
        this.config = config;
        this.streefwaarden = streefwaarden;
        this.tokens = tokens;
        this.klok = klok;
    }

    public void registreer(Javalin app) {
        app.post("/api/v1/subscriptions", this::maak);
        // the links in mails open a page with a button; only its POST acts: mail scanners that open links change nothing.
        // POST to the unsubscribe link is also RFC 8058's one-click unsubscribe (List-Unsubscribe-Post).
        app.get("/api/v1/subscriptions/confirm/{token}", ctx -> knop(ctx, AbonnementTokens.BEVESTIG, "Aanmelding bevestigen",
                "Bevestig dat u meldingen van de jeugdmonitor wilt ontvangen.", "Bevestigen"));
        app.post("/api/v1/subscriptions/confirm/{token}", this::bevestig);
        app.get("/api/v1/subscriptions/unsubscribe/{token}", ctx -> knop(ctx, AbonnementTokens.AFMELDEN, "Afmelden",
                "Meld dit adres af voor meldingen van de jeugdmonitor.", "Afmelden"));
        app.post("/api/v1/subscriptions/unsubscribe/{token}", this::afmelden);
        app.get("/api/v1/subscriptions", this::lijst);
        app.delete("/api/v1/subscriptions/{id}", this::verwijder);
    }

    private ReadOnlyKeyValueStore<String, Abonnement> store() {
        return notifier.get().store(StoreQueryParameters.fromNameAndType(NotifierTopology.ABONNEMENTEN,
                QueryableStoreTypes.<String, Abonnement>keyValueStore()));
    }

    private void maak(Context ctx) throws Exception {
        QueryApi.alleen(ctx, Set.of());
        byte[] body = ctx.bodyAsBytes();
        if (body.length > MAX_BODY_BYTES) {
            throw ApiFout.ongeldig("the body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        Verzoek v;
        try {
            v = STRIKT.readValue(body, Verzoek.class);
        } catch (java.io.IOException e) {
            throw ApiFout.ongeldig("the body must be JSON {\"email\", \"streefwaarden\", \"gemeenten\", \"aanbieders\", \"minimumStatus\", \"frequentie\"}"
                    + " with no other fields");
        }
        if (v == null) {
            throw ApiFout.ongeldig("the body is empty");
        }
        String email = email(v.email());
        List<String> ids = lijst(v.streefwaarden());
        for (String id : ids) {
            if (streefwaarden.get(id) == null) {
                throw ApiFout.ongeldig("unknown streefwaarde '" + kort(id) + "'; GET /api/v1/streefwaarden lists them");
            }
        }
        List<String> scopes = new ArrayList<>(lijst(v.gemeenten()));
        Toegang.Gebruiker g = QueryApi.gebruiker(ctx);
        for (String s : scopes) {
            if (!s.equals(Feiten.REGIO) && !streefwaarden.gemeenten().contains(s)) {
                throw ApiFout.ongeldig("gemeente '" + kort(s) + "' is not one of the region's " + streefwaarden.gemeenten() + " or 'regio'");
            }
        }
        // a provider's contract manager subscribes to its own AGB codes: the streefwaarden of each in the region
        for (String a : lijst(v.aanbieders())) {
            if (!streefwaarden.aanbieders().containsKey(a)) {
                throw ApiFout.ongeldig("aanbieder '" + kort(a) + "' is not one of the aanbieders the streefwaarden evaluate");
            }
            scopes.add(Feiten.metAanbieder(Feiten.REGIO, a));
        }
        for (String s : scopes) {
            if (!g.magScope(s)) {
                throw new ApiFout(403, "forbidden", "this token may not see " + (s.contains("@") ? "aanbieder " : "gemeente ") + s);
            }
        }
        if (scopes.isEmpty() && (!g.alles() || g.perAanbieder())) {
            throw ApiFout.ongeldig("this token sees some municipalities or aanbieders only: list them in 'gemeenten' or 'aanbieders'");
        }
        Status minimum;
        try {
            minimum = v.minimumStatus() == null ? Status.RISICO : Status.valueOf(v.minimumStatus());
        } catch (IllegalArgumentException e) {
            throw ApiFout.ongeldig("minimumStatus is one of " + List.of(Status.values()));
        }
        Abonnement.Frequentie frequentie;
        try {
            frequentie = v.frequentie() == null ? Abonnement.Frequentie.direct : Abonnement.Frequentie.valueOf(v.frequentie());
        } catch (IllegalArgumentException e) {
            throw ApiFout.ongeldig("frequentie is 'direct' or 'dagelijks'");
        }
        long nu = klok.millis();
        // per token as well as per address: one token cannot flood many addresses with confirmation mails
        String token = "token:" + java.util.HexFormat.of().formatHex(Toegang.sha256(String.valueOf(ctx.header("Authorization"))));
        if (!magAanmaken(token, nu, config.mail().abonnementenPerTokenPerUur())) {
            throw new ApiFout(429, "too_many_requests", "too many subscriptions made with this token in the last hour; try later");
        }
        if (!magAanmaken("adres:" + email.toLowerCase(Locale.ROOT), nu, config.mail().abonnementenPerAdresPerUur())) {
            throw new ApiFout(429, "too_many_requests", "too many subscriptions for this address in the last hour; try later");
        }
        Abonnement a = new Abonnement(UUID.randomUUID().toString(), email, ids, scopes, minimum, frequentie, false, nu, g.rol().name(),
                List.copyOf(new java.util.TreeSet<>(g.gemeenten())));
        schrijf(config.topics().abonnementen(), a.id(), a);
        schrijf(config.topics().meldingen(), a.id(), Melding.bevestiging(a.id(), nu));
        ctx.status(202).json(Map.of("id", a.id(), "bevestigd", false,
                "message", "a confirmation mail is on its way; nothing is sent until its link is opened"));
    }

    private static String kort(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    /** A single plain address: no display name, no line breaks (header injection), at most 254 characters. */
    private static String email(String email) {
        if (email == null || email.length() > 254 || !EMAIL.matcher(email).matches()) {
            throw ApiFout.ongeldig("email must be one plain address such as naam@gemeente.nl");
        }
        try {
            new InternetAddress(email, true).validate();
        } catch (AddressException e) {
            throw ApiFout.ongeldig("email must be one plain address such as naam@gemeente.nl");
        }
        return email;
    }

    /** A list from the body: absent, empty or ["*"] mean all; items are short plain words. */
    private static List<String> lijst(List<String> l) {
        if (l == null || l.equals(List.of("*"))) {
            return List.of();
        }
        if (l.size() > 100 || l.stream().anyMatch(s -> s == null || !s.matches("[a-z0-9-]{1,64}"))) {
            throw ApiFout.ongeldig("streefwaarden and gemeenten are lists of ids (lower-case letters, digits, '-'), or [\"*\"]");
        }
        return List.copyOf(new java.util.LinkedHashSet<>(l));
    }

    /** At most {@code max} new subscriptions per address (or per token) per hour on this instance. */
    private synchronized boolean magAanmaken(String adres, long nu, int max) {
        Deque<Long> recent = recentPerAdres.computeIfAbsent(adres, x -> new ArrayDeque<>());
        while (!recent.isEmpty() && recent.peekFirst() <= nu - UUR_MS) {
            recent.pollFirst();
        }
        if (recent.size() >= max) {
            return false;
        }
        recent.addLast(nu);
        recentPerAdres.values().removeIf(d -> !d.isEmpty() && d.peekLast() <= nu - UUR_MS);
        return true;
    }

    private void schrijf(String topic, String sleutel, Object waarde) throws InterruptedException {
        try {
            producer.send(new ProducerRecord<>(topic, sleutel, waarde == null ? null : JsonSerde.write(waarde))).get();
        } catch (ExecutionException e) {
            throw new ApiFout(503, "unavailable", "Kafka did not accept the change; try again");
        }
    }

    private Abonnement bekend(String id) {
        Abonnement a = id == null ? null : store().get(id);
        if (a == null) {
            throw new ApiFout(404, "not_found", "no such subscription (or it was ended)");
        }
        return a;
    }

    /** The page a mail's link opens: what the button does, and the button (a form that POSTs to the same address). */
    private void knop(Context ctx, String soort, String titel, String uitleg, String label) {
        bekend(tokens.id(ctx.pathParam("token"), soort)); // an unknown or forged link: 404, as the POST would
        ctx.html("<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>" + titel + "</title></head><body>"
                + "<h1>" + titel + "</h1><p>" + uitleg + "</p><form method=\"post\"><button type=\"submit\">" + label
                + "</button></form></body></html>");
    }

    private void bevestig(Context ctx) throws Exception {
        Abonnement a = bekend(tokens.id(ctx.pathParam("token"), AbonnementTokens.BEVESTIG));
        if (!a.bevestigd()) {
            schrijf(config.topics().abonnementen(), a.id(), a.bevestig());
        }
        ctx.json(Map.of("id", a.id(), "bevestigd", true, "message", "aanmelding bevestigd"));
    }

    private void afmelden(Context ctx) throws Exception {
        Abonnement a = bekend(tokens.id(ctx.pathParam("token"), AbonnementTokens.AFMELDEN));
        schrijf(config.topics().abonnementen(), a.id(), null);
        ctx.json(Map.of("id", a.id(), "afgemeld", true, "message", "u bent afgemeld"));
    }

    private static void beheerder(Context ctx) {
        if (QueryApi.gebruiker(ctx).rol() != Toegang.Rol.beheerder) {
            throw new ApiFout(403, "forbidden", "managing subscriptions is for beheerders");
        }
    }

    /**
     * Whether a beheerder manages this subscription: one of all municipalities manages every one; another only those
     * made by a token whose municipalities are all its own (a subscription made before that was recorded: "*" only).
     */
    private static boolean beheert(Toegang.Gebruiker beheerder, Abonnement a) {
        return beheerder.alles() || (a.bereik() != null && !a.bereik().contains("*") && beheerder.gemeenten().containsAll(a.bereik()));
    }

    private void lijst(Context ctx) {
        beheerder(ctx);
        QueryApi.alleen(ctx, Set.of());
        List<Abonnement> alle = new ArrayList<>();
        try (KeyValueIterator<String, Abonnement> it = store().all()) {
            it.forEachRemaining(kv -> {
                if (beheert(QueryApi.gebruiker(ctx), kv.value)) {
                    alle.add(kv.value);
                }
            });
        }
        ctx.json(Map.of("subscriptions", alle));
    }

    private void verwijder(Context ctx) throws Exception {
        beheerder(ctx);
        Abonnement a = bekend(ctx.pathParam("id"));
        if (!beheert(QueryApi.gebruiker(ctx), a)) {
            throw new ApiFout(404, "not_found", "no such subscription (or it was ended)"); // as an unknown id: says nothing
        }
        schrijf(config.topics().abonnementen(), a.id(), null);
        ctx.status(204);
    }
}
