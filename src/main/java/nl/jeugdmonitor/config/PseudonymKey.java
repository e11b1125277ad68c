package nl.jeugdmonitor.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * Where the HMAC key for BSN pseudonyms comes from (SPEC §3.3): the environment or a file, never the config. With about
 * 10⁹ possible BSNs, anyone who has the key can pseudonymise every BSN and so reverse every pseudonym: the key must be
 * at least 32 bytes of randomness, written as hex or base64 ({@code openssl rand -hex 32}); a shorter, non-encoded or
 * obviously patterned key is refused. The HMAC uses the key as written (its text), so an existing valid key keeps its
 * pseudonyms.
 */
public final class PseudonymKey {

    public static final String ENV = "JEUGDMONITOR_PSEUDONIEM_SLEUTEL";
    public static final String ENV_FILE = "JEUGDMONITOR_PSEUDONIEM_SLEUTEL_FILE";
    static final int MIN_BYTES = 32;
    /** 32 random bytes have ~30 distinct values; fewer than this is a pattern, not randomness. */
    static final int MIN_VERSCHILLEND = 16;
    private static final String MAAK = "make one with: openssl rand -hex 32";
    private static final java.util.regex.Pattern HEX = java.util.regex.Pattern.compile("(?:[0-9a-fA-F]{2})+");
    private static final java.util.regex.Pattern BASE64 = java.util.regex.Pattern.compile("[A-Za-z0-9+/_-]+={0,2}");

    private PseudonymKey() {}

    /** The configured key; refuses a missing, short or weak one (the message never repeats the key). */
    public static byte[] fromEnvironment(Map<String, String> env) {
        String value = env.get(ENV);
        String bron = ENV;
        if ((value == null || value.isBlank()) && env.get(ENV_FILE) != null) {
            bron = "the file named by " + ENV_FILE;
            try {
                value = Files.readString(Path.of(env.get(ENV_FILE)), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the pseudonym key file named by " + ENV_FILE + ": " + e.getMessage());
            }
        }
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("no pseudonym key: set " + ENV + " or " + ENV_FILE
                    + " (the BSN is never processed without one; only `demo` makes a random key); " + MAAK);
        }
        return valideer(value.strip(), bron);
    }

    /** The key as the HMAC takes it, after checking it is at least 32 random-looking bytes in hex or base64. */
    static byte[] valideer(String tekst, String bron) {
        byte[] ruw;
        if (HEX.matcher(tekst).matches()) {
            ruw = HexFormat.of().parseHex(tekst);
        } else if (BASE64.matcher(tekst).matches()) {
            try {
                ruw = tekst.contains("-") || tekst.contains("_") ? java.util.Base64.getUrlDecoder().decode(tekst)
                        : java.util.Base64.getDecoder().decode(tekst);
            } catch (IllegalArgumentException e) {
                ruw = null;
            }
        } else {
            ruw = null;
        }
        if (ruw == null) {
            throw new IllegalStateException("the pseudonym key in " + bron + " is not hex or base64: it must be at least " + MIN_BYTES
                    + " random bytes written as hex or base64; " + MAAK);
        }
        if (ruw.length < MIN_BYTES) {
            throw new IllegalStateException("the pseudonym key in " + bron + " holds " + ruw.length + " bytes; at least " + MIN_BYTES
                    + " random bytes are needed; " + MAAK);
        }
        long aantal = verschillend(ruw);
        if (aantal < MIN_VERSCHILLEND) {
            throw new IllegalStateException("the pseudonym key in " + bron + " is not random (only " + aantal
                    + " distinct byte values: a repeated pattern); " + MAAK);
        }
        return tekst.getBytes(StandardCharsets.UTF_8);
    }

    private static long verschillend(byte[] b) {
        java.util.BitSet gezien = new java.util.BitSet(256);
        for (byte x : b) {
            gezien.set(x & 0xff);
        }
        return gezien.cardinality();
    }

    /** A fresh random key, for demo mode only: pseudonyms change with every start. */
    public static byte[] random() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return HexFormat.of().formatHex(key).getBytes(StandardCharsets.UTF_8);
    }
}
