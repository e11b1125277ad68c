package nl.jeugdmonitor.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps (productCategorie, productCode) to a zorgvorm (SPEC §5): exact code first, then the longest code
 * prefix, then the category, else {@code overig}. Data in {@code productcatalogus.yaml}.
 */
public final class Productcatalogus {

    public static final String OVERIG = "overig";
    public static final String JUSTITIEEL = "justitieel";

    /** One zorgvorm: its groep and optional wait norm. */
    public record Zorgvorm(String id, String groep, Integer normDagen, Double normAandeel) {
        public boolean heeftNorm() {
            return normDagen != null;
        }
    }

    /** The file's content; {@link #inhoud()} gives it back in a canonical order. */
    public record Bestand(LinkedHashMap<String, Regel> zorgvormen, Map<String, String> codes) {}

    public record Regel(String groep, Integer normDagen, Double normAandeel, List<String> codePrefixen, List<String> categorieen) {}

    private final Map<String, Zorgvorm> zorgvormen = new LinkedHashMap<>();
    private final Map<String, String> codes = new HashMap<>();
    private final Map<String, String> prefixen = new HashMap<>();
    private final Map<String, String> categorieen = new HashMap<>();
    private final Map<String, String> cache = new java.util.concurrent.ConcurrentHashMap<>();
    private int langstePrefix;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Productcatalogus(Bestand b, String bron) {
        b.zorgvormen().forEach((id, r) -> {
            if (r.groep() == null) {
                throw new IllegalArgumentException(bron + ": zorgvorm " + id + " has no groep");
            }
            if ((r.normDagen() == null) != (r.normAandeel() == null)) {
                throw new IllegalArgumentException(bron + ": zorgvorm " + id + " needs both normDagen and normAandeel, or neither");
            }
            zorgvormen.put(id, new Zorgvorm(id, r.groep(), r.normDagen(), r.normAandeel()));
            for (String p : r.codePrefixen() == null ? List.<String>of() : r.codePrefixen()) {
                zet(prefixen, p, id, bron);
                langstePrefix = Math.max(langstePrefix, p.length());
            }
            for (String c : r.categorieen() == null ? List.<String>of() : r.categorieen()) {
                zet(categorieen, c, id, bron);
            }
        });
        if (!zorgvormen.containsKey(OVERIG)) {
            throw new IllegalArgumentException(bron + ": the zorgvorm '" + OVERIG + "' (for everything else) is required");
        }
        if (b.codes() != null) {
            b.codes().forEach((code, id) -> {
                if (!zorgvormen.containsKey(id)) {
                    throw new IllegalArgumentException(bron + ": code " + code + " names unknown zorgvorm " + id);
                }
                codes.put(code, id);
            });
        }
    }

    private static void zet(Map<String, String> m, String key, String id, String bron) {
        String eerder = m.put(key, id);
        if (eerder != null && !eerder.equals(id)) {
            throw new IllegalArgumentException(bron + ": '" + key + "' maps to both " + eerder + " and " + id);
        }
    }

    public static Productcatalogus standaard() {
        try (InputStream in = Productcatalogus.class.getResourceAsStream("/productcatalogus.yaml")) {
            return new Productcatalogus(YAML.readValue(in, Bestand.class), "productcatalogus.yaml");
        } catch (IOException e) {
            throw new IllegalStateException("the shipped product catalogue cannot be read", e);
        }
    }

    public static Productcatalogus lees(Path file) {
        try {
            return new Productcatalogus(YAML.readValue(Files.readAllBytes(file), Bestand.class), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("product catalogue " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** A catalogue from its content (as {@link #inhoud()} gives it), e.g. a definition stored on Kafka. */
    public static Productcatalogus van(Bestand inhoud, String bron) {
        return new Productcatalogus(inhoud, bron);
    }

    /**
     * What decides every mapping, in a canonical order (zorgvormen, codes, prefixes and categories sorted): two files
     * that map every product alike give equal content, whatever their order or layout. Part of the definition id.
     */
    public Bestand inhoud() {
        LinkedHashMap<String, Regel> z = new LinkedHashMap<>();
        new java.util.TreeMap<>(zorgvormen).forEach((id, zv) -> z.put(id, new Regel(zv.groep(), zv.normDagen(), zv.normAandeel(),
                sleutelsVan(prefixen, id), sleutelsVan(categorieen, id))));
        return new Bestand(z, new java.util.TreeMap<>(codes));
    }

    private static List<String> sleutelsVan(Map<String, String> m, String id) {
        return m.entrySet().stream().filter(e -> e.getValue().equals(id)).map(Map.Entry::getKey).sorted().toList();
    }

    /** The zorgvorm id of a product; never null. */
    public String zorgvorm(String categorie, String code) {
        return cache.computeIfAbsent(categorie + "|" + code, k -> zoek(categorie, code));
    }

    private String zoek(String categorie, String code) {
        if (code != null) {
            String exact = codes.get(code);
            if (exact != null) {
                return exact;
            }
            for (int n = Math.min(langstePrefix, code.length()); n > 0; n--) {
                String z = prefixen.get(code.substring(0, n));
                if (z != null) {
                    return z;
                }
            }
        }
        String z = categorie == null ? null : categorieen.get(categorie);
        return z == null ? OVERIG : z;
    }

    public Zorgvorm get(String zorgvormId) {
        return zorgvormen.get(zorgvormId);
    }

    public Map<String, Zorgvorm> zorgvormen() {
        return zorgvormen;
    }

    public Set<String> groepen() {
        Set<String> g = new java.util.LinkedHashSet<>();
        zorgvormen.values().forEach(z -> g.add(z.groep()));
        return g;
    }
}
