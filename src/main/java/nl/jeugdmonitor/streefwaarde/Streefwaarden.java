package nl.jeugdmonitor.streefwaarde;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import nl.jeugdmonitor.config.Gemeenten;
import nl.jeugdmonitor.config.Productcatalogus;
import nl.jeugdmonitor.indicator.Feiten;
import nl.jeugdmonitor.indicator.Metingen;

/** The streefwaarden file: every target with the scopes it is evaluated for, validated when read. */
public final class Streefwaarden {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Set<String> PARAMS = Set.of("herkomst");

    /** One entry as written in the file. */
    record Invoer(String id, String naam, String meting, String selectie, Map<String, String> params, String richting,
                  String waarde, String scopes, Integer basisjaar, Map<Integer, BigDecimal> punten, String vergelijk,
                  BigDecimal drempel, BigDecimal tolerantie, String omschrijving) {}

    /** An aanbieder whose process health (SPEC §6.3) the targets with {@code scopes: aanbieders} evaluate. */
    public record Aanbieder(String agb, String naam) {}

    record Bestand(String regio, List<Aanbieder> aanbieders, List<Invoer> streefwaarden) {}

    private final String regio;
    private final Map<String, Streefwaarde> perId;
    private final List<String> gemeenten;
    private final Map<String, String> aanbieders;

    private Streefwaarden(String regio, Map<String, Streefwaarde> perId, List<String> gemeenten, Map<String, String> aanbieders) {
        this.regio = regio;
        this.perId = perId;
        this.gemeenten = gemeenten;
        this.aanbieders = aanbieders;
    }

