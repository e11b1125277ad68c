package nl.jeugdmonitor.indicator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import nl.jeugdmonitor.config.AppConfig;
import nl.jeugdmonitor.event.CanoniekEvent;
import nl.jeugdmonitor.kafka.JsonSerde;
import nl.jeugdmonitor.simulator.Simulator;
import nl.jeugdmonitor.trajectory.Dossier;
import org.junit.jupiter.api.Test;

/**
 * SPEC §6.4: a change to the code that computes facts must raise {@link Definitie#FEITEN_VERSIE}, or the running
 * generation would go on with old and new facts mixed in its stores. The facts of a fixed set of scenarios (two
 * simulated years, at three peildatums) are digested and compared with the digest recorded for the current version
 * in {@code feiten-versie.properties}.
 */
class FeitenVersieTest {

    static String digest() throws Exception {
        List<CanoniekEvent> events = SimulatieEvents.van(new Simulator.Instellingen(5, 2024, 2025, 0.01, 0));
        assertTrue(events.size() > 2000, "scenarios worth digesting: " + events.size());
        Map<String, Dossier> dossiers = new TreeMap<>();
        for (CanoniekEvent e : events) {
            dossiers.computeIfAbsent(e.client(), c -> new Dossier()).verwerk(e);
        }
        Feiten feiten = Definitie.van(AppConfig.defaults()).feiten();
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (LocalDate p : List.of(LocalDate.of(2024, 6, 30), LocalDate.of(2025, 3, 15), LocalDate.of(2025, 12, 31))) {
            for (Map.Entry<String, Dossier> d : dossiers.entrySet()) {
                for (Feiten.Familie familie : Feiten.Familie.values()) {
                    feiten.alsTekst(feiten.van(d.getValue(), p, familie)).forEach((k, b) -> {
                        md.update((p + "|" + d.getKey() + "|" + k + "=").getBytes(StandardCharsets.UTF_8));
                        md.update(JsonSerde.write(b));
                    });
                }
                md.update(String.valueOf(feiten.volgendeWijziging(d.getValue(), p)).getBytes(StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void factsChangeOnlyWithANewFactsVersion() throws Exception {
        Properties vastgelegd = new Properties();
        try (InputStream in = FeitenVersieTest.class.getResourceAsStream("/feiten-versie.properties")) {
            vastgelegd.load(in);
        } catch (IOException | NullPointerException e) {
            throw new AssertionError("src/test/resources/feiten-versie.properties is missing", e);
        }
        String digest = digest();
        String opnemen = "record in src/test/resources/feiten-versie.properties: versie=" + Definitie.FEITEN_VERSIE + " digest=" + digest;
        assertEquals(vastgelegd.getProperty("versie"), String.valueOf(Definitie.FEITEN_VERSIE),
                "Definitie.FEITEN_VERSIE changed: " + opnemen);
        assertEquals(vastgelegd.getProperty("digest"), digest, "the facts of the scenarios changed while Definitie.FEITEN_VERSIE stayed "
                + Definitie.FEITEN_VERSIE + ": raise it (every running monitor then rebuilds from the canonical events) and " + opnemen);
    }
}
