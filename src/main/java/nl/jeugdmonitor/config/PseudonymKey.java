package nl.jeugdmonitor.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/** Where the HMAC key for BSN pseudonyms comes from (SPEC §3.3): the environment or a file, never the config. */
public final class PseudonymKey {

    public static final String ENV = "JEUGDMONITOR_PSEUDONIEM_SLEUTEL";
    public static final String ENV_FILE = "JEUGDMONITOR_PSEUDONIEM_SLEUTEL_FILE";
    private static final int MIN_BYTES = 16;

    private PseudonymKey() {}

    /** The configured key; refuses to return a missing or short one. */
    public static byte[] fromEnvironment(Map<String, String> env) {
        String value = env.get(ENV);
        if ((value == null || value.isBlank()) && env.get(ENV_FILE) != null) {
            try {
                value = Files.readString(Path.of(env.get(ENV_FILE)), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the pseudonym key file named by " + ENV_FILE + ": " + e.getMessage());
            }
        }
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("no pseudonym key: set " + ENV + " or " + ENV_FILE
                    + " (the BSN is never processed without one; only `demo` makes a random key)");
        }
        byte[] key = value.getBytes(StandardCharsets.UTF_8);
        if (key.length < MIN_BYTES) {
            throw new IllegalStateException("the pseudonym key must be at least " + MIN_BYTES + " bytes");
        }
        return key;
    }

    /** A fresh random key, for demo mode only: pseudonyms change with every start. */
    public static byte[] random() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return HexFormat.of().formatHex(key).getBytes(StandardCharsets.UTF_8);
    }
}
