package nl.jeugdmonitor.indicator;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The indicator stores of this instance, read through interactive queries: complete when one instance runs, and the
 * local half of {@code api.VerdeeldeBron} when several do. Throws InvalidStateStoreException while stores migrate.
 */
public final class LokaleBron implements Metingen.Bron {

    private final KafkaStreams streams;
    private final String definitie;
    private final nl.jeugdmonitor.config.Productcatalogus catalogus;

    public LokaleBron(Generatie generatie) {
        this.streams = generatie.streams();
        this.definitie = generatie.id();
        this.catalogus = generatie.catalogus();
    }

    @Override
    public nl.jeugdmonitor.config.Productcatalogus catalogus() {
        return catalogus;
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String naam) {
        return streams.store(StoreQueryParameters.fromNameAndType(naam, QueryableStoreTypes.<String, V>keyValueStore()));
    }

    @Override
    public Bijdrage aggregaat(String sleutel) {
        return this.<Bijdrage>store(IndicatorTopology.AGGREGATEN).get(sleutel);
    }

    /** The aggregates of one series (basis|selection|scope) in this instance's store. */
    public java.util.SortedMap<String, Bijdrage> serie(String serie) {
        java.util.TreeMap<String, Bijdrage> out = new java.util.TreeMap<>();
        try (KeyValueIterator<String, Bijdrage> it = this.<Bijdrage>store(IndicatorTopology.AGGREGATEN)
                .range(serie + "|", serie + "|\uffff")) {
            it.forEachRemaining(kv -> out.put(kv.key, kv.value));
        }
        return out;
    }

    /** One client's dossier, if this instance holds it. */
    public nl.jeugdmonitor.trajectory.Dossier dossier(String client) {
        return this.<nl.jeugdmonitor.trajectory.Dossier>store(IndicatorTopology.DOSSIERS).get(client);
    }

    /** Every aggregate of this instance, for snapshots and tests. */
    public java.util.SortedMap<String, Bijdrage> alleAggregaten() {
        java.util.TreeMap<String, Bijdrage> out = new java.util.TreeMap<>();
        try (KeyValueIterator<String, Bijdrage> it = this.<Bijdrage>store(IndicatorTopology.AGGREGATEN).all()) {
            it.forEachRemaining(kv -> out.put(kv.key, kv.value));
        }
        return out;
    }

    @Override
    public LocalDate peildatum() {
        long max = IndicatorTopology.peildatum(this.<Long>store(IndicatorTopology.PEILDATUM), definitie);
        return max < 0 ? null : LocalDate.ofEpochDay(max);
    }

    /** The waiting toewijzingen of this instance's clients. */
    public List<Wachtend> wachtlijst() {
        List<Wachtend> alle = new ArrayList<>();
        elkWachtend(alle::add);
        return alle;
    }

    /** Hands every waiting client to {@code doe}, one at a time: a count needs no list of them all. */
    public void elkWachtend(java.util.function.Consumer<Wachtend> doe) {
        try (KeyValueIterator<String, Wachtend> it = this.<Wachtend>store(IndicatorTopology.WACHTLIJST).all()) {
            it.forEachRemaining(kv -> doe.accept(kv.value));
        }
    }

    @Override
    public Long begroting(String scope, int jaar) {
        return IndicatorTopology.begroting(this.<Long>store(IndicatorTopology.BEGROTING), scope, jaar);
    }
}
