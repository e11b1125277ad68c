package nl.jeugdmonitor.indicator;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The aggregates of all partitions as this instance's global copy holds them ({@code indicator-kopie}, fed from the
 * shared output topic, a little behind the partitioned stores): every instance reads the whole table here without
 * asking the others. What the public metrics and a kijker's suppression pattern are computed from. Whole series are
 * read once and kept, so one object is one snapshot; make a new one for a fresh read.
 */
public final class GlobaleBron implements Metingen.Bron {

    private final Generatie generatie;
    private final LokaleBron lokaal;
    private final ReadOnlyKeyValueStore<String, Bijdrage> kopie;
    private final Map<String, Map<String, Bijdrage>> series = new HashMap<>();

    public GlobaleBron(Generatie generatie) {
        this.generatie = generatie;
        this.lokaal = new LokaleBron(generatie); // the peildatum and the budgets are global stores too
        this.kopie = generatie.streams().store(StoreQueryParameters.fromNameAndType(IndicatorTopology.KOPIE,
                QueryableStoreTypes.<String, Bijdrage>keyValueStore()));
    }

    @Override
    public Bijdrage aggregaat(String sleutel) {
        return series.computeIfAbsent(Sleutel.serie(sleutel), this::lees).get(sleutel);
    }

    /** The aggregates of one series, by their keys without the definition id. */
    private Map<String, Bijdrage> lees(String serie) {
        Map<String, Bijdrage> uit = new HashMap<>();
        String prefix = Sleutel.metDefinitie(generatie.id(), serie + "|");
        try (KeyValueIterator<String, Bijdrage> it = kopie.range(prefix, prefix + "\uffff")) {
            it.forEachRemaining(kv -> uit.put(Sleutel.zonderDefinitie(kv.key), kv.value));
        }
        return uit;
    }

    /**
     * The aanbieders (AGB codes) with process traffic (SPEC §6.3) in a month from {@code van} to {@code tot}
     * (inclusive, "yyyy-MM"), sorted: the aanbieders a kijker's tables and the metrics' labels span.
     */
    public java.util.SortedSet<String> aanbieders(String van, String tot) {
        java.util.TreeSet<String> uit = new java.util.TreeSet<>();
        for (String basis : FeitSleutel.PROCES) {
            String prefix = Sleutel.metDefinitie(generatie.id(), basis + "|" + Feiten.TOTAAL + "|" + Feiten.REGIO + "@");
            try (KeyValueIterator<String, Bijdrage> it = kopie.range(prefix, prefix + "\uffff")) {
                it.forEachRemaining(kv -> {
                    String rest = kv.key.substring(prefix.length()); // agb|maand|yyyy-MM
                    String maand = rest.substring(rest.lastIndexOf('|') + 1);
                    if (rest.contains("|" + Periode.MAAND + "|") && maand.compareTo(van) >= 0 && maand.compareTo(tot) <= 0) {
                        uit.add(rest.substring(0, rest.indexOf('|')));
                    }
                });
            }
        }
        return uit;
    }

    @Override
    public LocalDate peildatum() {
        return lokaal.peildatum();
    }

    @Override
    public Long begroting(String scope, int jaar) {
        return lokaal.begroting(scope, jaar);
    }

    @Override
    public nl.jeugdmonitor.config.Productcatalogus catalogus() {
        return generatie.catalogus();
    }
}
