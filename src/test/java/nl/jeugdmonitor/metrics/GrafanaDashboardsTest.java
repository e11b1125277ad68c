package nl.jeugdmonitor.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The dashboards in grafana/ are well formed; which metrics they query is checked against a live scrape elsewhere. */
class GrafanaDashboardsTest {

    static final Path DASHBOARDS = Path.of("grafana/dashboards");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAAM = Pattern.compile("\\b(jeugdmonitor_[a-z0-9_]+|kafka_[a-z0-9_]+|jvm_[a-z0-9_]+|process_[a-z0-9_]+|up)\\b");

    static List<JsonNode> dashboards() throws IOException {
        List<JsonNode> uit = new ArrayList<>();
        try (Stream<Path> s = Files.list(DASHBOARDS)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                uit.add(JSON.readTree(p.toFile()));
            }
        }
        return uit;
    }

    /** The metric names in every query of every dashboard. */
    static Set<String> metriekNamen() throws IOException {
        Set<String> namen = new TreeSet<>();
        for (JsonNode d : dashboards()) {
            for (JsonNode p : d.get("panels")) {
                for (JsonNode t : p.get("targets")) {
                    Matcher m = NAAM.matcher(t.get("expr").asText());
                    while (m.find()) {
                        namen.add(m.group(1));
                    }
                }
            }
        }
        return namen;
    }

    @Test
    void everyDashboardIsWellFormed() throws IOException {
        List<JsonNode> alle = dashboards();
        assertEquals(7, alle.size(), "streefwaarden, verblijf, ambulant, wachttijden, kosten, berichtenverkeer, pipeline");
        Set<String> uids = new HashSet<>();
        for (JsonNode d : alle) {
            String titel = d.path("title").asText();
            assertFalse(titel.isBlank(), "a title");
            assertTrue(uids.add(d.path("uid").asText()), "unique uid " + d.path("uid"));
            assertFalse(d.path("uid").asText().isBlank(), titel + ": a uid");
            assertTrue(d.path("schemaVersion").asInt() > 0, titel + ": a schemaVersion");
            Set<Integer> ids = new HashSet<>();
            for (JsonNode p : d.get("panels")) {
                String paneel = titel + " / " + p.path("title").asText();
                assertTrue(ids.add(p.path("id").asInt()), paneel + ": duplicate panel id " + p.path("id"));
                assertEquals("prometheus", p.path("datasource").path("uid").asText(), paneel + ": the provisioned datasource");
                assertTrue(p.path("targets").size() > 0, paneel + ": a query");
                for (JsonNode t : p.get("targets")) {
                    assertFalse(t.path("expr").asText().isBlank(), paneel + ": an expression");
                }
                assertFalse(p.path("fieldConfig").path("defaults").path("unit").asText().isBlank(), paneel + ": a unit");
            }
        }
        assertTrue(Files.readString(Path.of("grafana/provisioning/datasources/prometheus.yml")).contains("uid: prometheus"));
        assertTrue(Files.readString(Path.of("grafana/provisioning/dashboards/jeugdmonitor.yml")).contains("/var/lib/grafana/dashboards"));
        assertTrue(metriekNamen().containsAll(List.of("jeugdmonitor_indicator", "jeugdmonitor_berichtenverkeer")));
    }

    @Test
    void theDomainDashboardsFilterByGemeenteAndTheWaitsByZorgvorm() throws IOException {
        for (JsonNode d : dashboards()) {
            Set<String> variabelen = new HashSet<>();
            d.path("templating").path("list").forEach(v -> variabelen.add(v.path("name").asText()));
            String uid = d.path("uid").asText();
            if (Set.of("jeugdmonitor-verblijf", "jeugdmonitor-ambulant", "jeugdmonitor-wachttijden", "jeugdmonitor-kosten").contains(uid)) {
                assertTrue(variabelen.contains("gemeente"), uid);
            }
            if (uid.equals("jeugdmonitor-wachttijden")) {
                assertTrue(variabelen.contains("zorgvorm"), uid);
            }
            if (uid.equals("jeugdmonitor-berichtenverkeer")) {
                assertTrue(variabelen.contains("gemeente"), uid);
                // per aanbieder: only the region's rows, the only ones a kijker (and so /metrics) has
                for (JsonNode p : d.get("panels")) {
                    for (JsonNode t : p.get("targets")) {
                        String expr = t.get("expr").asText();
                        if (expr.contains("jeugdmonitor_berichtenverkeer") && expr.contains("aanbieder!=\"alle\"")) {
                            assertTrue(expr.contains("gemeente=\"regio\""), uid + ": " + expr);
                        }
                    }
                }
            }
        }
    }
}
