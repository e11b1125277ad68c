package nl.jeugdmonitor.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The confirm and unsubscribe links: {@code id.mac} with an HMAC over the subscription id and the purpose, so no
 * token is stored anywhere and every instance can check one. The key is derived from the pseudonym key.
 */
public final class AbonnementTokens {

    public static final String BEVESTIG = "bevestig";
    public static final String AFMELDEN = "afmelden";

    private final byte[] sleutel;

    public AbonnementTokens(byte[] geheim) {
        this.sleutel = mac(geheim, "jeugdmonitor-abonnementen");
    }

    public String token(String id, String doel) {
        return id + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(sleutel, doel + "|" + id));
    }

    /** The subscription id a token is for, or null when it is not one of ours for this purpose. */
    public String id(String token, String doel) {
        int punt = token == null ? -1 : token.indexOf('.');
        if (punt <= 0) {
            return null;
        }
        String id = token.substring(0, punt);
        byte[] verwacht = token(id, doel).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(verwacht, token.getBytes(StandardCharsets.US_ASCII)) ? id : null;
    }

    private static byte[] mac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
