package nl.jeugdmonitor.ingest;

/** The machine-readable reasons a record goes to the DLQ, written as its {@code error.code} header. */
public enum AfkeurCode {
    /** The record has no value. */
    EMPTY,
    /** Larger than {@code ingest.maxBerichtBytes}; not parsed at all. */
    TOO_LARGE,
    /** Not well-formed XML (or not XML at all). */
    NOT_XML,
    /** Well-formed up to its end, but the root element is never closed: a cut-off message. */
    XML_TRUNCATED,
    /** The root element is not an iJw 3.2 message. */
    UNKNOWN_MESSAGE,
    /** The BerichtCode is not the one of the message's schema. */
    UNKNOWN_BERICHTCODE,
    /** Fails the iJw 3.2 XSD. */
    XSD_INVALID,
    /** A date or time that does not exist (e.g. 2027-06-31), or is not written as one. */
    INVALID_DATE,
    /** An event date more than 31 days after the message's Dagtekening: iJw reports what has happened. */
    FUTURE_DATE,
    /** A BSN that fails the 11-proef. */
    INVALID_BSN,
    /** A gemeente code that is not a CBS municipality. */
    UNKNOWN_GEMEENTE,
    /** A JSON record that does not parse. */
    NOT_JSON,
    /** A JSON record whose "type" is not a canonical event type. */
    UNKNOWN_TYPE,
    /** A JSON record with a field the canonical event does not have. */
    UNKNOWN_FIELD,
    /** A required field is absent. */
    MISSING_FIELD,
    /** An amount or volume that is not a whole number (eurocents). */
    INVALID_AMOUNT,
    /** Any other value of the wrong form. */
    INVALID_VALUE,
    /** An unexpected failure inside ingest; the record is kept in the DLQ rather than stopping the stream. */
    INTERNAL_ERROR
}
