package nl.jeugdmonitor.api;

/** An error the API answers as JSON {"error": code, "message": message} with an HTTP status; never a stack trace. */
public final class ApiFout extends RuntimeException {

    private final int status;
    private final String code;

    public ApiFout(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public static ApiFout ongeldig(String message) {
        return new ApiFout(400, "bad_request", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
