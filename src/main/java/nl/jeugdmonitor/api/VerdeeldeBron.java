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
    private final String authorization;
    private final Map<String, Map<String, Bijdrage>> series = new HashMap<>();

    public VerdeeldeBron(Generatie generatie, HostInfo zelf, String authorization) {
        this.streams = generatie.streams();
        this.definitie = generatie.id();
        this.lokaal = new LokaleBron(generatie);
        this.zelf = zelf;
        this.authorization = authorization;
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

    private Map<String, Bijdrage> haalSerie(String serie) {
        KeyQueryMetadata md = streams.queryMetadataForKey(IndicatorTopology.AGGREGATEN, serie, Serdes.String().serializer());
        if (md == null || md == KeyQueryMetadata.NOT_AVAILABLE || md.activeHost() == null) {
            throw herverdeling();
        }
        if (md.activeHost().equals(zelf)) {
            return lokaal.serie(serie);
        }
        return haal(md.activeHost(), "/api/v1/intern/serie?definitie=" + definitie + "&serie=" + URLEncoder.encode(serie, StandardCharsets.UTF_8),
                new TypeReference<TreeMap<String, Bijdrage>>() {});
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
                delen.add(md.hostInfo().equals(zelf) ? hier.get() : haal(md.hostInfo(), pad, type));
            }
        }
        return delen;
    }

    @Override
    public Long begroting(String scope, int jaar) {
        return lokaal.begroting(scope, jaar); // a global store
    }

    /** GET from another instance with the caller's own token; an instance that does not answer is a 503 too. */
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
            LOG.warn("instance {} did not answer {}: {}", host, ApiServer.zonderPseudoniem(padEnQuery.replaceAll("\\?.*", "")), e.toString());
            throw geenAntwoord();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw geenAntwoord();
        }
    }
}
