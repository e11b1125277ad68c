package nl.jeugdmonitor.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Ingest counters (SPEC §9): messages by type and result, DLQ by error code, canonical events by type.
 * Label values are bounded: message types, results, error codes and event types are fixed lists.
 */
public final class IngestMetrics {

    public static final String BERICHTEN = "jeugdmonitor.ingest.berichten";
    public static final String EVENTS = "jeugdmonitor.ingest.events";

    private final MeterRegistry registry;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void ok(String type) {
        berichten(type, "ok", "none").increment();
    }

    void duplicate(String type) {
        berichten(type, "duplicate", "none").increment();
    }

    void skipped(String type) {
        berichten(type, "skipped", "none").increment();
    }

    void dlq(String type, AfkeurCode code) {
        berichten(type, "dlq", code.name()).increment();
    }

    void event(String eventType) {
        Counter.builder(EVENTS).description("canonical events written, by event type")
                .tag("type", eventType).register(registry).increment();
    }

    private Counter berichten(String type, String resultaat, String code) {
        return Counter.builder(BERICHTEN).description("input records by message type and result")
                .tag("type", type).tag("resultaat", resultaat).tag("code", code).register(registry);
    }
}
