package nl.jeugdmonitor.ingest;

import java.util.List;
import nl.jeugdmonitor.event.CanoniekEvent;

/**
 * One accepted input message after validation and pseudonymisation, on its way to deduplication.
 * {@code id} identifies a delivery: afzender|BerichtCode|Identificatie for iJw, a content hash for JSON.
 */
public record Bericht(String id, String type, List<CanoniekEvent> events) {}
