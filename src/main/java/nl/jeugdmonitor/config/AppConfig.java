package nl.jeugdmonitor.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/** The application's configuration: the shipped defaults, overridden key by key by an optional YAML file. */
public record AppConfig(String applicationId, Topics topics, Ingest ingest, Indicatoren indicatoren,
                        Streefwaarden streefwaarden, Mail mail, Map<String, String> kafka) {

    public record Topics(String ijw, String events, String begroting, String dlq, String canoniek, String begrotingen,
                         String indicatoren, String peildatum, String streefwaarden, String alerts, String abonnementen,
                         String meldingen, String definities, int partitions, short replicationFactor) {}

    public record Ingest(int maxBerichtBytes, int dedupDagen) {}

    /**
     * {@code catalogus}: a product catalogue file replacing the shipped one (null: the default). A new definition is
     * rebuilt beside the serving one; {@code overschakelen} {@code automatisch} switches when the rebuild's lag is at
     * most {@code overschakelMarge} events, {@code handmatig} waits for {@code status --activeer ID}.
     * {@code streamThreads}: the stream threads of each definition's engine (Kafka Streams' num.stream.threads).
     */
    public record Indicatoren(String catalogus, int recidiveGapDagen, int doorplaatsingDagen, int uitstroomDagen,
                              String overschakelen, long overschakelMarge, int streamThreads) {
        public Indicatoren {
            if (streamThreads < 1) {
                throw new IllegalArgumentException("indicatoren.streamThreads must be 1 or more");
            }
            if (!java.util.Set.of("automatisch", "handmatig").contains(overschakelen)) {
                throw new IllegalArgumentException("indicatoren.overschakelen must be automatisch or handmatig, not '" + overschakelen + "'");
            }
            if (overschakelMarge < 0) {
                throw new IllegalArgumentException("indicatoren.overschakelMarge must be 0 or more");
            }
        }
    }

    /** {@code bestand}: a streefwaarden file replacing the shipped one (null: the default). */
    public record Streefwaarden(String bestand) {}

    /**
     * SMTP and the mails' contents. {@code beveiliging}: geen, starttls or ssl; the password is never in a file but in
     * JEUGDMONITOR_SMTP_WACHTWOORD. Links in mails start with {@code basisUrl} and {@code grafanaUrl}.
     */
    public record Mail(String host, int port, String beveiliging, String gebruiker, String afzender, String basisUrl,
                       String grafanaUrl, int digestUur, String tijdzone, int abonnementenPerAdresPerUur,
                       int abonnementenPerTokenPerUur) {}

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public static AppConfig defaults() {
        return load(null);
    }

    /** Loads the defaults, then {@code override} (may be null) on top of them; an unknown key is an error. */
    public static AppConfig load(Path override) {
        try (InputStream in = AppConfig.class.getResourceAsStream("/jeugdmonitor.yaml")) {
            JsonNode tree = YAML.readTree(Objects.requireNonNull(in, "jeugdmonitor.yaml missing from the jar"));
            if (override != null) {
                merge((ObjectNode) tree, YAML.readTree(Files.readAllBytes(override)));
            }
            return YAML.treeToValue(tree, AppConfig.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("configuration " + (override == null ? "defaults" : override)
                    + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static void merge(ObjectNode target, JsonNode update) {
        if (update == null || update.isNull() || update.isMissingNode()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = update.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode existing = target.get(field.getKey());
            if (existing instanceof ObjectNode obj && field.getValue().isObject()) {
                merge(obj, field.getValue());
            } else {
                target.set(field.getKey(), field.getValue());
            }
        }
    }

    public AppConfig withApplicationId(String id) {
        return new AppConfig(id, topics, ingest, indicatoren, streefwaarden, mail, kafka);
    }
}
