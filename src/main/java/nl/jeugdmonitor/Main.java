package nl.jeugdmonitor;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import nl.jeugdmonitor.api.Toegang;
import nl.jeugdmonitor.config.AppConfig;
import nl.jeugdmonitor.config.PseudonymKey;
import nl.jeugdmonitor.console.Logboek;
import nl.jeugdmonitor.console.Statusregel;
import nl.jeugdmonitor.indicator.Definitie;
import nl.jeugdmonitor.indicator.Generaties;
import nl.jeugdmonitor.kafka.EmbeddedKafka;
import nl.jeugdmonitor.simulator.Kalibratie;
import nl.jeugdmonitor.simulator.Simulator;
import nl.jeugdmonitor.simulator.SimulatorProducent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The command line (SPEC §8.1): {@code demo}, {@code run}, {@code simulate}, {@code topologies}. */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private static final String USAGE = """
            usage: java -jar target/jeugdmonitor.jar <command> [options]

              demo       [--http-port 8080] [--scale 1] [--from 2024] [--to 2026] [--seed 42] [--days-per-second 1.5]
                         embedded Kafka broker + simulated Twente data + the monitor, until Ctrl-C
              run        --bootstrap-servers HOST:PORT [--http-port 8080] [--config FILE] [--tokens FILE] [--state-dir DIR]
                         [--advertised-host HOST]   (the name other instances reach this one by; default localhost)
                         one instance against a Kafka cluster; the pseudonym key comes from
                         JEUGDMONITOR_PSEUDONIEM_SLEUTEL or JEUGDMONITOR_PSEUDONIEM_SLEUTEL_FILE
              simulate   [--from 2024] [--to 2026] [--scale 1] [--seed 42] [--invalid 0] [--calibration FILE]
                         (--out DIR | --bootstrap-servers HOST:PORT [--topic jeugdhulp.ijw] [--days-per-second 0])
                         seeded iJw 3.2 messages for the 14 Twente municipalities
              status     --bootstrap-servers HOST:PORT [--config FILE] [--activeer ID]
                         which indicator definition serves, every known one and how far its engine is;
                         --activeer ID switches to a rebuilt definition (with overschakelen: handmatig)
              topologies [--out topologies]
                         writes Topology#describe() of every topology, one file each
              bench      [--scale 30] [--year 2025] [--seed 42] [--out target/bench] [--config FILE] [--jvm "-Xmx1g"]
                         [--only validator,replay,bare-consumer,pass-through,client-state,app]
                         measures ingest, replay, restore, freshness, queries and footprint on an embedded broker
            """;

    private Main() {}

    public static void main(String[] args) {
        if (args.length == 0 || Set.of("-h", "--help", "help").contains(args[0])) {
            System.out.print(USAGE);
            return;
        }
        try {
            Map<String, String> opts = opties(List.of(args).subList(1, args.length));
            switch (args[0]) {
                case "demo" -> demo(opts);
                case "run" -> run(opts);
                case "simulate" -> simulate(opts);
                case "topologies" -> topologies(opts);
                case "status" -> status(opts);
                case "bench" -> bench(opts);
                default -> throw new IllegalArgumentException("unknown command '" + args[0] + "'");
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("jeugdmonitor: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        }
    }

    static Map<String, String> opties(List<String> args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--") || i + 1 >= args.size()) {
                throw new IllegalArgumentException("expected --option value, got '" + a + "'");
            }
            m.put(a.substring(2), args.get(++i));
        }
        return m;
    }

    private static int getal(Map<String, String> o, String key, int standaard) {
        try {
            return o.containsKey(key) ? Integer.parseInt(o.get(key)) : standaard;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a whole number, not '" + o.get(key) + "'");
        }
    }

    private static double kommagetal(Map<String, String> o, String key, double standaard) {
        try {
            return o.containsKey(key) ? Double.parseDouble(o.get(key)) : standaard;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a number, not '" + o.get(key) + "'");
        }
    }

    private static void alleen(Map<String, String> o, String... toegestaan) {
        for (String k : o.keySet()) {
            if (!List.of(toegestaan).contains(k)) {
                throw new IllegalArgumentException("unknown option --" + k);
            }
        }
    }

    private static Simulator simulator(Map<String, String> o) {
        Kalibratie k = o.containsKey("calibration") ? Kalibratie.lees(Path.of(o.get("calibration"))) : Kalibratie.twente();
        return new Simulator(k, new Simulator.Instellingen(getal(o, "seed", 42), getal(o, "from", 2024), getal(o, "to", 2026),
                kommagetal(o, "scale", 1.0), kommagetal(o, "invalid", 0.0)));
    }

    private static void demo(Map<String, String> o) {
        alleen(o, "http-port", "scale", "from", "to", "seed", "days-per-second");
        int port = getal(o, "http-port", 8080);
        Simulator simulator = simulator(Map.of("scale", o.getOrDefault("scale", "1"), "from", o.getOrDefault("from", "2024"),
                "to", o.getOrDefault("to", "2026"), "seed", o.getOrDefault("seed", "42"), "invalid", "0.001"));
        // 1.5 simulated days per second stays below what the indicator stage sustains at full Twente scale on
        // 2 cores beside the broker and the simulator (~2.2 measured); faster runs let the indicators lag behind
        double snelheid = kommagetal(o, "days-per-second", 1.5);
        PrintStream out = System.out;
        // Kafka's and the broker's logs go to a file: the console keeps the banner, one status line and our own warnings
        Path logbestand = Logboek.naarBestand(tempBestand("jeugdmonitor-demo-", ".log"));
        out.println("jeugdmonitor demo: starting an embedded Kafka broker … (logs: " + logbestand + ")");
        EmbeddedKafka kafka = EmbeddedKafka.start();
        Path state = tempDir("jeugdmonitor-demo-state");
        LOG.warn("DEMO MODE: the BSN pseudonym key is random and lives only in this process; pseudonyms change at every start");
        Map<Toegang.Rol, String> tokens = new java.util.EnumMap<>(Toegang.Rol.class);
        Toegang toegang = Toegang.demo(tokens);
        // an in-process SMTP server catches the mails; GET /demo/mail shows them
        GreenMail smtp = new GreenMail(new ServerSetup(0, "localhost", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        AppConfig d = AppConfig.defaults();
        AppConfig.Mail m = d.mail();
        AppConfig config = new AppConfig(d.applicationId(), d.topics(), d.ingest(), d.indicatoren(), d.streefwaarden(),
                new AppConfig.Mail("localhost", smtp.getSmtp().getPort(), "geen", null, m.afzender(),
                        "http://localhost:" + port, m.grafanaUrl(), m.digestUur(), m.tijdzone(), m.abonnementenPerAdresPerUur(),
                        m.abonnementenPerTokenPerUur()), d.kafka());
        Jeugdmonitor monitor = new Jeugdmonitor(new Jeugdmonitor.Instelling(config, kafka.bootstrapServers(),
                port, state, PseudonymKey.random()).met(toegang, "localhost"))
                .metRoutes(app -> {
                    app.get("/demo/mail", ctx -> ctx.html(DemoPostvak.pagina(smtp)));
                    app.get("/demo/mail.json", ctx -> ctx.json(DemoPostvak.inhoud(smtp)));
                })
                .metLink("Postvak (demo)", "/demo/mail").start();
        SimulatorProducent.Voortgang voortgang = new SimulatorProducent.Voortgang();
        Statusregel status = new Statusregel(out, () -> demoStatus(voortgang, monitor, smtp));
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            status.close();
            out.println("jeugdmonitor demo: stopping …");
            monitor.close();
            kafka.close();
            smtp.stop();
            stop.countDown();
        }, "demo-stop"));
        String url = "http://localhost:" + monitor.httpPort();
        out.println();
        out.println("jeugdmonitor demo is up: " + url);
        out.println("  " + url + "/          the start page (log in with a token below)");
        out.println("  " + url + "/api-docs  the query API, documented");
        out.println("  " + url + "/health    liveness");
        out.println("  " + url + "/ready     readiness (streams RUNNING)");
        out.println("  " + url + "/metrics   Prometheus metrics");
        out.println("  " + url + "/api/v1/openapi.json   the query API");
        out.println("  " + url + "/demo/mail   the mails the monitor sent (an in-process SMTP server)");
        out.println("  Kafka broker: " + kafka.bootstrapServers());
        out.println("  Logs (Kafka, broker, monitor): " + logbestand);
        out.println();
        out.println("Demo tokens (all municipalities; new at every start):");
        tokens.forEach((rol, token) -> out.println("  " + rol + ": " + token));
        out.println();
        out.println("Try:");
        out.println("  curl -s -H 'Authorization: Bearer " + tokens.get(Toegang.Rol.analist) + "' '" + url
                + "/api/v1/indicators/jeugdigen?groep=verblijf&gemeente=0153&granularity=maand'");
        out.println("  curl -s -H 'Authorization: Bearer " + tokens.get(Toegang.Rol.kijker) + "' '" + url
                + "/api/v1/indicators/wachttijd_dagen?zorgvorm=begeleiding&granularity=kwartaal'");
        out.println("  curl -s -H 'Authorization: Bearer " + tokens.get(Toegang.Rol.analist) + "' '" + url + "/api/v1/wachtlijst'");
        out.println("  curl -s -H 'Authorization: Bearer " + tokens.get(Toegang.Rol.kijker) + "' '" + url
                + "/api/v1/indicators/startbericht_tijdig?aanbieder=41000000&granularity=r12'");
        out.println("  curl -s -H 'Authorization: Bearer " + tokens.get(Toegang.Rol.kijker) + "' '" + url + "/api/v1/streefwaarden?gemeente=0153'");
        out.println("  curl -s -H 'Authorization: Bearer " + tokens.get(Toegang.Rol.beheerder) + "' -H 'Content-Type: application/json' -d '"
                + "{\"email\":\"u@gemeente.nl\",\"minimumStatus\":\"AFWIJKING\",\"frequentie\":\"dagelijks\"}' " + url + "/api/v1/subscriptions");
        out.println("    then open the confirmation link from " + url + "/demo/mail");
        out.println("  Simulating Twente " + o.getOrDefault("from", "2024") + "–" + o.getOrDefault("to", "2026") + " at "
                + snelheid + " days/second. Ctrl-C stops.");
        out.println();
        Thread sim = new Thread(() -> SimulatorProducent.stuur(simulator, kafka.bootstrapServers(), AppConfig.defaults().topics().ijw(),
                snelheid, voortgang), "simulator");
        sim.setDaemon(true);
        sim.start();
        status.start();
        await(stop);
    }

    private static final java.util.Locale NL = java.util.Locale.forLanguageTag("nl");

    /** The demo's status line: how far the simulation, the ingest and the indicators are, and what was sent. */
    static String demoStatus(SimulatorProducent.Voortgang v, Jeugdmonitor monitor, GreenMail smtp) {
        io.micrometer.core.instrument.MeterRegistry r = monitor.registry();
        double events = r.find("jeugdmonitor.ingest.events").counters().stream().mapToDouble(c -> c.count()).sum();
        double alerts = r.find("jeugdmonitor.alerts").counters().stream().mapToDouble(c -> c.count()).sum();
        double lag = r.find("kafka.consumer.fetch.manager.records.lag.max").gauges().stream().mapToDouble(g -> g.value())
                .filter(d -> !Double.isNaN(d)).max().orElse(0);
        String peildatum;
        try {
            java.time.LocalDate p = monitor.indicatorBron().peildatum();
            peildatum = p == null ? "–" : p.toString();
        } catch (RuntimeException e) {
            peildatum = "–"; // stores not queryable during a rebalance
        }
        return String.format(NL, "gesimuleerd t/m %s · %,d berichten · %,.0f events · peildatum %s · achterstand %,.0f · %,.0f alerts · %d mails",
                v.dag() == null ? "–" : v.dag(), v.verstuurd(), events, peildatum, lag, alerts, smtp.getReceivedMessages().length);
    }

    private static void run(Map<String, String> o) {
        alleen(o, "bootstrap-servers", "http-port", "config", "tokens", "state-dir", "advertised-host");
        String bootstrap = o.get("bootstrap-servers");
        if (bootstrap == null) {
            throw new IllegalArgumentException("run needs --bootstrap-servers HOST:PORT");
        }
        Toegang toegang = o.containsKey("tokens") ? Toegang.lees(Path.of(o.get("tokens"))) : Toegang.geen();
        if (!o.containsKey("tokens")) {
            LOG.warn("no --tokens file: every /api/v1 request will be refused");
        }
        AppConfig config = AppConfig.load(o.containsKey("config") ? Path.of(o.get("config")) : null);
        byte[] key = PseudonymKey.fromEnvironment(System.getenv());
        Path state = Path.of(o.getOrDefault("state-dir", System.getProperty("java.io.tmpdir") + "/jeugdmonitor-state"));
        Jeugdmonitor monitor = new Jeugdmonitor(new Jeugdmonitor.Instelling(config, bootstrap, getal(o, "http-port", 8080), state, key,
                toegang, o.getOrDefault("advertised-host", "localhost"), java.time.Clock.systemUTC(),
                System.getenv("JEUGDMONITOR_SMTP_WACHTWOORD"))).start();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            monitor.close();
            stop.countDown();
        }, "run-stop"));
        System.out.println("jeugdmonitor running: http://localhost:" + monitor.httpPort());
        await(stop);
    }

    private static void simulate(Map<String, String> o) {
        alleen(o, "from", "to", "scale", "seed", "invalid", "calibration", "out", "bootstrap-servers", "topic", "days-per-second");
        Simulator simulator = simulator(o);
        Simulator.Telling telling;
        Path logbestand = Logboek.naarBestand(tempBestand("jeugdmonitor-simulate-", ".log"));
        System.out.println("jeugdmonitor simulate (logs: " + logbestand + ")");
        SimulatorProducent.Voortgang voortgang = new SimulatorProducent.Voortgang();
        long[] geschreven = {0};
        java.time.LocalDate[] dag = new java.time.LocalDate[1];
        Statusregel status = new Statusregel(System.out, () -> o.containsKey("out")
                ? String.format(NL, "gesimuleerd t/m %s · %,d berichten geschreven", dag[0] == null ? "–" : dag[0], geschreven[0])
                : String.format(NL, "gesimuleerd t/m %s · %,d berichten verstuurd", voortgang.dag() == null ? "–" : voortgang.dag(),
                        voortgang.verstuurd())).start();
        try {
            telling = simuleer(o, simulator, voortgang, geschreven, dag);
        } finally {
            status.close();
        }
        System.out.println(telling);
    }

    private static Simulator.Telling simuleer(Map<String, String> o, Simulator simulator, SimulatorProducent.Voortgang voortgang,
                                              long[] geschreven, java.time.LocalDate[] dag) {
        Simulator.Telling telling;
        if (o.containsKey("out")) {
            Path dir = Path.of(o.get("out"));
            long[] n = {0};
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot create " + dir + ": " + e.getMessage());
            }
            telling = simulator.genereer(b -> {
                try {
                    Files.writeString(dir.resolve(String.format("%s_%07d_%s.xml", b.dag(), ++n[0], b.type())), b.xml(),
                            StandardCharsets.UTF_8);
                    geschreven[0] = n[0];
                    dag[0] = b.dag();
                } catch (IOException e) {
                    throw new IllegalStateException("cannot write to " + dir + ": " + e.getMessage(), e);
                }
            });
        } else if (o.containsKey("bootstrap-servers")) {
            telling = SimulatorProducent.stuur(simulator, o.get("bootstrap-servers"),
                    o.getOrDefault("topic", AppConfig.defaults().topics().ijw()), kommagetal(o, "days-per-second", 0), voortgang);
        } else {
            throw new IllegalArgumentException("simulate needs --out DIR or --bootstrap-servers HOST:PORT");
        }
        return telling;
    }

    private static void bench(Map<String, String> o) {
        alleen(o, "scale", "year", "seed", "out", "config", "jvm", "only");
        Path logbestand = Logboek.naarBestand(tempBestand("jeugdmonitor-bench-", ".log"));
        System.out.println("jeugdmonitor bench (logs: " + logbestand + ")");
        Statusregel status = new Statusregel(System.out, nl.jeugdmonitor.bench.Bench::status).start();
        try {
            new nl.jeugdmonitor.bench.Bench(kommagetal(o, "scale", 30), getal(o, "year", 2025), getal(o, "seed", 42),
                    Path.of(o.getOrDefault("out", "target/bench")), o.containsKey("config") ? Path.of(o.get("config")) : null,
                    o.getOrDefault("jvm", "-Xmx1g"), o.containsKey("only") ? List.of(o.get("only").split(","))
                    : nl.jeugdmonitor.bench.Bench.FASEN).draai();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("bench interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("bench failed: " + e.getMessage(), e);
        } finally {
            status.close();
        }
    }

    /** The operator's view of SPEC §6.4: the serving definition, the others, and how far each engine has read. */
    private static void status(Map<String, String> o) {
        alleen(o, "bootstrap-servers", "config", "activeer");
        String bootstrap = o.get("bootstrap-servers");
        if (bootstrap == null) {
            throw new IllegalArgumentException("status needs --bootstrap-servers HOST:PORT");
        }
        AppConfig config = AppConfig.load(o.containsKey("config") ? Path.of(o.get("config")) : null);
        String topic = config.topics().definities();
        Generaties.Stand stand = Generaties.lees(bootstrap, topic);
        String geconfigureerd = Definitie.van(config).id();
        if (o.containsKey("activeer")) {
            String id = o.get("activeer");
            if (!stand.definities().containsKey(id)) {
                throw new IllegalArgumentException("no definition " + id + " in " + topic + "; known: " + stand.definities().keySet());
            }
            Generaties.activeer(bootstrap, topic, id);
            System.out.println("definition " + id + " serves from now on (was " + stand.actief() + ")");
            return;
        }
        System.out.println("serving definition: " + (stand.actief() == null ? "none yet" : stand.actief())
                + "   (this configuration: " + geconfigureerd + ")");
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            for (Definitie d : stand.definities().values()) {
                Generaties.Achterstand a = Generaties.achterstand(admin, config, d);
                String rol = d.id().equals(stand.actief()) ? "serves" : a.begonnen() ? "rebuilding" : "not running";
                System.out.printf("  %s  facts v%d  %-11s  %,d of %,d canonical events (%.1f%%), %,d deltas not yet aggregated%n",
                        d.id(), d.feitenVersie(), rol, a.gedaan(), a.totaal(), a.totaal() == 0 ? 100.0 : 100.0 * a.gedaan() / a.totaal(),
                        a.deltasAchter());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot read the consumer groups: " + e.getCause().getMessage(), e);
        }
    }

    private static void topologies(Map<String, String> o) {
        alleen(o, "out");
        Path dir = Path.of(o.getOrDefault("out", "topologies"));
        try {
            TopologieDocumentatie.schrijf(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + dir + ": " + e.getMessage(), e);
        }
        System.out.println("wrote the described topologies to " + dir);
    }

    private static Path tempBestand(String prefix, String suffix) {
        try {
            return Files.createTempFile(prefix, suffix);
        } catch (IOException e) {
            throw new IllegalStateException("no temporary file for the log: " + e.getMessage(), e);
        }
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new IllegalStateException("no temporary directory: " + e.getMessage(), e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
