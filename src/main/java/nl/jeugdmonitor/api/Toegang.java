package nl.jeugdmonitor.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import nl.jeugdmonitor.config.Gemeenten;

/**
 * Bearer tokens (SPEC §8): a file lists {sha256, role, gemeenten, aanbieders?}; raw tokens are never stored. A token is
 * compared by its hash in constant time against every entry, and never logged. A token with {@code aanbieders} (AGB
 * codes) belongs to a provider's contract manager: it sees the process measures (SPEC §6.3) of those aanbieders only.
 */
public final class Toegang {

    public enum Rol { kijker, analist, beheerder }

    /** Who asks: a role, the municipalities it may see ("*" = all), and the aanbieders it is limited to (empty: none). */
    public record Gebruiker(Rol rol, Set<String> gemeenten, Set<String> aanbieders) {

        public Gebruiker(Rol rol, Set<String> gemeenten) {
            this(rol, gemeenten, Set.of());
        }

        /** Whether this token is limited to the scopes of some aanbieders. */
        public boolean perAanbieder() {
            return !aanbieders.isEmpty();
        }

        /**
         * Whether this user may see a scope: the region or one of its gemeenten, or one aanbieder within either
         * ({@code 0153@41000001}); a token limited to aanbieders sees only the scopes of its own.
         */
        public boolean magScope(String scope) {
            int apestaart = scope.indexOf('@');
            String gemeente = apestaart < 0 ? scope : scope.substring(0, apestaart);
            if (perAanbieder() && (apestaart < 0 || !aanbieders.contains(scope.substring(apestaart + 1)))) {
                return false;
            }
            return nl.jeugdmonitor.indicator.Feiten.REGIO.equals(gemeente) || mag(gemeente);
        }

        public boolean mag(String gemeente) {
            return gemeenten.contains("*") || gemeenten.contains(gemeente);
        }

        public boolean alles() {
            return gemeenten.contains("*");
        }

        /**
         * Whether what this user sees is suppressed (SPEC §8): everyone's but an analist's. A beheerder manages
         * subscriptions and configuration and needs no small counts for that.
         */
        public boolean onderdrukt() {
            return rol != Rol.analist;
        }
    }

    record Regel(String sha256, Rol role, List<String> gemeenten, List<String> aanbieders) {}

    private record Sleutel(byte[] hash, Gebruiker gebruiker) {}

    private final List<Sleutel> sleutels = new ArrayList<>();

    private Toegang(List<Regel> regels, String bron) {
        for (Regel r : regels) {
            if (r.sha256() == null || !r.sha256().matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException(bron + ": every token needs sha256 (64 hex digits of the token's SHA-256)");
            }
            if (r.role() == null || r.gemeenten() == null || r.gemeenten().isEmpty()) {
                throw new IllegalArgumentException(bron + ": every token needs a role (kijker, analist, beheerder) and gemeenten");
            }
            for (String g : r.gemeenten()) {
                if (!g.equals("*") && !Gemeenten.bestaat(g)) {
                    throw new IllegalArgumentException(bron + ": gemeente " + g + " is not a CBS code");
                }
            }
            List<String> aanbieders = r.aanbieders() == null ? List.of() : r.aanbieders();
            for (String a : aanbieders) {
                if (a == null || !a.matches("[0-9]{8}")) {
                    throw new IllegalArgumentException(bron + ": aanbieders are AGB codes of 8 digits: " + a);
                }
            }
            if (r.aanbieders() != null && (aanbieders.isEmpty() || r.role() == Rol.beheerder)) {
                throw new IllegalArgumentException(bron + ": aanbieders, when given, list at least one AGB code, for a kijker or analist");
            }
            sleutels.add(new Sleutel(HexFormat.of().parseHex(r.sha256().toLowerCase()),
                    new Gebruiker(r.role(), Set.copyOf(r.gemeenten()), Set.copyOf(aanbieders))));
        }
    }

    public static Toegang lees(Path bestand) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            return new Toegang(yaml.readValue(Files.readAllBytes(bestand), new TypeReference<List<Regel>>() {}), bestand.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("tokens file " + bestand + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** No tokens: every /api/v1 request is refused (an instance started without --tokens). */
    public static Toegang geen() {
        return new Toegang(List.of(), "none");
    }

    /** Demo: one fresh random token per role, all municipalities; returns role → raw token, to print once. */
    public static Toegang demo(java.util.Map<Rol, String> rauw) {
        SecureRandom rnd = new SecureRandom();
        List<Regel> regels = new ArrayList<>();
        for (Rol rol : Rol.values()) {
            byte[] b = new byte[18];
            rnd.nextBytes(b);
            String token = rol.name() + "-" + HexFormat.of().formatHex(b);
            rauw.put(rol, token);
            regels.add(new Regel(HexFormat.of().formatHex(sha256(token)), rol, List.of("*"), null));
        }
        return new Toegang(regels, "demo");
    }

    /** The user of an "Authorization: Bearer …" header, or null when absent or unknown. */
    public Gebruiker wie(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        byte[] hash = sha256(authorization.substring(7).strip());
        Gebruiker gevonden = null;
        for (Sleutel s : sleutels) {
            if (MessageDigest.isEqual(s.hash(), hash)) { // constant time; keep looking so timing does not reveal the position
                gevonden = s.gebruiker();
            }
        }
        return gevonden;
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