    public static Streefwaarden standaard(Productcatalogus catalogus) {
        try (InputStream in = Streefwaarden.class.getResourceAsStream("/streefwaarden.yaml")) {
            return lees(Objects.requireNonNull(in, "streefwaarden.yaml missing from the jar").readAllBytes(), "streefwaarden.yaml", catalogus);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The file at {@code pad}, or the shipped one when it is null or blank. */
    public static Streefwaarden van(String pad, Productcatalogus catalogus) {
        if (pad == null || pad.isBlank()) {
            return standaard(catalogus);
        }
        try {
            return lees(Files.readAllBytes(Path.of(pad)), pad, catalogus);
        } catch (IOException e) {
            throw new IllegalArgumentException("streefwaarden " + pad + " cannot be read: " + e.getMessage(), e);
        }
    }

    static Streefwaarden lees(byte[] yaml, String naam, Productcatalogus catalogus) {
        Bestand b;
        try {
            b = YAML.readValue(yaml, Bestand.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("streefwaarden " + naam + ": " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
        List<String> fouten = new ArrayList<>();
        List<String> gemeenten = b == null || b.regio() == null ? List.of()
                : Gemeenten.vanRegio(b.regio()).stream().map(Gemeenten.Gemeente::code).sorted().toList();
        if (gemeenten.isEmpty()) {
            fouten.add("regio '" + (b == null ? null : b.regio()) + "' has no municipalities in gemeenten.csv");
        }
        Map<String, String> aanbieders = new TreeMap<>();
        for (Aanbieder a : b == null || b.aanbieders() == null ? List.<Aanbieder>of() : b.aanbieders()) {
            if (a == null || a.agb() == null || !a.agb().matches("[0-9]{8}")) {
                fouten.add("aanbieders: an agb is an AGB code of 8 digits: " + (a == null ? null : a.agb()));
            } else if (a.naam() == null || a.naam().isBlank()) {
                fouten.add("aanbieders: " + a.agb() + " has no naam");
            } else if (aanbieders.put(a.agb(), a.naam()) != null) {
                fouten.add("aanbieders: " + a.agb() + " appears more than once");
            }
        }
        Map<String, Streefwaarde> perId = new LinkedHashMap<>();
        for (Invoer i : b == null || b.streefwaarden() == null ? List.<Invoer>of() : b.streefwaarden()) {
            int voor = fouten.size();
            Streefwaarde s = valideer(i, catalogus, fouten);
            if (fouten.size() == voor && s.perAanbieder() && aanbieders.isEmpty()) {
                fouten.add(s.id() + ": scopes aanbieders needs the list 'aanbieders'");
            }
            if (fouten.size() == voor) {
                if (perId.put(s.id(), s) != null) {
                    fouten.add(s.id() + ": id appears more than once");
                }
            }
        }
        if (perId.isEmpty() && fouten.isEmpty()) {
            fouten.add("no streefwaarden");
        }
        if (!fouten.isEmpty()) {
            throw new IllegalArgumentException("streefwaarden " + naam + " is invalid:\n  " + String.join("\n  ", fouten));
        }
        return new Streefwaarden(b.regio(), perId, gemeenten, java.util.Collections.unmodifiableMap(aanbieders));
    }

    private static Streefwaarde valideer(Invoer i, Productcatalogus catalogus, List<String> fouten) {
        String id = i.id() == null ? "(no id)" : i.id();
        if (i.id() == null || !ID.matcher(i.id()).matches()) {
            fouten.add(id + ": id must be lower case letters, digits and '-'");
        }
        Metingen.Maat def = Metingen.maat(i.meting());
        if (def == null) {
            fouten.add(id + ": unknown indicator '" + i.meting() + "'");
        }
        String selectie = i.selectie() == null ? Feiten.ALLE : i.selectie();
        if (!selectie.equals(Feiten.ALLE)) {
            String[] kv = selectie.split("=", 2);
            boolean bekend = kv.length == 2 && (kv[0].equals("zorgvorm") ? catalogus.get(kv[1]) != null
                    : kv[0].equals("groep") && catalogus.groepen().contains(kv[1]));
            if (!bekend) {
                fouten.add(id + ": unknown selectie '" + selectie + "' (zorgvorm=…, groep=… of the catalogue, or alle)");
            } else if (def != null && def.parameters().isEmpty()) {
                fouten.add(id + ": indicator " + def.id() + " has no selectie");
            }
        }
        Map<String, String> params = i.params() == null ? Map.of() : Map.copyOf(i.params());
        params.keySet().stream().filter(p -> !PARAMS.contains(p)).forEach(p -> fouten.add(id + ": unknown param '" + p + "'"));
        Boolean hoger = "hoger".equals(i.richting()) ? Boolean.TRUE : "lager".equals(i.richting()) ? Boolean.FALSE : null;
        if (hoger == null) {
            fouten.add(id + ": richting must be 'hoger' or 'lager'");
        }
        Streefwaarde.Waarde waarde = switch (i.waarde() == null ? "r12" : i.waarde()) {
            case "r12" -> Streefwaarde.Waarde.R12;
            case "peildatum" -> Streefwaarde.Waarde.PEILDATUM;
            case "jaar" -> Streefwaarde.Waarde.JAAR;
            default -> {
                fouten.add(id + ": waarde must be r12, peildatum or jaar");
                yield null;
            }
        };
        if (i.scopes() != null && !i.scopes().equals("gemeenten") && !i.scopes().equals("aanbieders")) {
            fouten.add(id + ": scopes may only be 'gemeenten' or 'aanbieders' (default: the region and its municipalities)");
        }
        boolean perAanbieder = "aanbieders".equals(i.scopes());
        if (perAanbieder && def != null && !def.parameters().contains(Metingen.AANBIEDER_PARAMETER)) {
            fouten.add(id + ": indicator " + def.id() + " has no aanbieder scope (SPEC §6.3 measures have)");
        }
        boolean basis = i.basisjaar() != null || i.punten() != null;
        boolean vorigJaar = i.vergelijk() != null;
        int soorten = (basis ? 1 : 0) + (vorigJaar ? 1 : 0) + (i.drempel() != null ? 1 : 0);
        if (soorten != 1) {
            fouten.add(id + ": give exactly one of basisjaar + punten, vergelijk: vorig_jaar, or drempel");
        }
        if (vorigJaar && !"vorig_jaar".equals(i.vergelijk())) {
            fouten.add(id + ": vergelijk may only be 'vorig_jaar'");
        }
        TreeMap<Integer, BigDecimal> punten = new TreeMap<>(i.punten() == null ? Map.of() : i.punten());
        if (basis) {
            if (i.basisjaar() == null || punten.isEmpty()) {
                fouten.add(id + ": a basisjaar target needs both basisjaar and punten");
            } else {
                punten.forEach((jaar, factor) -> {
                    if (jaar <= i.basisjaar()) {
                        fouten.add(id + ": target year " + jaar + " is not after the basisjaar " + i.basisjaar());
                    }
                    if (factor.signum() <= 0) {
                        fouten.add(id + ": factor " + factor + " for " + jaar + " must be positive");
                    }
                });
            }
        }
        if (i.tolerantie() != null && i.tolerantie().signum() < 0) {
            fouten.add(id + ": tolerantie must not be negative");
        }
        if (i.naam() == null || i.naam().isBlank() || i.omschrijving() == null || i.omschrijving().isBlank()) {
            fouten.add(id + ": naam and omschrijving are required (they make the alert text)");
        }
        return new Streefwaarde(i.id(), i.naam(), i.meting(), selectie, params, Boolean.TRUE.equals(hoger), waarde,
                "gemeenten".equals(i.scopes()), perAanbieder, i.basisjaar(), punten, vorigJaar, i.drempel(), i.tolerantie(), i.omschrijving());
    }

    public Streefwaarde get(String id) {
        return perId.get(id);
    }

    public java.util.Collection<Streefwaarde> alle() {
        return perId.values();
    }

    /** The region's name as gemeenten.csv writes it (e.g. Twente). */
    public String regio() {
        return regio;
    }

    /** The municipalities of the region, CBS codes in order. */
    public List<String> gemeenten() {
        return gemeenten;
    }

    /** The aanbieders of {@code scopes: aanbieders}: AGB code → name, in code order. */
    public Map<String, String> aanbieders() {
        return aanbieders;
    }

    /** The scopes a target is evaluated for: the region and its gemeenten, its gemeenten, or each listed aanbieder in the region. */
    public List<String> scopes(Streefwaarde s) {
        List<String> out = new ArrayList<>();
        if (s.perAanbieder()) {
            aanbieders.keySet().forEach(a -> out.add(Feiten.metAanbieder(Feiten.REGIO, a)));
            return out;
        }
        if (!s.alleenGemeenten()) {
            out.add(Feiten.REGIO);
        }
        out.addAll(gemeenten);
        return out;
    }
}
