package nl.jeugdmonitor.api;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import nl.jeugdmonitor.indicator.Bijdrage;
import nl.jeugdmonitor.indicator.Generatie;
import nl.jeugdmonitor.indicator.IndicatorTopology;
import nl.jeugdmonitor.indicator.LokaleBron;
import nl.jeugdmonitor.indicator.Metingen;
import nl.jeugdmonitor.kafka.JsonSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The indicator stores of all instances, for one request: a series (basis|selection|scope) is read from the instance
 * that owns its partition, here or over HTTP, once per request. During a rebalance it answers 503 rather than a
 * partial answer (a store that is migrating throws InvalidStateStoreException, which ApiServer answers as 503).
 * The peildatum and budgets are global stores, present on every instance.
 */
public final class VerdeeldeBron implements Metingen.Bron {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(VerdeeldeBron.class);

    private final KafkaStreams streams;
    private final String definitie;
    private final LokaleBron lokaal;
    private final HostInfo zelf;
    private final Cluster cluster;
    private final Toegang.Gebruiker namens;
    private final Map<String, Map<String, Bijdrage>> series = new HashMap<>();

    /** @param namens the user the request is answered for: other instances answer as that user (signed as the cluster) */
    public VerdeeldeBron(Generatie generatie, HostInfo zelf, Cluster cluster, Toegang.Gebruiker namens) {
        this.streams = generatie.streams();
        this.definitie = generatie.id();
        this.lokaal = new LokaleBron(generatie);
        this.zelf = zelf;
        this.cluster = cluster;
        this.namens = namens;
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw herverdeling();
        }
    }

    static ApiFout herverdeling() {
        return new ApiFout(503, "unavailable", "the monitor is rebalancing its partitions; try again in a few seconds");
    }

    /** Another instance holds part of the answer and did not answer (stopped, or a rebalance is due). */
    static ApiFout geenAntwoord() {
        return new ApiFout(503, "unavailable", "another instance of the monitor did not answer; try again in a few seconds");
    }

    @Override
    public Bijdrage aggregaat(String sleutel) {
        return series.computeIfAbsent(nl.jeugdmonitor.indicator.Sleutel.serie(sleutel), this::haalSerie).get(sleutel);
    }

    /** A whole series from the instance that owns its partition: here, or one call to it. */
    private Map<String, Bijdrage> haalSerie(String serie) {
        KeyQueryMetadata md = streams.queryMetadataForKey(IndicatorTopology.AGGREGATEN, serie, Serdes.String().serializer());
        if (md == null || md == KeyQueryMetadata.NOT_AVAILABLE || md.activeHost() == null) {
            throw herverdeling();
        }
        if (md.activeHost().equals(zelf)) {
            return lokaal.serie(serie);
        }
        return haal(md.activeHost(), "/api/v1/intern/series?definitie=" + definitie, JsonSerde.MAPPER.valueToTree(List.of(serie)),
                new TypeReference<HashMap<String, TreeMap<String, Bijdrage>>>() {}).get(serie);
    }

    @Override
    public LocalDate peildatum() {
        return lokaal.peildatum(); // a global store: the same on every instance
    }

    @Override
    public nl.jeugdmonitor.config.Productcatalogus catalogus() {
        return lokaal.catalogus();
    }

    /**
     * One part of an answer from every instance with active tasks of {@code store} (partitioned, e.g. by client):
     * {@code hier} on this one, a GET of {@code pad} on the others. {@code streamsMetadataForStore} also lists instances
     * that only keep a standby or warm-up copy: a joining instance gets warm-up copies of tasks it is not yet caught up
     * on (until the probing rebalance, 10 minutes by default) and cannot query them, so those are skipped.
     */
    public <T> List<T> perInstantie(String store, Supplier<T> hier, String pad, TypeReference<T> type) {
        List<T> delen = new ArrayList<>();
        for (StreamsMetadata md : streams.streamsMetadataForStore(store)) {
            if (md.stateStoreNames().contains(store)) {
                delen.add(md.hostInfo().equals(zelf) ? hier.get() : haal(md.hostInfo(), pad, null, type));
            }
        }
        return delen;
    }

    @Override
    public Long begroting(String scope, int jaar) {
        return lokaal.begroting(scope, jaar); // a global store
    }

    /**
     * GET (or POST {@code body}) from another instance on behalf of the user; an instance that does not answer is a 503
     * too.
     */
    <T> T haal(HostInfo host, String pad, com.fasterxml.jackson.databind.JsonNode body, TypeReference<T> type) {
        byte[] bytes;
        try {
            bytes = body == null ? null : JsonSerde.MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpResponse<byte[]> r = vraag(host, pad, bytes, cluster, namens);
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

    /**
     * One request to another instance, signed as the cluster on behalf of {@code namens} (never with the user's token),
     * so it is answered there as that user and not forwarded again.
     */
    static HttpResponse<byte[]> vraag(HostInfo host, String padEnQuery, byte[] body, Cluster cluster, Toegang.Gebruiker namens) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + padEnQuery))
                .timeout(Duration.ofSeconds(10));
        if (body == null) {
            req.GET();
        } else {
            req.POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json");
        }
        cluster.koppen(body == null ? "GET" : "POST", padEnQuery, body, namens).forEach(req::header);
        try {
            return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            LOG.warn("instance {} did not answer {}: {}", host, ApiServer.zonderPseudoniem(padEnQuery.replaceAll("\\?.*", "")), e.toString());
            throw geenAntwoord();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw geenAntwoord();
        }
    }
}
