package nl.jeugdmonitor.console;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * A quiet console for the commands a person watches (demo, bench, simulate): every log line goes to a file, and only
 * the monitor's own warnings and errors still reach the console. Kafka's and the broker's chatter (offset fetches,
 * topic creation races, unknown partitions while topics are created) stays in the file. {@code run} keeps logging
 * everything to standard output, as a service manager or container runtime expects.
 */
public final class Logboek {

    private Logboek() {}

    /** Reconfigures logging as above; returns the file the logs go to. */
    public static Path naarBestand(Path bestand) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        ctx.putProperty("LOGBESTAND", bestand.toAbsolutePath().toString());
        JoranConfigurator c = new JoranConfigurator();
        c.setContext(ctx);
        try {
            c.doConfigure(Logboek.class.getResource("/logback-stil.xml"));
        } catch (JoranException e) {
            throw new IllegalStateException("logging cannot be configured: " + e.getMessage(), e);
        }
        return bestand;
    }
}
