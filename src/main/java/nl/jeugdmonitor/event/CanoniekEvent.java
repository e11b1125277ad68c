package nl.jeugdmonitor.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.lang.reflect.RecordComponent;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * One canonical event (SPEC §4): what ingest makes of an iJw message or a JSON input record.
 * Keyed by the client pseudonym on the canonical topic; never carries a BSN, name or address.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Toewijzing.class, name = "Toewijzing"),
        @JsonSubTypes.Type(value = Start.class, name = "Start"),
        @JsonSubTypes.Type(value = Stop.class, name = "Stop"),
        @JsonSubTypes.Type(value = Verzoek.class, name = "Verzoek"),
        @JsonSubTypes.Type(value = VerzoekAntwoord.class, name = "VerzoekAntwoord"),
        @JsonSubTypes.Type(value = DeclaratieRegel.class, name = "DeclaratieRegel"),
        @JsonSubTypes.Type(value = Afwijzing.class, name = "Afwijzing")})
public sealed interface CanoniekEvent permits Toewijzing, Start, Stop, Verzoek, VerzoekAntwoord, DeclaratieRegel, Afwijzing {

    String client();

    String gemeente();

    String aanbieder();

    /** The business date windows use (SPEC §4), never the arrival time; null for an Afwijzing, which dates nothing. */
    @JsonIgnore
    LocalDate eventDatum();

    @JsonIgnore
    default String type() {
        return getClass().getSimpleName();
    }

    /** Names of required fields (all not marked {@link Optioneel}) that are null. */
    @JsonIgnore
    default List<String> ontbrekendeVelden() {
        List<String> missing = new ArrayList<>();
        for (RecordComponent c : getClass().getRecordComponents()) {
            if (c.isAnnotationPresent(Optioneel.class)) {
                continue;
            }
            try {
                Object v = c.getAccessor().invoke(this);
                if (v == null || (v instanceof String s && s.isBlank()) || (v instanceof List<?> l && l.isEmpty())) {
                    missing.add(c.getName());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return missing;
    }
}
