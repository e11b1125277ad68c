package nl.jeugdmonitor.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import nl.jeugdmonitor.config.Gemeenten;
import nl.jeugdmonitor.indicator.Feiten;
import nl.jeugdmonitor.streefwaarde.Alert;
import nl.jeugdmonitor.streefwaarde.Streefwaarde;
import nl.jeugdmonitor.streefwaarde.Streefwaarden;

/**
 * The pages a person opens in a browser (Dutch, rendered here, no CDN): the start page at {@code /} with the
 * streefwaarden as traffic lights per municipality, the waiting list and the latest alerts, and {@code /api-docs}
 * (Swagger UI from its webjar over the OpenAPI document). A page takes a token the way the API does: a login form
 * keeps it in a cookie ({@code HttpOnly}, {@code SameSite=Strict}), and nothing is shown without a valid one. The
 * start page shows every user what a {@code kijker} sees: counts and values resting on fewer than 10 youths are
 * hidden (SPEC §8).
 */
public final class Paginas {

    static final String COOKIE = "jeugdmonitor_token";
    private static final String SWAGGER_VERSIE = webjarVersie("swagger-ui");

    private final Toegang toegang;
    private final StreefwaardeApi streefwaardeApi;
    private final QueryApi queryApi;
    private final Streefwaarden streefwaarden;
    private final Map<String, String> links;

    /** @param links extra links for the page's navigation, label → address (Grafana, the demo's mailbox) */
    public Paginas(Toegang toegang, StreefwaardeApi streefwaardeApi, QueryApi queryApi, Streefwaarden streefwaarden,
                   Map<String, String> links) {
        this.toegang = toegang;
        this.streefwaardeApi = streefwaardeApi;
        this.queryApi = queryApi;
        this.streefwaarden = streefwaarden;
        this.links = links;
    }

    public void registreer(Javalin app) {
        app.get("/", this::start);
        app.post("/inloggen", this::inloggen);
        app.post("/uitloggen", ctx -> {
            ctx.removeCookie(COOKIE, "/");
            ctx.redirect("/", io.javalin.http.HttpStatus.SEE_OTHER);
        });
        app.get("/api-docs", ctx -> ctx.html(pagina("API-documentatie", "<div id=\"swagger-ui\"></div>"
                + "<link rel=\"stylesheet\" href=\"/webjars/swagger-ui/" + SWAGGER_VERSIE + "/swagger-ui.css\">"
                + "<script src=\"/webjars/swagger-ui/" + SWAGGER_VERSIE + "/swagger-ui-bundle.js\"></script>"
                + "<script>SwaggerUIBundle({url: '/api/v1/openapi.json', dom_id: '#swagger-ui'});</script>", false)));
    }

    private static String webjarVersie(String naam) {
        try (InputStream in = Paginas.class.getResourceAsStream("/META-INF/maven/org.webjars/" + naam + "/pom.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the " + naam + " webjar is missing from the classpath", e);
        }
    }

    private Toegang.Gebruiker gebruiker(Context ctx) {
        String token = ctx.cookie(COOKIE);
        return token == null ? null : toegang.wie("Bearer " + token);
    }

