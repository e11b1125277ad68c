package nl.jeugdmonitor.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.MessagingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.jeugdmonitor.config.AppConfig;
import nl.jeugdmonitor.kafka.JsonSerde;
import nl.jeugdmonitor.kafka.NaarStore;
import nl.jeugdmonitor.streefwaarde.Alert;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * E-mail (SPEC §7): alerts × confirmed subscriptions → one mail per (subscriber, alert), sent by the task that owns
 * the subscriber, so a digest is one mail however many instances run.
 *
 * <pre>
 * jeugdhulp.alerts ─> notificatie-match ─> jeugdhulp.meldingen ─> notificatie-verzend ─> SMTP
 *                     [global abonnementen]  (by subscription id)   [wachtrij, log]
 * </pre>
 *
 * A mail waits in {@code notificatie-wachtrij} until SMTP accepts it, retrying with exponential back-off; then it moves
 * to {@code notificatie-log}, whose changelog is the compacted notification log: a mail in it is never sent again,
 * across restarts and rebalances. The one gap, as with any SMTP sender, is a crash between the server's acceptance
 * and the commit that follows at once; the stable Message-ID lets the receiving side drop such a repeat.
 */
public final class NotifierTopology {

    public static final String SUFFIX = "notificaties";
    public static final String ABONNEMENTEN = "abonnementen";
    public static final String WACHTRIJ = "notificatie-wachtrij";
    public static final String LOG = "notificatie-log";
    static final long MAX_WACHTTIJD_MS = Duration.ofMinutes(5).toMillis();

    private static final Logger LOG_ = LoggerFactory.getLogger(NotifierTopology.class);

    /** A queued mail and its delivery attempts so far. */
    public record InWachtrij(Melding melding, int pogingen, long volgendePoging) {}

    private NotifierTopology() {}

