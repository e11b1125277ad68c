package nl.jeugdmonitor.indicator;

import nl.jeugdmonitor.config.Productcatalogus;
import org.apache.kafka.streams.KafkaStreams;

/**
 * One generation of the indicator engine: a definition and the Kafka Streams application that computes it. A request,
 * a metrics refresh or a streefwaarde evaluation takes one generation and reads only it (SPEC §6.4: no answer mixes
 * definitions).
 */
public record Generatie(Definitie definitie, String id, Productcatalogus catalogus, KafkaStreams streams) {

    public Generatie(Definitie definitie, KafkaStreams streams) {
        this(definitie, definitie.id(), Productcatalogus.van(definitie.catalogus(), "definition " + definitie.id()), streams);
    }
}
