package nl.jeugdmonitor.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: with ~10⁹ possible BSNs a known or guessable key reverses every pseudonym. Only 32 random bytes or more,
 * written as hex or base64, are taken; every refusal says how to make a key and never repeats the key.
 */
class PseudonymKeyTest {

    private static byte[] willekeurig(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static IllegalStateException geweigerd(String sleutel) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PseudonymKey.fromEnvironment(Map.of(PseudonymKey.ENV, sleutel)), sleutel);
        assertTrue(e.getMessage().contains("openssl rand -hex 32"), e.getMessage());
        assertFalse(e.getMessage().contains(sleutel), "the message repeats the key: " + e.getMessage());
        return e;
    }

    @Test
    void thirtyTwoRandomBytesInHexOrBase64AreTakenAsWritten() {
        String hex = HexFormat.of().formatHex(willekeurig(32));
        assertArrayEquals(hex.getBytes(StandardCharsets.UTF_8), PseudonymKey.fromEnvironment(Map.of(PseudonymKey.ENV, hex)),
                "the HMAC key is the text as written: an existing valid key keeps its pseudonyms");
        String b64 = Base64.getEncoder().encodeToString(willekeurig(32));
        assertArrayEquals(b64.getBytes(StandardCharsets.UTF_8), PseudonymKey.fromEnvironment(Map.of(PseudonymKey.ENV, b64)));
        String url = Base64.getUrlEncoder().withoutPadding().encodeToString(willekeurig(48));
        PseudonymKey.fromEnvironment(Map.of(PseudonymKey.ENV, url));
        // the demo's random key passes its own check
        PseudonymKey.fromEnvironment(Map.of(PseudonymKey.ENV, new String(PseudonymKey.random(), StandardCharsets.UTF_8)));
    }

    @Test
    void aKeyInAFileIsCheckedTheSameWay(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("sleutel");
        Files.writeString(f, HexFormat.of().formatHex(willekeurig(32)) + "\n");
        PseudonymKey.fromEnvironment(Map.of(PseudonymKey.ENV_FILE, f.toString()));
        Files.writeString(f, "compose-demo-sleutel-vervang-mij\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PseudonymKey.fromEnvironment(Map.of(PseudonymKey.ENV_FILE, f.toString())));
        assertTrue(e.getMessage().contains(PseudonymKey.ENV_FILE), e.getMessage());
    }

    @Test
    void shortPlainOrPatternedKeysAreRefused() {
        geweigerd("compose-demo-sleutel-vervang-mij");                        // the key the compose file used to ship
        geweigerd("e2e-indicator-sleutel-16-bytes-plus");                     // text, not an encoding of random bytes
        geweigerd(HexFormat.of().formatHex(willekeurig(31)));                 // 31 bytes
        geweigerd(Base64.getEncoder().encodeToString(willekeurig(24)));      // 24 bytes
        geweigerd("0".repeat(64));                                            // one byte value
        geweigerd("0123456789abcdef".repeat(4));                              // a repeated pattern: 8 distinct bytes
        geweigerd("deadbeef".repeat(16));                                     // 64 bytes, 4 distinct
        assertThrows(IllegalStateException.class, () -> PseudonymKey.fromEnvironment(Map.of()), "no key at all");
    }
}
