package nl.jeugdmonitor.api;

import com.fasterxml.jackson.core.type.TypeReference;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import nl.jeugdmonitor.config.Gemeenten;
import nl.jeugdmonitor.config.Productcatalogus;
import nl.jeugdmonitor.indicator.Feiten;
import nl.jeugdmonitor.indicator.Generatie;
import nl.jeugdmonitor.indicator.Generaties;
import nl.jeugdmonitor.indicator.IndicatorTopology;
import nl.jeugdmonitor.indicator.LokaleBron;
import nl.jeugdmonitor.indicator.Metingen;
import nl.jeugdmonitor.indicator.Onderdrukking;
import nl.jeugdmonitor.indicator.Periode;
import nl.jeugdmonitor.indicator.Wachtend;
import nl.jeugdmonitor.trajectory.Dossier;
import nl.jeugdmonitor.trajectory.Traject;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

/** The query API under /api/v1 (SPEC §8): indicators, the waiting list, client trajectories; access by bearer token. */
public final class QueryApi {

    private static final String GEBRUIKER = "gebruiker";
    /** Marks a call from another instance (signed as the cluster): answered here, never forwarded again. */
    private static final String VAN_CLUSTER = "van-cluster";
    /** At most this many series per internal call, each at most {@link #MAX_SERIE_LENGTE} characters. */
    static final int MAX_SERIES = 500;
    private static final int MAX_SERIE_LENGTE = 200;
    private static final int MIN_N = Onderdrukking.MIN_N; // the policy's threshold, one number for every output
    private static final Pattern PSEUDONIEM = Pattern.compile("[0-9a-f]{64}");

    private final Generaties generaties;
    private final Supplier<HostInfo> zelf;
    private final Toegang toegang;
    private final Cluster cluster;
    private final List<String> gemeenten;

    /** @param gemeenten the region's municipalities: the scopes of the tables a kijker's suppression is computed over */
    public QueryApi(Generaties generaties, Supplier<HostInfo> zelf, Toegang toegang, Cluster cluster, List<String> gemeenten) {
        this.generaties = generaties;
        this.zelf = zelf;
        this.toegang = toegang;
        this.cluster = cluster;
        this.gemeenten = List.copyOf(gemeenten);
    }

    /** The serving generation: one request reads one generation only (SPEC §6.4). */
    private Generatie generatie() {
        Generatie g = generaties.actief();
        if (g == null) {
            throw VerdeeldeBron.herverdeling();
        }
        return g;
    }

    /** The generation another instance asks for by id; 503 when this instance no longer (or not yet) runs it. */
    private Generatie generatie(Context ctx) {
        String id = vereist(ctx, "definitie");
        return generaties.alle().stream().filter(g -> g.id().equals(id)).findFirst()
                .orElseThrow(() -> new ApiFout(503, "unavailable", "definition " + id + " does not run on this instance"));
    }

    /** What a token limited to aanbieders may ask: the measures (of its aanbieders), streefwaarden, alerts, subscriptions. */
    private static final java.util.regex.Pattern VOOR_AANBIEDERS =
            java.util.regex.Pattern.compile("/api/v1/(indicators(/[^/]+)?|streefwaarden|alerts|subscriptions(/[^/]+)?)");

