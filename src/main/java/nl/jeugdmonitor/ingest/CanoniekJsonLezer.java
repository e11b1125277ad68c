package nl.jeugdmonitor.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.temporal.Temporal;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import nl.jeugdmonitor.config.Gemeenten;
import nl.jeugdmonitor.event.CanoniekEvent;
import nl.jeugdmonitor.kafka.JsonSerde;

/**
 * Reads a canonical JSON event from {@code jeugdhulp.events} (SPEC §3.1): the fields of §4 plus "type",
 * with "bsn" in clear instead of "client". Applies the same checks and pseudonymisation as for iJw XML.
 */
final class CanoniekJsonLezer {

    private static final Set<String> TYPES = Set.of("Toewijzing", "Start", "Stop", "Verzoek", "VerzoekAntwoord", "DeclaratieRegel", "Afwijzing");

    private final Bsn bsn;
    private final MessageDigest sha256;

    CanoniekJsonLezer(Bsn bsn) {
        this.bsn = bsn;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Bericht lees(byte[] json) throws Afkeuring {
        JsonNode tree;
        try {
            tree = JsonSerde.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new Afkeuring(AfkeurCode.NOT_JSON, "not JSON: " + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (!(tree instanceof ObjectNode node)) {
            throw new Afkeuring(AfkeurCode.NOT_JSON, "a canonical event is a JSON object");
        }
        String type = node.path("type").asText(null);
        if (type == null || !TYPES.contains(type)) {
            throw new Afkeuring(AfkeurCode.UNKNOWN_TYPE, "\"type\" must be one of " + TYPES + ", not " + node.get("type"));
        }
        if (node.has("client")) {
            throw new Afkeuring(AfkeurCode.UNKNOWN_FIELD, "give \"bsn\", not \"client\": ingest makes the pseudonym");
        }
        JsonNode b = node.remove("bsn");
        if (b == null || !b.isTextual()) {
            throw new Afkeuring(AfkeurCode.MISSING_FIELD, "\"bsn\" (a string of 9 digits) is required");
        }
        node.put("client", bsn.pseudoniem(b.asText()));
        CanoniekEvent event = event(node);
        List<String> missing = event.ontbrekendeVelden();
        if (!missing.isEmpty()) {
            throw new Afkeuring(AfkeurCode.MISSING_FIELD, type + " lacks required fields " + missing);
        }
        jarenBinnenIso(event);
        if (!Gemeenten.bestaat(event.gemeente())) {
            throw new Afkeuring(AfkeurCode.UNKNOWN_GEMEENTE, "gemeente " + event.gemeente() + " is not a CBS municipality code");
        }
        if (!event.aanbieder().matches("[0-9]{8}")) {
            throw new Afkeuring(AfkeurCode.INVALID_VALUE, "aanbieder must be an 8-digit AGB code");
        }
        byte[] canonical = JsonSerde.write(event);
        String id = "json|" + HexFormat.of().formatHex(sha256.digest(canonical), 0, 16);
        return new Bericht(id, "json:" + type, List.of(event));
    }

    /**
     * Dates have four-digit years, as in iJw XML (whose xs:date cannot carry the '+' JSON's ISO reader accepts for
     * longer years): the indicator keys hold years up to 77000 and no more, and no care is given in year 100000.
     */
    private static void jarenBinnenIso(CanoniekEvent event) throws Afkeuring {
        for (java.lang.reflect.RecordComponent c : event.getClass().getRecordComponents()) {
            if (c.getType() == java.time.LocalDate.class) {
                java.time.LocalDate d;
                try {
                    d = (java.time.LocalDate) c.getAccessor().invoke(event);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
                if (d != null && (d.getYear() < 1 || d.getYear() > 9999)) {
                    throw new Afkeuring(AfkeurCode.INVALID_DATE, "field " + c.getName() + ": the year " + d.getYear() + " is not between 0001 and 9999");
                }
            }
        }
    }

    private static CanoniekEvent event(ObjectNode node) throws Afkeuring {
        try {
            return JsonSerde.MAPPER.treeToValue(node, CanoniekEvent.class);
        } catch (UnrecognizedPropertyException e) {
            throw new Afkeuring(AfkeurCode.UNKNOWN_FIELD, "unknown field \"" + e.getPropertyName() + "\"");
        } catch (InvalidTypeIdException e) {
            throw new Afkeuring(AfkeurCode.UNKNOWN_TYPE, "unknown type: " + e.getTypeId());
        } catch (InvalidFormatException e) {
            throw new Afkeuring(code(e.getTargetType()), "field " + veld(e) + ": " + e.getOriginalMessage());
        } catch (MismatchedInputException e) {
            throw new Afkeuring(code(e.getTargetType()), "field " + veld(e) + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new Afkeuring(AfkeurCode.INVALID_VALUE, e.getOriginalMessage());
        }
    }

    private static AfkeurCode code(Class<?> target) {
        if (target != null && Temporal.class.isAssignableFrom(target)) {
            return AfkeurCode.INVALID_DATE;
        }
        if (target == Long.class || target == long.class || target == Integer.class || target == int.class) {
            return AfkeurCode.INVALID_AMOUNT;
        }
        return AfkeurCode.INVALID_VALUE;
    }

    private static String veld(MismatchedInputException e) {
        return e.getPath().isEmpty() ? "?" : "\"" + e.getPath().get(e.getPath().size() - 1).getFieldName() + "\"";
    }

}
