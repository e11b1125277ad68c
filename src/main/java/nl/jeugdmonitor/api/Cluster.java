package nl.jeugdmonitor.api;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Calls between instances (SPEC §8): signed with a secret the instances share, on behalf of the user who asked, never
 * with that user's token. A call carries who it is for ({@code rol;gemeenten;seconds}) and an HMAC-SHA256 over that,
 * the method, the path with its query and the body; the receiving instance answers it as that user, and only when the
 * signature holds and the call is at most {@link #GELDIG_SECONDEN} old. The secret is derived from the pseudonym key
 * (every instance of one application has that key, and it is at least 32 random bytes) under a label of its own: the
 * key itself never travels and cannot be computed back from the secret.
 */
public final class Cluster {

    static final String NAMENS = "X-Jeugdmonitor-Namens";
    static final String HANDTEKENING = "X-Jeugdmonitor-Handtekening";
    static final long GELDIG_SECONDEN = 60;

    private final byte[] geheim;
    private final Clock klok;

    Cluster(byte[] geheim, Clock klok) {
        this.geheim = geheim.clone();
        this.klok = klok;
    }

    /** The cluster of the instances that share {@code pseudonymKey}. */
    public static Cluster van(byte[] pseudonymKey, Clock klok) {
        return new Cluster(hmac(pseudonymKey, "jeugdmonitor: calls between instances, v1".getBytes(StandardCharsets.UTF_8)), klok);
    }

    /** The headers of a call on behalf of {@code namens}. */
    Map<String, String> koppen(String methode, String padEnQuery, byte[] body, Toegang.Gebruiker namens) {
        String wie = namens.rol() + ";" + String.join(",", new TreeSet<>(namens.gemeenten())) + ";" + klok.instant().getEpochSecond()
                + ";" + String.join(",", new TreeSet<>(namens.aanbieders()));
        Map<String, String> k = new LinkedHashMap<>();
        k.put(NAMENS, wie);
        k.put(HANDTEKENING, HexFormat.of().formatHex(handtekening(methode, padEnQuery, body, wie)));
        return k;
    }

    /**
     * The user a call from another instance is made for; null when the request carries no cluster headers (a user's own
     * request). A request with cluster headers that do not hold is refused: never answered as anyone.
     */
    Toegang.Gebruiker namens(Context ctx) {
        String wie = ctx.header(NAMENS);
        String hex = ctx.header(HANDTEKENING);
        if (wie == null && hex == null) {
            return null;
        }
        String padEnQuery = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
        byte[] gegeven;
        try {
            gegeven = HexFormat.of().parseHex(hex == null ? "" : hex);
        } catch (IllegalArgumentException e) {
            gegeven = new byte[0];
        }
        String[] delen = wie == null ? new String[0] : wie.split(";", -1);
        if (delen.length != 4 || !MessageDigest.isEqual(gegeven, handtekening(ctx.method().name(), padEnQuery, ctx.bodyAsBytes(), wie))) {
            throw new ApiFout(403, "forbidden", "a call between instances needs a valid cluster signature");
        }
        long seconden;
        try {
            seconden = Long.parseLong(delen[2]);
        } catch (NumberFormatException e) {
            throw new ApiFout(403, "forbidden", "a call between instances needs a valid cluster signature");
        }
        if (Math.abs(klok.instant().getEpochSecond() - seconden) > GELDIG_SECONDEN) {
            throw new ApiFout(403, "forbidden", "a call between instances is valid for " + GELDIG_SECONDEN + " s (are the clocks in step?)");
        }
        return new Toegang.Gebruiker(Toegang.Rol.valueOf(delen[0]), Set.copyOf(Arrays.asList(delen[1].split(","))),
                delen[3].isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(delen[3].split(","))));
    }

    private byte[] handtekening(String methode, String padEnQuery, byte[] body, String wie) {
        byte[] kop = (methode + "\n" + padEnQuery + "\n" + wie + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] alles = Arrays.copyOf(kop, kop.length + (body == null ? 0 : body.length));
        if (body != null) {
            System.arraycopy(body, 0, alles, kop.length, body.length);
        }
        return hmac(geheim, alles);
    }

    private static byte[] hmac(byte[] sleutel, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(sleutel, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