    public void registreer(Javalin app) {
        app.before("/api/v1/*", ctx -> {
            if (ctx.path().equals("/api/v1/openapi.json") || ctx.path().startsWith("/api/v1/subscriptions/confirm/")
                    || ctx.path().startsWith("/api/v1/subscriptions/unsubscribe/")) {
                return; // the spec and the links in mails need no token
            }
            Toegang.Gebruiker namens = cluster.namens(ctx);
            if (namens != null) { // another instance, on behalf of the user who asked it
                ctx.attribute(GEBRUIKER, namens);
                ctx.attribute(VAN_CLUSTER, true);
                return;
            }
            if (ctx.path().startsWith("/api/v1/intern/")) {
                throw new ApiFout(403, "forbidden", "internal routes answer other instances of the monitor only");
            }
            Toegang.Gebruiker g = toegang.wie(ctx.header("Authorization"));
            if (g == null) {
                throw new ApiFout(401, "unauthorized", "a valid bearer token is required (Authorization: Bearer …)");
            }
            if (g.perAanbieder() && !VOOR_AANBIEDERS.matcher(ctx.path()).matches()) {
                throw new ApiFout(403, "forbidden", "this token sees the process measures, streefwaarden and alerts of its aanbieders only");
            }
            ctx.attribute(GEBRUIKER, g);
        });
        app.get("/api/v1/openapi.json", ctx -> ctx.contentType("application/json").result(openapi()));
        app.get("/api/v1/indicators", ctx -> ctx.json(Map.of("indicators", Metingen.MATEN)));
        app.get("/api/v1/indicators/{measure}", this::indicator);
        app.get("/api/v1/wachtlijst", this::wachtlijst);
        app.get("/api/v1/clients/{pseudonym}/trajecten", this::trajecten);
        app.post("/api/v1/intern/series", this::series);
        app.get("/api/v1/intern/wachtlijst", ctx -> ctx.json(lokaleTelling(generatie(ctx), datum(vereist(ctx, "peildatum")),
                ctx.queryParam("zorgvorm"), binnen(ctx, vereist(ctx, "scope")))));
    }

    /**
     * Another instance's call for whole series of this instance's partitions: at most {@link #MAX_SERIES}, each a whole
     * series (basis|selection|scope, never a prefix that scans a basis) of a scope the caller may see raw.
     */
    private void series(Context ctx) {
        Generatie generatie = generatie(ctx);
        List<String> gevraagd;
        try {
            gevraagd = nl.jeugdmonitor.kafka.JsonSerde.MAPPER.readValue(ctx.bodyAsBytes(), new TypeReference<List<String>>() {});
        } catch (IOException e) {
            throw ApiFout.ongeldig("the body is a JSON list of series");
        }
        if (gevraagd == null || gevraagd.size() > MAX_SERIES) {
            throw ApiFout.ongeldig("at most " + MAX_SERIES + " series per call");
        }
        LokaleBron bron = new LokaleBron(generatie);
        Map<String, Object> uit = new LinkedHashMap<>();
        for (String serie : gevraagd) {
            if (serie == null || serie.length() > MAX_SERIE_LENGTE || !nl.jeugdmonitor.indicator.Sleutel.isSerie(serie)) {
                throw ApiFout.ongeldig("a series is basis|selection|scope, at most " + MAX_SERIE_LENGTE + " characters");
            }
            uit.put(serie, bron.serie(binnen(ctx, serie)));
        }
        ctx.json(uit);
    }

    /**
     * {@code wat} (a scope, or a series ending in one) when the caller may read it: the region or one of its
     * municipalities. (A kijker's suppression pattern is computed from the global copy each instance holds, not from
     * calls.)
     */
    private static String binnen(Context ctx, String wat) {
        Toegang.Gebruiker g = gebruiker(ctx);
        String scope = wat.substring(wat.lastIndexOf('|') + 1);
        if (!g.magScope(scope)) {
            throw new ApiFout(403, "forbidden", "the caller may not see scope " + scope);
        }
        return wat;
    }