    /**
     * @param voorKijker whether a kijker may see an alert's (streefwaarde, scope) now: a subscription made by a kijker or
     *                   beheerder is mailed only such alerts (SPEC §8: a subscription sees what its token sees)
     */
    public static Topology build(AppConfig config, MailTeksten teksten, Mailer mailer, Clock klok, MeterRegistry registry,
                                 java.util.function.Predicate<Alert> voorKijker) {
        AppConfig.Topics t = config.topics();
        StreamsBuilder builder = new StreamsBuilder();
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ABONNEMENTEN), Serdes.String(),
                        JsonSerde.of(Abonnement.class)).withLoggingDisabled(),
                t.abonnementen(), Consumed.with(Serdes.String(), JsonSerde.of(Abonnement.class)).withName("abonnementen-bron"),
                () -> new NaarStore<Abonnement>(ABONNEMENTEN));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WACHTRIJ), Serdes.String(),
                JsonSerde.of(InWachtrij.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LOG), Serdes.String(), Serdes.Long()));

        builder.stream(t.alerts(), Consumed.with(Serdes.String(), JsonSerde.of(Alert.class)).withName("notificatie-alerts-bron"))
                .process(() -> new Match(klok, voorKijker), Named.as("notificatie-match"))
                .to(t.meldingen(), Produced.with(Serdes.String(), JsonSerde.of(Melding.class)).withName("meldingen-sink"));
        builder.stream(t.meldingen(), Consumed.with(Serdes.String(), JsonSerde.of(Melding.class)).withName("meldingen-bron"))
                .process(() -> new Verzend(config.mail(), teksten, mailer, klok, new Tellers(registry)), Named.as("notificatie-verzend"), WACHTRIJ, LOG);
        return builder.build();
    }

    /** The mail counters, registered at start so dashboards and rules see them before the first mail. */
    record Tellers(Counter verzonden, Counter mislukt, Counter herhaald) {
        Tellers(MeterRegistry r) {
            this(r.counter("jeugdmonitor.mails", "resultaat", "verzonden"), r.counter("jeugdmonitor.mails", "resultaat", "mislukt"),
                    r.counter("jeugdmonitor.mails.herhaald"));
        }
    }

    /** One melding per confirmed subscription that wants the alert, keyed by the subscription. */
    static final class Match implements Processor<String, Alert, String, Melding> {
        private final Clock klok;
        private final java.util.function.Predicate<Alert> voorKijker;
        private ProcessorContext<String, Melding> context;
        private KeyValueStore<String, Abonnement> abonnementen;

        Match(Clock klok, java.util.function.Predicate<Alert> voorKijker) {
            this.klok = klok;
            this.voorKijker = voorKijker;
        }

        @Override
        public void init(ProcessorContext<String, Melding> context) {
            this.context = context;
            abonnementen = context.getStateStore(ABONNEMENTEN);
        }

        @Override
        public void process(Record<String, Alert> record) {
            Alert a = record.value();
            if (a == null) {
                return;
            }
            Boolean kijkerZiet = null; // asked once per alert, and only when a suppressed subscription wants it
            try (KeyValueIterator<String, Abonnement> it = abonnementen.all()) {
                while (it.hasNext()) {
                    Abonnement ab = it.next().value;
                    if (ab.past(a) && ab.onderdrukt() && kijkerZiet == null) {
                        kijkerZiet = voorKijker.test(a);
                    }
                    if (ab.past(a) && (!ab.onderdrukt() || kijkerZiet)) {
                        context.forward(new Record<>(ab.id(), new Melding(a.id(), ab.id(), Melding.Soort.ALERT, a, klok.millis()),
                                record.timestamp()));
                    }
                }
            }
        }
    }

    /** Queues meldingen and sends what is due once a second: direct ones at once, digests at the digest hour. */
    static final class Verzend implements Processor<String, Melding, Void, Void> {
        private final AppConfig.Mail config;
        private final MailTeksten teksten;
        private final Mailer mailer;
        private final Clock klok;
        private final Tellers tellers;
        private ProcessorContext<Void, Void> context;
        private KeyValueStore<String, InWachtrij> wachtrij;
        private KeyValueStore<String, Long> log;
        private KeyValueStore<String, Abonnement> abonnementen;

        Verzend(AppConfig.Mail config, MailTeksten teksten, Mailer mailer, Clock klok, Tellers tellers) {
            this.config = config;
            this.teksten = teksten;
            this.mailer = mailer;
            this.klok = klok;
            this.tellers = tellers;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.context = context;
            wachtrij = context.getStateStore(WACHTRIJ);
            log = context.getStateStore(LOG);
            abonnementen = context.getStateStore(ABONNEMENTEN);
            context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, t -> verstuurWatKlaarStaat());
        }

        @Override
        public void process(Record<String, Melding> record) {
            Melding m = record.value();
            if (m == null || log.get(m.sleutel()) != null || wachtrij.get(m.sleutel()) != null) {
                return; // sent or queued already
            }
            wachtrij.put(m.sleutel(), new InWachtrij(m, 0, 0));
        }

        /** When a melding is due: at once, or for a digest at the first digest hour after it arrived. */
        long moment(Melding m, Abonnement a) {
            if (m.soort() == Melding.Soort.BEVESTIGING || a.frequentie() == Abonnement.Frequentie.direct) {
                return m.ontvangen();
            }
            ZonedDateTime ontvangen = Instant.ofEpochMilli(m.ontvangen()).atZone(ZoneId.of(config.tijdzone()));
            ZonedDateTime digest = ontvangen.with(LocalTime.of(config.digestUur(), 0));
            return (digest.isAfter(ontvangen) ? digest : digest.plusDays(1)).toInstant().toEpochMilli();
        }

        private void verstuurWatKlaarStaat() {
            long nu = klok.millis();
            Map<String, List<InWachtrij>> perMail = new LinkedHashMap<>();
            List<String> vervallen = new ArrayList<>();
            try (KeyValueIterator<String, InWachtrij> it = wachtrij.all()) {
                while (it.hasNext()) {
                    var kv = it.next();
                    Melding m = kv.value.melding();
                    Abonnement a = abonnementen.get(m.abonnement());
                    boolean geldig = a != null && (m.soort() == Melding.Soort.BEVESTIGING ? !a.bevestigd() : a.bevestigd());
                    if (!geldig) {
                        vervallen.add(kv.key); // unsubscribed, or confirmed before the request went out
                    } else if (moment(m, a) <= nu && kv.value.volgendePoging() <= nu) {
                        // a subscriber's due alerts go in one mail when they chose a digest
                        String mail = m.soort() == Melding.Soort.ALERT && a.frequentie() == Abonnement.Frequentie.dagelijks
                                ? a.id() : kv.key;
                        perMail.computeIfAbsent(mail, x -> new ArrayList<>()).add(kv.value);
                    }
                }
            }
            vervallen.forEach(wachtrij::delete);
            long eind = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            for (List<InWachtrij> deel : perMail.values()) {
                if (System.nanoTime() > eind || !verstuur(deel, nu)) {
                    break; // the server is failing or this round took long enough: the rest waits for the next one
                }
            }
        }

        /** Sends one mail; true when SMTP accepted it. */
        private boolean verstuur(List<InWachtrij> deel, long nu) {
            Melding eerste = deel.get(0).melding();
            Abonnement a = abonnementen.get(eerste.abonnement());
            Mailer.Mail mail = eerste.soort() == Melding.Soort.BEVESTIGING ? teksten.bevestiging(a)
                    : teksten.alerts(a, deel.stream().map(w -> w.melding().alert()).toList());
            try {
                mailer.verstuur(mail);
            } catch (MessagingException | RuntimeException e) {
                tellers.mislukt().increment();
                for (InWachtrij w : deel) {
                    int pogingen = w.pogingen() + 1;
                    long wacht = Math.min(MAX_WACHTTIJD_MS, 1000L << Math.min(pogingen - 1, 20));
                    wachtrij.put(w.melding().sleutel(), new InWachtrij(w.melding(), pogingen, nu + wacht));
                }
                LOG_.warn("mail server refused or unreachable ({}); {} mail(s) wait and retry with back-off",
                        e.getClass().getSimpleName(), deel.size());
                return false;
            }
            for (InWachtrij w : deel) {
                wachtrij.delete(w.melding().sleutel());
                log.put(w.melding().sleutel(), nu);
                if (w.pogingen() > 0) {
                    tellers.herhaald().increment();
                }
            }
            tellers.verzonden().increment();
            context.commit(); // the log entry is durable as soon as possible after SMTP accepted the mail
            return true;
        }
    }
}
