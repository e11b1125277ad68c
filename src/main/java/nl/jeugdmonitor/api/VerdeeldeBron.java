package nl.jeugdmonitor.api;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nl.jeugdmonitor.indicator.Bijdrage;
import nl.jeugdmonitor.indicator.IndicatorTopology;
import nl.jeugdmonitor.indicator.Metingen;
import nl.jeugdmonitor.indicator.Wachtend;
import nl.jeugdmonitor.kafka.JsonSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The indicator stores of all instances, for one request: a series (basis|selection|scope) is read from the instance
 * that owns its partition, here or over HTTP, once per request. During a rebalance it answers 503 rather than a
 * partial answer. The peildatum and budgets are global stores, present on every instance.
 */
public final class VerdeeldeBron implements Metingen.Bron {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final KafkaStreams streams;
    private final HostInfo zelf;
    private final String authorization;
    private final Map<String, Map<String, Bijdrage>> series = new HashMap<>();

    public VerdeeldeBron(KafkaStreams streams, HostInfo zelf, String authorization) {
        this.streams = streams;
        this.zelf = zelf;
        this.authorization = authorization;
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw herverdeling();
        }
    }

    static ApiFout herverdeling() {
        return new ApiFout(503, "unavailable", "the monitor is rebalancing its partitions; try again in a few seconds");
    }

    static <V> ReadOnlyKeyValueStore<String, V> store(KafkaStreams streams, String naam) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(naam, QueryableStoreTypes.<String, V>keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw herverdeling();
        }
    }

    /** Every aggregate of one series in this instance's store. */
    public static Map<String, Bijdrage> lokaleSerie(KafkaStreams streams, String serie) {
        Map<String, Bijdrage> out = new TreeMap<>();
        try (KeyValueIterator<String, Bijdrage> it = VerdeeldeBron.<Bijdrage>store(streams, IndicatorTopology.AGGREGATEN)
                .range(serie + "|", serie + "|\uffff")) {
            it.forEachRemaining(kv -> out.put(kv.key, kv.value));
        } catch (InvalidStateStoreException e) {
            throw herverdeling();
        }
        return out;
    }

    @Override
    public Bijdrage aggregaat(String sleutel) {
        int derde = sleutel.indexOf('|', sleutel.indexOf('|', sleutel.indexOf('|') + 1) + 1);
        return series.computeIfAbsent(sleutel.substring(0, derde), this::haalSerie).get(sleutel);
    }

    private Map<String, Bijdrage> haalSerie(String serie) {
        KeyQueryMetadata md = streams.queryMetadataForKey(IndicatorTopology.AGGREGATEN, serie, Serdes.String().serializer());
        if (md == null || md == KeyQueryMetadata.NOT_AVAILABLE || md.activeHost() == null) {
            throw herverdeling();
        }
        if (md.activeHost().equals(zelf)) {
            return lokaleSerie(streams, serie);
        }
        return haal(md.activeHost(), "/api/v1/intern/serie?serie=" + URLEncoder.encode(serie, StandardCharsets.UTF_8),
                new TypeReference<TreeMap<String, Bijdrage>>() {});
    }

    @Override
    public LocalDate peildatum() {
        long p = IndicatorTopology.peildatum(store(streams, IndicatorTopology.PEILDATUM));
        return p < 0 ? null : LocalDate.ofEpochDay(p);
    }

    /** The waiting lists of every instance: the store is partitioned by client. */
    @Override
    public Iterable<Wachtend> wachtlijst() {
        List<Wachtend> alle = new ArrayList<>();
        for (StreamsMetadata md : streams.streamsMetadataForStore(IndicatorTopology.WACHTLIJST)) {
            if (md.hostInfo().equals(zelf)) {
                alle.addAll(lokaleWachtlijst(streams));
            } else {
                alle.addAll(haal(md.hostInfo(), "/api/v1/intern/wachtlijst", new TypeReference<List<Wachtend>>() {}));
            }
        }
        return alle;
    }

    public static List<Wachtend> lokaleWachtlijst(KafkaStreams streams) {
        List<Wachtend> out = new ArrayList<>();
        try (KeyValueIterator<String, Wachtend> it = VerdeeldeBron.<Wachtend>store(streams, IndicatorTopology.WACHTLIJST).all()) {
            it.forEachRemaining(kv -> out.add(kv.value));
        } catch (InvalidStateStoreException e) {
            throw herverdeling();
        }
        return out;
    }

    @Override
    public Long begroting(String scope, int jaar) {
        return IndicatorTopology.begroting(store(streams, IndicatorTopology.BEGROTING), scope, jaar);
    }

    /** GET from another instance with the caller's own token; an instance that does not answer means a rebalance is due. */
    <T> T haal(HostInfo host, String pad, TypeReference<T> type) {
        HttpResponse<byte[]> r = vraag(host, pad, authorization);
        if (r.statusCode() == 503) {
            throw herverdeling();
        }
        if (r.statusCode() != 200) {
            throw new ApiFout(502, "bad_gateway", "instance " + host + " answered " + r.statusCode());
        }
        try {
            return JsonSerde.MAPPER.readValue(r.body(), type);
        } catch (IOException e) {
            throw new ApiFout(502, "bad_gateway", "instance " + host + " answered something that is not JSON");
        }
    }

    /** One request to another instance, marked as forwarded so it is answered there and not forwarded again. */
    static HttpResponse<byte[]> vraag(HostInfo host, String padEnQuery, String authorization) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + padEnQuery))
                .timeout(Duration.ofSeconds(10)).header(QueryApi.DOORGESTUURD, "1");
        if (authorization != null) {
            req.header("Authorization", authorization);
        }
        try {
            return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw herverdeling();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw herverdeling();
        }
    }
}
