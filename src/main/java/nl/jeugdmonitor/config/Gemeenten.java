package nl.jeugdmonitor.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The CBS municipality codes (indeling 1-1-2026) with name and region; data shipped in the jar. */
public final class Gemeenten {

    public record Gemeente(String code, String naam, String regio) {}

    private static final Map<String, Gemeente> ALLE = load();

    private Gemeenten() {}

    private static Map<String, Gemeente> load() {
        Map<String, Gemeente> m = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                Gemeenten.class.getResourceAsStream("/ijw/gemeenten.csv")), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(";", -1);
                m.put(f[0], new Gemeente(f[0], f[1], f[2]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(m);
    }

    public static boolean bestaat(String code) {
        return code != null && ALLE.containsKey(code);
    }

    public static Gemeente get(String code) {
        return ALLE.get(code);
    }

    /** The municipalities of one region, by CBS code, e.g. the 14 of "Twente". */
    public static List<Gemeente> vanRegio(String regio) {
        return ALLE.values().stream().filter(g -> g.regio().equals(regio))
                .sorted(java.util.Comparator.comparing(Gemeente::code)).toList();
    }
}
