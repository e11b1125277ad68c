package nl.jeugdmonitor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nl.jeugdmonitor.config.Productcatalogus;
import nl.jeugdmonitor.indicator.Feiten;
import nl.jeugdmonitor.indicator.Wachtend;
import nl.jeugdmonitor.kafka.JsonSerde;
import org.junit.jupiter.api.Test;

/** The /wachtlijst counts: each instance counts its own waiting clients, the asking instance adds the counts up. */
class WachtTellingTest {

    private static final Productcatalogus CATALOGUS = Productcatalogus.standaard(); // begeleiding norm 14 days, verblijf 42
    private static final LocalDate P = LocalDate.of(2025, 3, 1);

    private static Wachtend.Item item(String gemeente, String zorgvorm, String toegewezen, String ingang, String eind) {
        return new Wachtend.Item(gemeente, zorgvorm, "T", LocalDate.parse(toegewezen), LocalDate.parse(ingang),
                eind == null ? null : LocalDate.parse(eind));
    }

    // instance 1: one client with two toewijzingen
    private static final List<Wachtend> EEN = List.of(new Wachtend(List.of(
            item("0153", "begeleiding", "2025-02-20", "2025-02-20", null),            // waits 9 days: 0-14, within norm
            item("0153", "begeleiding", "2024-11-01", "2024-11-01", "2025-12-31")))); // 120 days: 99+, above norm
    // instance 2
    private static final List<Wachtend> TWEE = List.of(
            new Wachtend(List.of(item("0164", "verblijf", "2025-02-01", "2025-02-01", null))),  // 28 days: 15-28, within 42
            new Wachtend(List.of(
                    item("0153", "begeleiding", "2025-03-05", "2025-03-05", null),            // issued after the peildatum
                    item("0153", "begeleiding", "2025-01-01", "2025-01-01", "2025-02-28"),    // no longer valid
                    item("0153", "begeleiding", "2025-02-14", "2025-03-10", null),            // valid from after the peildatum
                    item("0153", "begeleiding", "2025-02-14", "2025-02-14", null))));         // 15 days: 15-28, above 14

    /** zorgvorm → [waiting, above norm], then the five age buckets, as plain lists to compare. */
    private static Map<String, Object> alsLijsten(QueryApi.WachtTelling t) {
        Map<String, Object> m = new TreeMap<>();
        t.perZorgvorm().forEach((zv, n) -> m.put(zv, List.of(n[0], n[1])));
        m.put("wachtdagen", List.copyOf(t.wachtdagen().values()));
        return m;
    }

    @Test
    void theCountsOfTwoInstancesAddUpToTheRegionsWaitingList() {
        var som = QueryApi.WachtTelling.van(EEN, P, null, Feiten.REGIO, CATALOGUS)
                .plus(QueryApi.WachtTelling.van(TWEE, P, null, Feiten.REGIO, CATALOGUS));
        assertEquals(Map.of("begeleiding", List.of(3L, 2L), "verblijf", List.of(1L, 0L),
                "wachtdagen", List.of(1L, 2L, 0L, 0L, 1L)), alsLijsten(som));
        assertEquals(List.of("0-14", "15-28", "29-42", "43-98", "99+"), List.copyOf(som.wachtdagen().keySet()));
    }

    @Test
    void aMunicipalityAndAZorgvormCountOnlyTheirOwn() {
        var enschedeBegeleiding = QueryApi.WachtTelling.van(EEN, P, "begeleiding", "0153", CATALOGUS)
                .plus(QueryApi.WachtTelling.van(TWEE, P, "begeleiding", "0153", CATALOGUS));
        assertEquals(Map.of("begeleiding", List.of(3L, 2L), "wachtdagen", List.of(1L, 1L, 0L, 0L, 1L)), alsLijsten(enschedeBegeleiding));
        var hengelo = QueryApi.WachtTelling.van(TWEE, P, null, "0164", CATALOGUS);
        assertEquals(Map.of("verblijf", List.of(1L, 0L), "wachtdagen", List.of(0L, 1L, 0L, 0L, 0L)), alsLijsten(hengelo));
        assertEquals(Map.of("wachtdagen", List.of(0L, 0L, 0L, 0L, 0L)),
                alsLijsten(QueryApi.WachtTelling.van(EEN, P, "verblijf", Feiten.REGIO, CATALOGUS)));
    }

    @Test
    void theCountsTravelBetweenInstancesAsJsonUnchanged() throws Exception {
        var t = QueryApi.WachtTelling.van(TWEE, P, null, Feiten.REGIO, CATALOGUS);
        var terug = JsonSerde.MAPPER.readValue(JsonSerde.MAPPER.writeValueAsBytes(t), QueryApi.WachtTelling.class);
        assertEquals(alsLijsten(t), alsLijsten(terug));
        assertEquals(List.of("0-14", "15-28", "29-42", "43-98", "99+"), List.copyOf(terug.wachtdagen().keySet()));
    }
}
