package nl.jeugdmonitor.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.function.BooleanSupplier;
import nl.jeugdmonitor.kafka.JsonSerde;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of an instance: liveness, readiness and Prometheus metrics without a token (SPEC §8);
 * the query API under /api/v1 joins here. Errors are JSON {"error","message"}, never a stack trace.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private static final String BEANTWOORD = "fout-beantwoord";
    private static final String BEGIN = "begin-nanos";

    private final Javalin app;

    public ApiServer(PrometheusMeterRegistry registry, BooleanSupplier ready, java.util.function.Consumer<Javalin> routes) {
        this(registry, ready, Map::of, routes);
    }

    /** @param details what /ready tells besides its status (the serving indicator definition, a rebuild's progress) */
    public ApiServer(PrometheusMeterRegistry registry, BooleanSupplier ready, java.util.function.Supplier<Map<String, Object>> details,
                     java.util.function.Consumer<Javalin> routes) {
        app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.staticFiles.enableWebjars(); // Swagger UI for /api-docs, served by the monitor itself (no CDN)
            cfg.jsonMapper(new JavalinJackson(JsonSerde.MAPPER, false));
        });
        // how long the monitor itself took (W3C Server-Timing, seen in a browser's developer tools): tells the time
        // spent answering apart from queueing, pauses and the network before and after it (the bench reports both)
        app.before(ctx -> ctx.attribute(BEGIN, System.nanoTime()));
        app.after(ctx -> {
            Long begin = ctx.attribute(BEGIN);
            if (begin != null) {
                ctx.header("Server-Timing", String.format(java.util.Locale.ROOT, "app;dur=%.3f", (System.nanoTime() - begin) / 1e6));
            }
        });
        app.exception(ApiFout.class, (e, ctx) -> antwoord(ctx, e));
        // a store that is migrating between instances during a rebalance: try again, never a partial answer
        app.exception(org.apache.kafka.streams.errors.InvalidStateStoreException.class, (e, ctx) -> {
            LOG.warn("{} answered 503: {}", zonderPseudoniem(ctx.path()), e.getMessage()); // why, for whoever sees 503s that do not pass
            antwoord(ctx, VerdeeldeBron.herverdeling());
        });
        app.exception(io.javalin.http.HttpResponseException.class, (e, ctx) -> {
            ctx.status(e.getStatus());
            fout(ctx, e.getStatus() == 400 ? "bad_request" : "error", e.getMessage());
        });
        routes.accept(app);
        app.get("/health", ctx -> ctx.json(Map.of("status", "UP")));
        app.get("/ready", ctx -> {
            boolean ok = ready.getAsBoolean();
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("status", ok ? "READY" : "NOT_READY");
            body.putAll(details.get());
            ctx.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(body);
        });
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
        app.error(HttpStatus.NOT_FOUND, ctx -> {
            if (ctx.attribute(BEANTWOORD) == null) {
                fout(ctx, "not_found", "no such endpoint: " + ctx.path());
            }
        });
        app.error(HttpStatus.METHOD_NOT_ALLOWED, ctx -> fout(ctx, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path()));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("request {} failed", zonderPseudoniem(ctx.path()), e);
            ctx.status(HttpStatus.INTERNAL_SERVER_ERROR);
            fout(ctx, "internal", "the request failed inside the monitor; see its log");
        });
    }

    private static final java.util.regex.Pattern PSEUDONIEM = java.util.regex.Pattern.compile("[0-9a-fA-F]{64}");

    /** A path as it may be logged: a client's pseudonym (64 hex digits) becomes {@code <pseudoniem>} (SPEC §3.3). */
    static String zonderPseudoniem(String pad) {
        return pad == null ? null : PSEUDONIEM.matcher(pad).replaceAll("<pseudoniem>");
    }

    /** Marks an error status whose body is already the answer (e.g. relayed from another instance): kept as it is. */
    static void alBeantwoord(Context ctx) {
        ctx.attribute(BEANTWOORD, true);
    }

    private static void antwoord(Context ctx, ApiFout e) {
        if (e.status() == 503) {
            ctx.header("Retry-After", "5");
        }
        ctx.status(e.status());
        fout(ctx, e.code(), e.getMessage());
        ctx.attribute(BEANTWOORD, true);
    }

    private static void fout(Context ctx, String code, String message) {
        Map<String, String> body = new java.util.LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        ctx.json(body);
    }

    public ApiServer start(int port) {
        app.start(port);
        return this;
    }

    public int port() {
        return app.port();
    }

    public Javalin javalin() {
        return app;
    }

    @Override
    public void close() {
        app.stop();
    }
}
