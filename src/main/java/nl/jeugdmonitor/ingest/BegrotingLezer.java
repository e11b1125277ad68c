package nl.jeugdmonitor.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import nl.jeugdmonitor.config.Gemeenten;
import nl.jeugdmonitor.kafka.JsonSerde;

/** A budget record of {@code jeugdhulp.begroting} (SPEC §3.1): {"gemeente":"0153","jaar":2025,"bedragCent":5720000000}. */
final class BegrotingLezer {

    record Begroting(String gemeente, int jaar, long bedragCent) {
        String sleutel() {
            return gemeente + ":" + jaar;
        }
    }

    Begroting lees(byte[] json) throws Afkeuring {
        JsonNode n;
        try {
            n = JsonSerde.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new Afkeuring(AfkeurCode.NOT_JSON, "a budget is a JSON object");
        }
        if (n == null || !n.isObject()) {
            throw new Afkeuring(AfkeurCode.NOT_JSON, "a budget is a JSON object");
        }
        for (var it = n.fieldNames(); it.hasNext(); ) {
            String veld = it.next();
            if (!veld.equals("gemeente") && !veld.equals("jaar") && !veld.equals("bedragCent")) {
                throw new Afkeuring(AfkeurCode.UNKNOWN_FIELD, "unknown field \"" + veld + "\"");
            }
        }
        if (!n.path("gemeente").isTextual() || n.path("jaar").isMissingNode() || n.path("jaar").isNull() || n.path("bedragCent").isMissingNode()) {
            throw new Afkeuring(AfkeurCode.MISSING_FIELD, "gemeente (string), jaar (number) and bedragCent (whole eurocents) are required");
        }
        if (!n.get("jaar").isIntegralNumber()) {
            // present but not a whole number ("2025", 2025.5): a wrong value, not a missing field (issue 20)
            throw new Afkeuring(AfkeurCode.INVALID_VALUE, "jaar must be a whole number like 2025, not " + n.get("jaar"));
        }
        if (!n.get("bedragCent").isIntegralNumber() || n.get("bedragCent").asLong() < 0) {
            throw new Afkeuring(AfkeurCode.INVALID_AMOUNT, "bedragCent must be a whole, non-negative number of eurocents");
        }
        int jaar = n.get("jaar").asInt();
        if (jaar < 2015 || jaar > 2100) {
            throw new Afkeuring(AfkeurCode.INVALID_VALUE, "jaar " + jaar + " is not a Jeugdwet year");
        }
        String gemeente = n.get("gemeente").asText();
        if (!Gemeenten.bestaat(gemeente)) {
            throw new Afkeuring(AfkeurCode.UNKNOWN_GEMEENTE, "gemeente " + gemeente + " is not a CBS municipality code");
        }
        return new Begroting(gemeente, jaar, n.get("bedragCent").asLong());
    }
}
