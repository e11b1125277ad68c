package nl.jeugdmonitor.indicator;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import nl.jeugdmonitor.config.AppConfig;
import nl.jeugdmonitor.config.Productcatalogus;
import nl.jeugdmonitor.kafka.JsonSerde;

/**
 * Everything that decides a client's facts (SPEC §6.4): the product catalogue's content, the rule parameters and the
 * version of the code that computes facts. Its {@link #id()} names a generation of the indicator engine: its
 * application id, stores and internal topics, and the keys it writes to the shared topics, so values computed under
 * two definitions never meet in one store.
 *
 * @param feitenVersie {@link #FEITEN_VERSIE} of the code that wrote this definition
 */
public record Definitie(int feitenVersie, Productcatalogus.Bestand catalogus, Feiten.Regels regels) {

    /**
     * The version of the code that computes what is stored: the facts ({@link Feiten}), the dossier's folding rules
     * ({@code trajectory.Dossier}) and the form of the engine's own stores. Raise it with every change to what that code
     * computes or how it keeps it: a new generation then
     * rebuilds from the canonical events. {@link Metingen} reads the stored bases when asked and stores nothing, so a
     * change there needs no rebuild. {@code FeitenVersieTest} fails when the facts of its scenarios change while this
     * did not. History: 1 the engine of round 1; 2 {@code stapeling} (SPEC §6.2); 3 the same facts, but unsent deltas
     * in a log ({@link Uitstaand}) instead of a store per key: an engine of version 2 cannot hand its unsent ones over;
     * 4 process health (SPEC §6.3): the PROCES family, Dagtekeningen and answers in the dossier, a report sent again
     * after a retraction stands; 5 the same facts, but the unsent deltas as a snapshot per commit instead of a log record
     * per unit of work: an engine of version 4 cannot hand its unsent ones over.
     */
    public static final int FEITEN_VERSIE = 5;

    /** The definition the configuration asks for, with this code's facts version. */
    public static Definitie van(AppConfig config) {
        return new Definitie(FEITEN_VERSIE, IndicatorTopology.catalogus(config).inhoud(), IndicatorTopology.regels(config));
    }

    /** Twelve hex digits of the SHA-256 of the canonical content: equal content, equal id. */
    @JsonIgnore
    public String id() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(JsonSerde.write(this));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    /** The facts of this definition: only a definition written by this code's facts version can be computed here. */
    public Feiten feiten() {
        if (!kanRekenen()) {
            throw new IllegalStateException("definition " + id() + " was written by facts version " + feitenVersie
                    + "; this code computes version " + FEITEN_VERSIE);
        }
        return new Feiten(Productcatalogus.van(catalogus, "definition " + id()), regels);
    }

    /** Whether this code computes the facts of this definition (the same facts version). */
    @JsonIgnore
    public boolean kanRekenen() {
        return feitenVersie == FEITEN_VERSIE;
    }

    public byte[] json() {
        return JsonSerde.write(this);
    }

    public static Definitie uitJson(byte[] json) {
        return JsonSerde.of(Definitie.class).deserializer().deserialize("definitie", json);
    }

    @Override
    public String toString() {
        return id() + " (facts v" + feitenVersie + ", " + new String(JsonSerde.write(regels), StandardCharsets.UTF_8) + ")";
    }
}
