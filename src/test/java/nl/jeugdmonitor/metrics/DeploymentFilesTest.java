package nl.jeugdmonitor.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * promtool checks the Prometheus configuration and unit-tests the alert rules; docker compose checks the compose file.
 * The tools come from Debian (prometheus, docker-compose): .ci/run installs them and sets
 * {@code -Djeugdmonitor.tools=vereist}, which turns a missing tool into a failure instead of a skip.
 */
public class DeploymentFilesTest {

    static boolean vereist() {
        return "vereist".equals(System.getProperty("jeugdmonitor.tools"));
    }

    /** The first of {@code namen} on the PATH; aborts (or fails, in CI) when there is none. */
    public static String gereedschap(String... namen) {
        for (String naam : namen) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
                if (Files.isExecutable(Path.of(dir, naam))) {
                    return Path.of(dir, naam).toString();
                }
            }
        }
        String waarom = String.join(" or ", namen) + " is not installed (a Debian package: .ci/run installs it)";
        if (vereist()) {
            throw new AssertionError(waarom);
        }
        Assumptions.abort(waarom);
        return null;
    }

    static String draai(List<String> commando) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(commando).redirectErrorStream(true).start();
        String uit = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(120, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), String.join(" ", commando) + ":\n" + uit);
        return uit;
    }

    @Test
    void prometheusConfigRulesAndRuleTestsPass() throws Exception {
        String promtool = gereedschap("promtool");
        draai(List.of(promtool, "check", "config", "prometheus/prometheus.yml"));
        draai(List.of(promtool, "check", "rules", "prometheus/rules.yml"));
        draai(List.of(promtool, "test", "rules", "prometheus/rules.test.yml"));
    }

    @Test
    void theComposeFileIsValid() throws Exception {
        String compose = gereedschap("docker-compose", "docker");
        List<String> c = new ArrayList<>(List.of(compose));
        if (compose.endsWith("/docker")) {
            c.add("compose");
        }
        c.addAll(List.of("-f", "docker-compose.yml", "config", "-q"));
        draai(c);
    }
}
