package nl.jeugdmonitor.simulator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The simulator's calibration: data in {@code simulator/twente.yaml}, replaceable by a file for another region. */
public record Kalibratie(String regio, LinkedHashMap<String, Integer> gemeenten, int nieuweTrajectenPerJaar,
                        double bekendeJeugdigeKans, long eersteAanbiederAgb,
                        LinkedHashMap<String, Zorgvorm> zorgvormen, Berichten berichten) {

    public record Zorgvorm(double aandeel, List<List<String>> producten, String eenheid, long kostenPerZorgjaar,
                           int duurDagen, int wachtDagen, Double wachtTrend, double trend, int aanbieders,
                           Map<String, Double> verwijzers, Double doorplaatsingKans, Double uitstroomNaarWonenKans) {}

    public record Berichten(double declaratieLaatKans, double creditCorrectieKans, double afwijzingKans,
                            double opnieuwNaAfwijzingKans, double verwijderdeToewijzingKans, double nooitGestartKans,
                            double startCorrectieKans, double tijdelijkeStopKans, double verzoekKans, double dubbelKans,
                            double laatAanbiederAandeel, double meldingWerkdagen, double laatMeldingWerkdagen,
                            double antwoordWerkdagen, double terugwerkendeToewijzingKans, double verzoekAfwijzingKans,
                            double verzoekZonderAntwoordKans, double toewijzingTeKortKans, double onbekendNummerKans) {}

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static Kalibratie twente() {
        try (InputStream in = Kalibratie.class.getResourceAsStream("/simulator/twente.yaml")) {
            return YAML.readValue(in, Kalibratie.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Kalibratie lees(Path file) {
        try {
            return YAML.readValue(Files.readAllBytes(file), Kalibratie.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("calibration " + file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