    private void inloggen(Context ctx) {
        String token = ctx.formParam("token");
        if (token == null || toegang.wie("Bearer " + token.strip()) == null) {
            ctx.status(401).html(pagina("Inloggen", "<p class=\"fout\">Dit token is onbekend.</p>" + loginFormulier(), false));
            return;
        }
        Cookie c = new Cookie(COOKIE, token.strip());
        c.setHttpOnly(true);
        c.setSameSite(SameSite.STRICT);
        c.setPath("/");
        ctx.cookie(c);
        ctx.redirect("/", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private static String loginFormulier() {
        return "<form method=\"post\" action=\"/inloggen\" id=\"inloggen\"><label>Token <input type=\"password\" name=\"token\" "
                + "autocomplete=\"current-password\" required></label> <button type=\"submit\">Inloggen</button></form>"
                + "<p>Het token krijgt u van de beheerder van de monitor (de demo drukt er een per rol af bij de start).</p>";
    }

    private void start(Context ctx) {
        Toegang.Gebruiker g = gebruiker(ctx);
        if (g == null) {
            ctx.html(pagina("Jeugdmonitor", "<p>De jeugdmonitor volgt de indicatoren van de jeugdhulp terwijl de iJw-berichten "
                    + "binnenkomen. Log in met uw token.</p>" + loginFormulier(), false));
            return;
        }
        StringBuilder b = new StringBuilder();
        b.append("<p>De jeugdmonitor leest de iJw-berichten tussen gemeenten en aanbieders (toewijzingen, start en stop van zorg, "
                + "declaraties) terwijl ze binnenkomen, houdt de indicatoren van de regio bij en vergelijkt ze met de afgesproken "
                + "streefwaarden. Waarden die op minder dan 10 jeugdigen rusten worden hier niet getoond, en ook geen waarden "
                + "waaruit zo'n kleine telling terug te rekenen is.</p>");
        b.append("<h2>Streefwaarden</h2>");
        deel(b, () -> streefwaardenTabel(b, g));
        b.append("<h2>Wachtlijst nu</h2>");
        deel(b, () -> wachtlijst(b, g));
        b.append("<h2>Laatste alerts</h2>");
        deel(b, () -> alerts(b, g));
        ctx.html(pagina("Jeugdmonitor", b.toString(), true));
    }

    private void streefwaardenTabel(StringBuilder b, Toegang.Gebruiker g) {
        Map<String, Map<String, Object>> perPaar = new LinkedHashMap<>();
        for (Map<String, Object> s : streefwaardeApi.standen(g, true, null, null, null)) {
            perPaar.put(s.get("streefwaarde") + "|" + s.get("scope"), s);
        }
        List<String> scopes = new java.util.ArrayList<>(List.of(Feiten.REGIO));
        streefwaarden.gemeenten().stream().filter(g::mag).forEach(scopes::add);
        b.append("<table id=\"streefwaarden\"><thead><tr><th>Streefwaarde</th>");
        for (String scope : scopes) {
            Gemeenten.Gemeente gem = Gemeenten.get(scope);
            b.append("<th>").append(esc(gem == null ? "Regio" : gem.naam())).append("</th>");
        }
        b.append("</tr></thead><tbody>");
        for (Streefwaarde s : streefwaarden.alle()) {
            if (s.perAanbieder()) {
                continue; // in the table per aanbieder below
            }
            b.append("<tr><th>").append(esc(s.naam())).append("</th>");
            for (String scope : scopes) {
                cel(b, perPaar.get(s.id() + "|" + scope));
            }
            b.append("</tr>");
        }
        b.append("</tbody></table>");
        // process health (SPEC §6.3): the contracted aanbieders, each across the region, against the targets per aanbieder
        List<Streefwaarde> perAanbieder = streefwaarden.alle().stream().filter(Streefwaarde::perAanbieder).toList();
        if (!perAanbieder.isEmpty()) {
            b.append("<h3>Berichtenverkeer per aanbieder</h3><table id=\"aanbieders\"><thead><tr><th>Aanbieder</th>");
            perAanbieder.forEach(s -> b.append("<th>").append(esc(s.naam())).append("</th>"));
            b.append("</tr></thead><tbody>");
            streefwaarden.aanbieders().forEach((agb, naam) -> {
                String scope = Feiten.metAanbieder(Feiten.REGIO, agb);
                if (!g.magScope(scope)) {
                    return;
                }
                b.append("<tr data-aanbieder=\"").append(esc(agb)).append("\"><th>").append(esc(naam)).append("</th>");
                perAanbieder.forEach(s -> cel(b, perPaar.get(s.id() + "|" + scope)));
                b.append("</tr>");
            });
            b.append("</tbody></table>");
        }
        b.append("<p class=\"klein\"><span class=\"s-OP_KOERS\">●</span> op koers · <span class=\"s-RISICO\">●</span> "
                + "risico · <span class=\"s-AFWIJKING\">●</span> afwijking · <span class=\"s-ONBEKEND\">●</span> onbekend (geen basisjaar, "
                + "geen waarde, of afgeschermd: minder dan 10 jeugdigen). Beweeg over een lamp voor de waarde.</p>");
    }

    /** One traffic light: a pair's status as the API gives it (a withheld status shows as unknown), the value on hover. */
    private static void cel(StringBuilder b, Map<String, Object> stand) {
        if (stand == null) {
            b.append("<td class=\"leeg\">–</td>");
            return;
        }
        String status = stand.get("status") == null ? "ONBEKEND" : String.valueOf(stand.get("status"));
        Object waarde = stand.get("value");
        String titel = statusTekst(status) + (waarde == null ? "" : ": " + waarde) + (stand.get("expected") == null ? ""
                : " (streefwaarde " + stand.get("expected") + ")");
        b.append("<td class=\"status s-").append(esc(status)).append("\" data-status=\"").append(esc(status))
                .append("\" title=\"").append(esc(titel)).append("\">●<span class=\"tekst\">").append(esc(statusTekst(status)))
                .append("</span></td>");
    }

    static String statusTekst(String status) {
        return switch (status) {
            case "OP_KOERS" -> "op koers";
            case "RISICO" -> "risico";
            case "AFWIJKING" -> "afwijking";
            default -> "onbekend";
        };
    }

    /** One part of the start page; while the monitor moves its partitions (or has not started) it says so instead. */
    private static void deel(StringBuilder b, Runnable deel) {
        int begin = b.length();
        try {
            deel.run();
        } catch (ApiFout | org.apache.kafka.streams.errors.InvalidStateStoreException e) {
            b.setLength(begin);
            b.append("<p>Dit deel is even niet beschikbaar (de monitor verdeelt zijn werk); probeer het zo opnieuw.</p>");
        }
    }

    private void wachtlijst(StringBuilder b, Toegang.Gebruiker g) {
        // the page shows what a kijker may see, whatever the token's role
        Map<String, Object> w = queryApi.wachtlijst(null, Feiten.REGIO, new Toegang.Gebruiker(Toegang.Rol.kijker, g.gemeenten()));
        b.append("<table id=\"wachtlijst\"><thead><tr><th>Zorgvorm</th><th>Wachtend</th><th>Langer dan de norm</th></tr></thead><tbody>");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Map<String, Object>>> per = (Map<String, Map<String, Map<String, Object>>>) w.get("perZorgvorm");
        per.forEach((zv, n) -> b.append("<tr><th>").append(esc(zv)).append("</th><td>").append(telling(n.get("wachtend")))
                .append("</td><td>").append(telling(n.get("boven_norm"))).append("</td></tr>"));
        b.append("</tbody></table><p class=\"klein\">Peildatum ").append(esc(String.valueOf(w.get("peildatum"))))
                .append(", definitie ").append(esc(String.valueOf(w.get("definitie")))).append(".</p>");
    }

    private static String telling(Map<String, Object> t) {
        return Boolean.TRUE.equals(t.get("onderdrukt"))
                ? "<span title=\"afgeschermd: minder dan 10, of terug te rekenen uit andere tellingen\">·</span>" : esc(String.valueOf(t.get("value")));
    }

    private void alerts(StringBuilder b, Toegang.Gebruiker g) {
        List<Alert> alerts = streefwaardeApi.laatsteAlerts(new Toegang.Gebruiker(Toegang.Rol.kijker, g.gemeenten()), 10);
        if (alerts.isEmpty()) {
            b.append("<p>Nog geen alerts.</p>");
            return;
        }
        b.append("<ul id=\"alerts\">");
        for (Alert a : alerts) {
            Streefwaarde s = streefwaarden.get(a.streefwaarde());
            // no value or explanation here: the page follows a kijker's policy, and an alert's value may rest on few youths
            b.append("<li>").append(esc(String.valueOf(a.peildatum()))).append(" · ").append(esc(s == null ? a.streefwaarde() : s.naam()))
                    .append(" · ").append(esc(new nl.jeugdmonitor.streefwaarde.Beoordelaar(streefwaarden.regio(), streefwaarden.aanbieders())
                            .waar(a.scope()))).append(": ").append(esc(statusTekst(a.vorige().name())))
                    .append(" → <strong>").append(esc(statusTekst(a.nieuw().name()))).append("</strong></li>");
        }
        b.append("</ul>");
    }

    private String pagina(String titel, String inhoud, boolean ingelogd) {
        StringBuilder nav = new StringBuilder("<a href=\"/\">Start</a> <a href=\"/api-docs\">API-documentatie</a>");
        links.forEach((label, href) -> nav.append(" <a href=\"").append(esc(href)).append("\">").append(esc(label)).append("</a>"));
        if (ingelogd) {
            nav.append(" <form method=\"post\" action=\"/uitloggen\" class=\"uit\"><button type=\"submit\">Uitloggen</button></form>");
        }
        return "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
                + "<title>" + esc(titel) + "</title><style>" + STIJL + "</style></head><body><header><h1>Jeugdmonitor</h1><nav>"
                + nav + "</nav></header><main>" + inhoud + "</main></body></html>";
    }

    private static final String STIJL = "body{font-family:system-ui,sans-serif;margin:0 1.5rem;color:#222}"
            + "header{display:flex;align-items:baseline;gap:2rem;border-bottom:1px solid #ccc}nav a{margin-right:1rem}"
            + "form.uit{display:inline}table{border-collapse:collapse;margin:.5rem 0}th,td{padding:.2rem .5rem;border:1px solid #ddd;"
            + "font-size:.85rem;text-align:left}td.status{text-align:center;font-size:1.1rem}.s-OP_KOERS{color:#1a7f37}"
            + ".s-RISICO{color:#d4a000}.s-AFWIJKING{color:#cf222e}.s-ONBEKEND{color:#999}.tekst{position:absolute;left:-9999px}"
            + ".klein{font-size:.8rem;color:#666}.fout{color:#cf222e}";

    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
