package nl.jeugdmonitor.ingest;

/** A record that ingest rejects: it goes to the DLQ with this code and message, and the stream goes on. */
public final class Afkeuring extends Exception {

    private final AfkeurCode code;

    public Afkeuring(AfkeurCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public AfkeurCode code() {
        return code;
    }
}