    private static LocalDate datum(String s) {
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw ApiFout.ongeldig("'" + s + "' is not a date like 2025-03-01");
        }
    }

    static Toegang.Gebruiker gebruiker(Context ctx) {
        return ctx.attribute(GEBRUIKER);
    }

    private static String vereist(Context ctx, String naam) {
        String v = ctx.queryParam(naam);
        if (v == null || v.isBlank()) {
            throw ApiFout.ongeldig("parameter '" + naam + "' is required");
        }
        return v;
    }

    static void alleen(Context ctx, Set<String> toegestaan) {
        for (String p : ctx.queryParamMap().keySet()) {
            if (!toegestaan.contains(p)) {
                throw ApiFout.ongeldig("unknown parameter '" + p + "'; allowed: " + new java.util.TreeSet<>(toegestaan));
            }
            if (ctx.queryParams(p).size() > 1) {
                throw ApiFout.ongeldig("parameter '" + p + "' is given more than once");
            }
        }
    }

    /** The scope of a request: a municipality the token may see, or the region. */
    private static String scope(Context ctx) {
        String gemeente = ctx.queryParam("gemeente");
        if (gemeente == null) {
            return Feiten.REGIO;
        }
        if (!Gemeenten.bestaat(gemeente)) {
            throw ApiFout.ongeldig("gemeente '" + gemeente + "' is not a CBS municipality code (e.g. 0153)");
        }
        if (!gebruiker(ctx).mag(gemeente)) {
            throw new ApiFout(403, "forbidden", "this token may not see gemeente " + gemeente);
        }
        return gemeente;
    }

    private static String selectie(Context ctx, boolean toegestaan, Productcatalogus catalogus) {
        String zorgvorm = ctx.queryParam("zorgvorm");
        String groep = ctx.queryParam("groep");
        if (zorgvorm != null && groep != null) {
            throw ApiFout.ongeldig("give zorgvorm or groep, not both");
        }
        if ((zorgvorm != null || groep != null) && !toegestaan) {
            throw ApiFout.ongeldig("this indicator has no zorgvorm or groep selection");
        }
        if (zorgvorm != null) {
            if (catalogus.get(zorgvorm) == null) {
                throw ApiFout.ongeldig("unknown zorgvorm '" + zorgvorm + "'; known: " + catalogus.zorgvormen().keySet());
            }
            return "zorgvorm=" + zorgvorm;
        }
        if (groep != null) {
            if (!catalogus.groepen().contains(groep)) {
                throw ApiFout.ongeldig("unknown groep '" + groep + "'; known: " + catalogus.groepen());
            }
            return "groep=" + groep;
        }
        return Feiten.ALLE;
    }

    private void indicator(Context ctx) {
        String meting = ctx.pathParam("measure");
        Metingen.Maat def = Metingen.maat(meting);
        if (def == null) {
            throw new ApiFout(404, "not_found", "unknown indicator '" + meting + "'; GET /api/v1/indicators lists them");
        }
        Set<String> params = new java.util.HashSet<>(Set.of("gemeente", "granularity", "from", "to"));
        params.addAll(def.parameters());
        alleen(ctx, params);
        Generatie generatie = generatie();
        String selectie = selectie(ctx, def.heeftSelectie(), generatie.catalogus());
        String scope = scope(ctx);
        String aanbieder = ctx.queryParam(Metingen.AANBIEDER_PARAMETER);
        if (aanbieder != null) {
            if (!aanbieder.matches("[0-9]{8}")) {
                throw ApiFout.ongeldig("aanbieder is an AGB code of 8 digits");
            }
            scope = Feiten.metAanbieder(scope, aanbieder);
        }
        if (!gebruiker(ctx).magScope(scope)) {
            throw new ApiFout(403, "forbidden", "this token sees its own aanbieders only: give aanbieder= one of them");
        }
        String granulariteit = ctx.queryParamAsClass("granularity", String.class).getOrDefault(Periode.MAAND);
        if (!Periode.GRANULARITEITEN.contains(granulariteit)) {
            throw ApiFout.ongeldig("granularity must be one of " + Periode.GRANULARITEITEN);
        }
        if (!def.granulariteiten().contains(granulariteit)) {
            throw ApiFout.ongeldig(meting + " exists for granularity=" + String.join("|", def.granulariteiten()) + " only");
        }
        Map<String, String> extra = new TreeMap<>();
        Metingen.PARAMETERWAARDEN.forEach((naam, waarden) -> {
            String w = ctx.queryParam(naam);
            if (w != null) {
                if (!waarden.contains(w)) {
                    throw ApiFout.ongeldig(naam + " must be one of " + waarden);
                }
                extra.put(naam, w);
            }
        });
        VerdeeldeBron bron = new VerdeeldeBron(generatie, zelf.get(), cluster, gebruiker(ctx));
        List<String> perioden = perioden(granulariteit, ctx.queryParam("from"), ctx.queryParam("to"), bron.peildatum());
        Metingen metingen = new Metingen(bron);
        boolean onderdrukken = gebruiker(ctx).onderdrukt();
        Onderdrukking.Kijker kijker = kijker(generatie, bron);
        List<Map<String, Object>> waarden = new ArrayList<>();
        for (String periode : perioden) {
            Metingen.Waarde w = metingen.waarde(meting, selectie, scope, granulariteit, periode, extra);
            Map<String, Object> v = new LinkedHashMap<>();
            boolean onderdrukt = onderdrukken && (w.n() != null && w.n() < MIN_N || !kijker.ziet(meting, selectie, scope, granulariteit, periode, extra));
            v.put("period", periode);
            v.put("value", onderdrukt ? null : w.value());
            v.put("n", onderdrukt ? null : w.n());
            if (w.median() != null || w.p90() != null || meting.equals("wachttijd_dagen") || meting.equals("trajectduur_dagen")) {
                v.put("median", onderdrukt ? null : w.median());
                v.put("p90", onderdrukt ? null : w.p90());
                v.put("mean", onderdrukt ? null : w.mean());
            }
            v.put("voorlopig", w.voorlopig());
            v.put("onderdrukt", onderdrukt);
            waarden.add(v);
        }
        Map<String, Object> uit = new LinkedHashMap<>();
        uit.put("indicator", meting);
        uit.put("definitie", generatie.id());
        uit.put("selection", selectie);
        uit.put("scope", scope);
        uit.put("granularity", granulariteit);
        uit.putAll(extra);
        if (aanbieder != null) {
            uit.put(Metingen.AANBIEDER_PARAMETER, aanbieder);
        }
        uit.put("peildatum", bron.peildatum());
        uit.put("values", waarden);
        ctx.json(uit);
    }

    /**
     * What a kijker sees of the serving generation: the streefwaarden, alerts and pages ask it before they show a value,
     * a status or a sentence built on one.
     */
    public Onderdrukking.Kijker kijker() {
        Generatie generatie = generatie();
        return kijker(generatie, new VerdeeldeBron(generatie, zelf.get(), cluster, new Toegang.Gebruiker(Toegang.Rol.kijker, Set.of("*"))));
    }

    /** A kijker's view over {@code bron}, its tables fetched once per {@link #TABEL_NANOS} and shared between requests. */
    private Onderdrukking.Kijker kijker(Generatie generatie, VerdeeldeBron bron) {
        return new Onderdrukking.Kijker(new Metingen(bron), (maat, params, jaar) -> recent(tabellen, generatie.id() + "|" + bron.peildatum() + "|"
                + maat.id() + "|" + new TreeMap<>(params) + "|" + jaar, TABEL_NANOS, () -> tabel(generatie, maat, params, jaar)));
    }

    /** How long a kijker's table is reused: answers within it come from one snapshot, and a dashboard's burst reads it once. */
    static final long TABEL_NANOS = java.time.Duration.ofSeconds(10).toNanos();
    record Bewaard(java.util.concurrent.CompletableFuture<Object> waarde, long tot) {}
    private final Map<String, Bewaard> tabellen = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * What {@code maak} makes for {@code sleutel}, reused from {@code cache} for {@code geldig} nanoseconds. One
     * request makes it; those that ask meanwhile wait for that one (bench --scale 30: with every expired entry made
     * again by each request in flight, 100 list queries a second held 2 million waiting clients at once and filled the
     * heap). A failure is not kept: every waiter gets it, the next request tries again.
     */
    @SuppressWarnings("unchecked")
    static <T> T recent(Map<String, Bewaard> cache, String sleutel, long geldig, Supplier<T> maak) {
        long nu = System.nanoTime();
        java.util.concurrent.CompletableFuture<Object> mijn = new java.util.concurrent.CompletableFuture<>();
        Bewaard b = cache.compute(sleutel, (k, oud) -> oud != null && oud.tot() - nu >= 0 ? oud : new Bewaard(mijn, nu + geldig));
        if (b.waarde() == mijn) {
            if (cache.size() > 256) {
                cache.values().removeIf(x -> x.tot() - nu < 0);
            }
            try {
                mijn.complete(maak.get());
            } catch (RuntimeException | Error e) { // never leave the waiters waiting
                cache.remove(sleutel, b);
                mijn.completeExceptionally(e);
                throw e;
            }
        }
        try {
            return (T) b.waarde().join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof Error fout) {
                throw fout;
            }
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * A measure's whole table for a year (every selection, scope and period) and its suppression pattern, from this
     * instance's global copy of all aggregates: no other instance is asked.
     */
    private Onderdrukking.Tabel tabel(Generatie generatie, Metingen.Maat maat, Map<String, String> extra, int jaar) {
        nl.jeugdmonitor.indicator.GlobaleBron globaal = new nl.jeugdmonitor.indicator.GlobaleBron(generatie);
        return Onderdrukking.tabel(new Metingen(globaal), maat, extra, jaar, generatie.catalogus(), gemeenten,
                globaal.aanbieders(jaar + "-01", jaar + "-12"), globaal.peildatum());
    }

    /** The periods asked for: from..to (defaults: the 12 months, 4 quarters or 5 years up to the peildatum); r12 gives one. */
    static List<String> perioden(String g, String van, String tot, LocalDate peildatum) {
        YearMonth peil = YearMonth.from(peildatum == null ? LocalDate.now() : peildatum);
        if (g.equals(Periode.R12)) {
            if (van != null) {
                throw ApiFout.ongeldig("granularity=r12 gives one value, for 'to' (a month) or the peildatum's month; 'from' does not apply");
            }
            return List.of(tot == null ? Periode.maand(peil) : maand(tot, "to").toString());
        }
        int eind = index(g, tot == null ? naam(g, peil) : tot, "to");
        int begin = van == null ? eind - (g.equals(Periode.MAAND) ? 11 : g.equals(Periode.KWARTAAL) ? 3 : 4) : index(g, van, "from");
        if (begin > eind) {
            throw ApiFout.ongeldig("'from' lies after 'to'");
        }
        int perJaar = g.equals(Periode.MAAND) ? 12 : g.equals(Periode.KWARTAAL) ? 4 : 1;
        if (eind - begin + 1 > 10 * perJaar) {
            throw ApiFout.ongeldig("at most 10 years per request");
        }
        List<String> out = new ArrayList<>();
        for (int i = begin; i <= eind; i++) {
            out.add(switch (g) {
                case Periode.MAAND -> YearMonth.of(i / 12, i % 12 + 1).toString();
                case Periode.KWARTAAL -> (i / 4) + "-Q" + (i % 4 + 1);
                default -> String.valueOf(i);
            });
        }
        return out;
    }

    private static String naam(String g, YearMonth m) {
        return switch (g) {
            case Periode.MAAND -> Periode.maand(m);
            case Periode.KWARTAAL -> Periode.kwartaal(m);
            default -> Periode.jaar(m);
        };
    }

    private static YearMonth maand(String s, String param) {
        try {
            if (!s.matches("\\d{4}-\\d{2}")) {
                throw new DateTimeParseException("", s, 0);
            }
            return YearMonth.parse(s);
        } catch (DateTimeParseException e) {
            throw ApiFout.ongeldig("'" + param + "' must be a month like 2024-01, not '" + s + "'");
        }
    }

    /** A period as a sequence number at its granularity, checking its syntax. */
    private static int index(String g, String s, String param) {
        switch (g) {
            case Periode.MAAND -> {
                YearMonth m = maand(s, param);
                return m.getYear() * 12 + m.getMonthValue() - 1;
            }
            case Periode.KWARTAAL -> {
                if (!s.matches("\\d{4}-Q[1-4]")) {
                    throw ApiFout.ongeldig("'" + param + "' must be a quarter like 2024-Q1, not '" + s + "'");
                }
                return Integer.parseInt(s.substring(0, 4)) * 4 + s.charAt(6) - '1';
            }
            default -> {
                if (!s.matches("\\d{4}")) {
                    throw ApiFout.ongeldig("'" + param + "' must be a year like 2024, not '" + s + "'");
                }
                return Integer.parseInt(s);
            }
        }
    }

    private void wachtlijst(Context ctx) {
        alleen(ctx, Set.of("zorgvorm", "gemeente"));
        String scope = scope(ctx);
        ctx.json(wachtlijst(ctx.queryParam("zorgvorm"), scope, gebruiker(ctx)));
    }

    /**
     * The waiting list at the peildatum for {@code scope} (already checked against the caller), as GET /wachtlijst and
     * the start page show it, suppressed for a kijker.
     */
    Map<String, Object> wachtlijst(String zorgvorm, String scope, Toegang.Gebruiker gebruiker) {
        boolean onderdrukken = gebruiker.onderdrukt();
        Generatie generatie = generatie();
        Productcatalogus catalogus = generatie.catalogus();
        if (zorgvorm != null && catalogus.get(zorgvorm) == null) {
            throw ApiFout.ongeldig("unknown zorgvorm '" + zorgvorm + "'");
        }
        VerdeeldeBron bron = new VerdeeldeBron(generatie, zelf.get(), cluster, gebruiker);
        LocalDate p = bron.peildatum();
        WachtTelling telling = WachtTelling.van(List.of(), p, zorgvorm, scope, catalogus);
        if (p != null) {
            // each instance counts its own clients, at this instance's peildatum; only the counts travel
            String pad = "/api/v1/intern/wachtlijst?definitie=" + generatie.id() + "&peildatum=" + p + "&scope=" + scope
                    + (zorgvorm == null ? "" : "&zorgvorm=" + zorgvorm);
            for (WachtTelling t : bron.perInstantie(IndicatorTopology.WACHTLIJST, () -> lokaleTelling(generatie, p, zorgvorm, scope),
                    pad, new TypeReference<WachtTelling>() {})) {
                telling = telling.plus(t);
            }
        }
        // a kijker sees a zorgvorm's count where the table of wachtend (or wachtend_boven_norm) in the peildatum's month
        // publishes it; the ages only for the whole region without a zorgvorm, all five or none: a bucket per municipality
        // or zorgvorm would be the region's bucket minus the others'
        Onderdrukking.Kijker kijker = onderdrukken && p != null ? kijker(generatie, bron) : null;
        String maand = p == null ? null : Periode.maand(YearMonth.from(p));
        Map<String, Object> zv = new TreeMap<>();
        telling.perZorgvorm().forEach((k, n) -> zv.put(k, Map.of(
                "wachtend", telling(n[0], !onderdrukken || kijker != null && n[0] >= MIN_N
                        && kijker.ziet("wachtend", "zorgvorm=" + k, scope, Periode.MAAND, maand, Map.of())),
                "boven_norm", telling(n[1], !onderdrukken || kijker != null && n[1] >= MIN_N
                        && kijker.ziet("wachtend_boven_norm", "zorgvorm=" + k, scope, Periode.MAAND, maand, Map.of())))));
        boolean leeftijdenZichtbaar = !onderdrukken || (Feiten.REGIO.equals(scope) && zorgvorm == null
                && telling.wachtdagen().values().stream().allMatch(n -> n >= MIN_N));
        Map<String, Object> leeftijden = new LinkedHashMap<>();
        telling.wachtdagen().forEach((k, n) -> leeftijden.put(k, telling(n, leeftijdenZichtbaar)));
        Map<String, Object> uit = new LinkedHashMap<>();
        uit.put("definitie", generatie.id());
        uit.put("peildatum", p);
        uit.put("scope", scope);
        uit.put("zorgvorm", zorgvorm);
        uit.put("perZorgvorm", zv);
        uit.put("wachtdagen", leeftijden);
        return uit;
    }

    /** How long this instance's count of one waiting list is reused. */
    static final long TELLING_NANOS = java.time.Duration.ofSeconds(1).toNanos();
    private final Map<String, Bewaard> tellingen = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * This instance's part of a /wachtlijst answer, counted at most once a second per list: counting reads every
     * waiting client (~1,000 in a Twente year, ~30,000 at national scale), and at national scale 100 list queries a
     * second, each counting afresh, outran two cores, queued up and filled the heap (bench --scale 30). Within a month
     * a request answers with the last count (of an earlier peildatum of that month, at most a second and one count
     * old) while a background thread counts again; the first request of a list or a month waits for its count.
     */
    private WachtTelling lokaleTelling(Generatie g, LocalDate p, String zorgvorm, String scope) {
        String lijst = g.id() + "|" + zorgvorm + "|" + scope;
        return geteld.waarde(lijst, () -> eigenTaken(g), p, (taken, dag) -> recent(tellingen, lijst + "|" + dag + "|" + taken,
                TELLING_NANOS, () -> {
                    WachtTelling t = WachtTelling.van(List.of(), dag, zorgvorm, scope, g.catalogus());
                    new LokaleBron(g).elkWachtend(w -> t.tel(w, dag, zorgvorm, scope, g.catalogus()));
                    return t;
                }));
    }

    /**
     * The last count of each list, answered while the next is made (no request waits for a count once one exists), as
     * long as this instance holds the same partitions.
     */
    private final Laatste<WachtTelling> geteld = new Laatste<>(java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "wachtlijst-telling");
        t.setDaemon(true);
        return t;
    }), TELLING_NANOS);

    /** The tasks of {@code g} active on this instance: a count of this instance's clients holds while they do. */
    private static Object eigenTaken(Generatie g) {
        java.util.TreeSet<String> taken = new java.util.TreeSet<>();
        for (org.apache.kafka.streams.ThreadMetadata t : g.streams().metadataForLocalThreads()) {
            t.activeTasks().forEach(a -> taken.add(a.taskId().toString()));
        }
        return taken;
    }

    /** What the waiting clients of one instance add to a /wachtlijst answer: per zorgvorm {waiting, above the norm}, and per age. */
    record WachtTelling(TreeMap<String, long[]> perZorgvorm, LinkedHashMap<String, Long> wachtdagen) {

        static final List<String> BAKKEN = List.of("0-14", "15-28", "29-42", "43-98", "99+");
        /** The last day of each bucket in {@link #BAKKEN} but the open last one. */
        private static final long[] TOT_EN_MET = {14, 28, 42, 98};

        /** The toewijzingen in {@code lijst} waiting at {@code p}, of {@code zorgvorm} (null: all) within {@code scope}. */
        static WachtTelling van(Iterable<Wachtend> lijst, LocalDate p, String zorgvorm, String scope, Productcatalogus catalogus) {
            WachtTelling t = new WachtTelling(new TreeMap<>(), new LinkedHashMap<>());
            BAKKEN.forEach(b -> t.wachtdagen.put(b, 0L));
            for (Wachtend w : lijst) {
                t.tel(w, p, zorgvorm, scope, catalogus);
            }
            return t;
        }

        /** Adds the toewijzingen of {@code w} waiting at {@code p}, of {@code zorgvorm} (null: all) within {@code scope}. */
        void tel(Wachtend w, LocalDate p, String zorgvorm, String scope, Productcatalogus catalogus) {
            for (Wachtend.Item i : w.items()) {
                if (!i.wachtOp(p) || (zorgvorm != null && !zorgvorm.equals(i.zorgvorm()))
                        || !(scope.equals(Feiten.REGIO) || scope.equals(i.gemeente()))) {
                    continue;
                }
                long dagen = p.toEpochDay() - i.toewijzingsdatum().toEpochDay();
                Productcatalogus.Zorgvorm zv = catalogus.get(i.zorgvorm());
                long[] n = perZorgvorm.computeIfAbsent(i.zorgvorm(), k -> new long[2]);
                n[0]++;
                n[1] += zv.heeftNorm() && dagen > zv.normDagen() ? 1 : 0;
                int bak = 0;
                while (bak < TOT_EN_MET.length && dagen > TOT_EN_MET[bak]) {
                    bak++;
                }
                wachtdagen.merge(BAKKEN.get(bak), 1L, Long::sum);
            }
        }

        WachtTelling plus(WachtTelling ander) {
            WachtTelling som = new WachtTelling(new TreeMap<>(), new LinkedHashMap<>(wachtdagen));
            for (WachtTelling t : List.of(this, ander)) {
                t.perZorgvorm.forEach((zv, n) -> {
                    long[] s = som.perZorgvorm.computeIfAbsent(zv, k -> new long[2]);
                    s[0] += n[0];
                    s[1] += n[1];
                });
            }
            ander.wachtdagen.forEach((b, n) -> som.wachtdagen.merge(b, n, Long::sum));
            return som;
        }
    }

    /** A count, or null and "onderdrukt" where the caller may not see it. */
    private static Map<String, Object> telling(long n, boolean zichtbaar) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", zichtbaar ? n : null);
        m.put("onderdrukt", !zichtbaar);
        return m;
    }

    private void trajecten(Context ctx) {
        alleen(ctx, Set.of());
        Toegang.Gebruiker g = gebruiker(ctx);
        if (g.rol() != Toegang.Rol.analist) {
            throw new ApiFout(403, "forbidden", "client look-ups are for analysts of the client's municipality");
        }
        String pseudoniem = ctx.pathParam("pseudonym");
        if (!PSEUDONIEM.matcher(pseudoniem).matches()) {
            throw ApiFout.ongeldig("a pseudonym is 64 lower-case hex digits");
        }
        Generatie generatie = generatie();
        KafkaStreams ks = generatie.streams();
        if (ks.state() != KafkaStreams.State.RUNNING) {
            throw VerdeeldeBron.herverdeling();
        }
        KeyQueryMetadata md = ks.queryMetadataForKey(IndicatorTopology.DOSSIERS, pseudoniem, Serdes.String().serializer());
        if (md == null || md == KeyQueryMetadata.NOT_AVAILABLE || md.activeHost() == null) {
            throw VerdeeldeBron.herverdeling();
        }
        if (!md.activeHost().equals(zelf.get()) && ctx.attribute(VAN_CLUSTER) == null) {
            doorsturen(ctx, md.activeHost());
            return;
        }
        Dossier d = new LokaleBron(generatie).dossier(pseudoniem);
        if (d == null) {
            throw onbekendeClient();
        }
        List<Map<String, Object>> trajecten = new ArrayList<>();
        boolean eenGemeente = false;
        for (Traject t : d.trajecten(generatie.catalogus())) {
            if (!g.mag(t.gemeente())) {
                continue; // the analyst sees the trajectories of its own municipalities only
            }
            eenGemeente = true;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("gemeente", t.gemeente());
            m.put("aanbieder", t.aanbieder());
            m.put("toewijzingNummer", t.nummer());
            m.put("zorgvorm", t.zorgvorm());
            m.put("productCode", t.productCode());
            m.put("begindatum", t.begin());
            m.put("einddatum", t.eind());
            m.put("redenEinde", t.redenEinde());
            m.put("wachtDagen", t.wachtDagen());
            m.put("duurDagen", t.eind() == null ? null : t.duurDagen());
            trajecten.add(m);
        }
        boolean bekend = d.toewijzingen.values().stream().anyMatch(t -> g.mag(t.gemeente));
        if (!eenGemeente && !bekend) {
            throw onbekendeClient();
        }
        ctx.json(Map.of("client", pseudoniem, "trajecten", trajecten));
    }

    /**
     * A client that is not in care in the token's municipalities answers exactly as one that is not known at all: a
     * different answer would tell a user of one municipality that the pseudonym is in care elsewhere (issue 17).
     */
    private static ApiFout onbekendeClient() {
        return new ApiFout(404, "not_found", "no client with this pseudonym in the token's municipalities");
    }

    /** Answers with the owner instance's answer to the same request. */
    private void doorsturen(Context ctx, HostInfo host) {
        HttpResponse<byte[]> r = VerdeeldeBron.vraag(host, ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString()),
                null, cluster, gebruiker(ctx));
        ctx.status(r.statusCode()).contentType("application/json").result(r.body());
        ApiServer.alBeantwoord(ctx); // the owner's 404 is the answer, not "no such endpoint"
    }

    private static volatile byte[] openapi;

    /**
     * The OpenAPI document: the written paths of {@code api/openapi.json}, with what the measure registry defines filled
     * in from it: the measure ids as the enum of {measure}, and every measure's name, unit, basis, parameters,
     * granularities and suppression basis ({@code x-measures}). A route or parameter missing from the document fails
     * QueryApiEndToEndTest.
     */
    static byte[] openapi() throws IOException {
        if (openapi == null) {
            try (InputStream in = QueryApi.class.getResourceAsStream("/api/openapi.json")) {
                com.fasterxml.jackson.databind.node.ObjectNode doc = (com.fasterxml.jackson.databind.node.ObjectNode)
                        nl.jeugdmonitor.kafka.JsonSerde.MAPPER.readTree(in);
                for (com.fasterxml.jackson.databind.JsonNode p : doc.path("paths").path("/indicators/{measure}").path("get").path("parameters")) {
                    if ("measure".equals(p.path("name").asText())) {
                        com.fasterxml.jackson.databind.node.ArrayNode e = ((com.fasterxml.jackson.databind.node.ObjectNode) p.get("schema")).putArray("enum");
                        Metingen.MATEN.forEach(m -> e.add(m.id()));
                    }
                }
                doc.set("x-measures", nl.jeugdmonitor.kafka.JsonSerde.MAPPER.valueToTree(Metingen.MATEN));
                openapi = nl.jeugdmonitor.kafka.JsonSerde.MAPPER.writeValueAsBytes(doc);
            }
        }
        return openapi;
    }
}
