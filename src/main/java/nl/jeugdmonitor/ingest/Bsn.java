package nl.jeugdmonitor.ingest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The BSN at the privacy boundary (SPEC §3.3): checked with the 11-proef, then replaced by
 * HMAC-SHA256(key, bsn) in hex. Not thread-safe (one {@link Mac}); make one per processor.
 */
public final class Bsn {

    private final Mac mac;

    public Bsn(byte[] key) {
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The pseudonym of a BSN that passes {@link #isGeldig}; otherwise an INVALID_BSN rejection (without the value). */
    public String pseudoniem(String bsn) throws Afkeuring {
        if (!isGeldig(bsn)) {
            throw new Afkeuring(AfkeurCode.INVALID_BSN, "BSN fails the 11-proef");
        }
        return HexFormat.of().formatHex(mac.doFinal(bsn.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Nine digits with 9·d1 + 8·d2 + … + 2·d8 − d9 divisible by 11, and not all zero. */
    public static boolean isGeldig(String bsn) {
        if (bsn == null || bsn.length() != 9) {
            return false;
        }
        int sum = 0;
        boolean allZero = true;
        for (int i = 0; i < 9; i++) {
            char c = bsn.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            int d = c - '0';
            allZero &= d == 0;
            sum += i < 8 ? (9 - i) * d : -d;
        }
        return !allZero && sum % 11 == 0;
    }
}
