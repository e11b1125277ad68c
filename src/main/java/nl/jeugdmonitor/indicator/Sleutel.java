package nl.jeugdmonitor.indicator;

/**
 * The indicator keys, written and taken apart in this one place: {@code basis|selection|scope|granularity|period}; a
 * series is {@code basis|selection|scope} (one partition holds a whole series); on the shared topics a key is prefixed
 * with the definition id that computed it ({@code id|…}, SPEC §6.4).
 */
public final class Sleutel {

    private Sleutel() {}

    public static String van(String basis, String selectie, String scope, String granulariteit, String periode) {
        return basis + "|" + selectie + "|" + scope + "|" + granulariteit + "|" + periode;
    }

    /** A key from its series' parts and its {@code granularity|period}. */
    public static String van(String basis, String selectie, String scope, String periode) {
        return basis + "|" + selectie + "|" + scope + "|" + periode;
    }

    /** A key from its series and its {@code granularity|period}. */
    public static String van(String serie, String periode) {
        return serie + "|" + periode;
    }

    private static int derdeStreep(String sleutel) {
        return sleutel.indexOf('|', sleutel.indexOf('|', sleutel.indexOf('|') + 1) + 1);
    }

    /** basis|selection|scope of a key (the whole string when it has no period). */
    public static String serie(String sleutel) {
        int derde = derdeStreep(sleutel);
        return derde < 0 ? sleutel : sleutel.substring(0, derde);
    }

    /** Whether {@code s} is a whole series: three non-empty parts, basis|selection|scope. */
    public static boolean isSerie(String s) {
        String[] delen = s.split("\\|", -1);
        return delen.length == 3 && !delen[0].isEmpty() && !delen[1].isEmpty() && !delen[2].isEmpty();
    }

    /** The key as the shared topics carry it: the definition id first. */
    public static String metDefinitie(String definitie, String sleutel) {
        return definitie + "|" + sleutel;
    }

    /** The definition id of a shared-topic key ("" when it has none). */
    public static String definitie(String gedeeld) {
        int streep = gedeeld.indexOf('|');
        return streep < 0 ? "" : gedeeld.substring(0, streep);
    }

    /** A shared-topic key without its definition id. */
    public static String zonderDefinitie(String gedeeld) {
        return gedeeld.substring(gedeeld.indexOf('|') + 1);
    }

    /** The prefix of every shared-topic key of one definition. */
    public static String prefix(String definitie) {
        return definitie + "|";
    }
}
