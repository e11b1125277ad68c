package nl.jeugdmonitor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nl.jeugdmonitor.Jeugdmonitor;
import nl.jeugdmonitor.KafkaTestSupport;
import nl.jeugdmonitor.TestConfig;
import nl.jeugdmonitor.config.AppConfig;
import nl.jeugdmonitor.kafka.EmbeddedKafka;
import nl.jeugdmonitor.kafka.JsonSerde;
import nl.jeugdmonitor.metrics.DeploymentFilesTest;
import nl.jeugdmonitor.simulator.Kalibratie;
import nl.jeugdmonitor.simulator.Simulator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The start page in a real browser (Debian's chromium through its chromedriver), as a person uses it: a running monitor
 * with data, the page asks for a token, the token is typed in, and the streefwaarden stand there as traffic lights, cell
 * for cell the status GET /api/v1/streefwaarden gives. The screenshot goes to target/startpagina.png.
 */
class StartpaginaBrowserTest {

    static final String KIJKER = "kijker-pagina-token";

    @Test
    void afterLoggingInTheStartPageShowsEveryStreefwaardeAsATrafficLightPerMunicipality(@TempDir Path tmp) throws Exception {
        String chromium = DeploymentFilesTest.gereedschap("chromium", "chromium-browser");
        String chromedriver = DeploymentFilesTest.gereedschap("chromedriver");
        Path tokens = tmp.resolve("tokens.yaml");
        Files.writeString(tokens, "- {sha256: " + HexFormat.of().formatHex(Toegang.sha256(KIJKER)) + ", role: kijker, gemeenten: ['0153', '0164']}\n");
        AppConfig config = TestConfig.geisoleerd("pagina");
        byte[] key = "pagina-sleutel-van-minstens-16-bytes".getBytes(StandardCharsets.UTF_8);
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             Jeugdmonitor m = new Jeugdmonitor(new Jeugdmonitor.Instelling(config, kafka.bootstrapServers(), 0, tmp.resolve("state"), key)
                     .met(Toegang.lees(tokens), "localhost")).start()) {
            try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                new Simulator(Kalibratie.twente(), new Simulator.Instellingen(3, 2024, 2025, 0.02, 0))
                        .genereer(b -> p.send(new ProducerRecord<>(config.topics().ijw(), null, b.xml().getBytes(StandardCharsets.UTF_8))));
            }
            TestConfig.wachtTotBijgewerkt(kafka.bootstrapServers(), config, Duration.ofMinutes(5));
            TestConfig.wachtTotStreefwaardenBij(kafka.bootstrapServers(), config, Duration.ofMinutes(3));
            KafkaTestSupport.wachtOp("ready", Duration.ofSeconds(60), m::isReady);
            // what the API tells this kijker, per streefwaarde|scope
            Map<String, String> api = new TreeMap<>();
            JsonNode standen = QueryApiEndToEndTest.json(QueryApiEndToEndTest.get(m, "/api/v1/streefwaarden", KIJKER));
            standen.get("streefwaarden").forEach(s -> api.put(s.get("streefwaarde").asText() + "|" + s.get("scope").asText(), s.get("status").isNull() ? "ONBEKEND" : s.get("status").asText()));
            assertTrue(api.size() > 50, "stands for the region and two municipalities: " + api.size());

            ChromeOptions opties = new ChromeOptions();
            opties.setBinary(chromium);
            opties.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1100");
            ChromeDriverService dienst = new ChromeDriverService.Builder().usingDriverExecutable(new File(chromedriver)).usingAnyFreePort().build();
            ChromeDriver browser = new ChromeDriver(dienst, opties);
            try {
                String basis = "http://localhost:" + m.httpPort();
                browser.get(basis + "/");
                assertTrue(browser.findElements(By.id("streefwaarden")).isEmpty(), "nothing is shown without a token");
                browser.findElement(By.name("token")).sendKeys(KIJKER);
                browser.findElement(By.cssSelector("#inloggen button")).click();
                new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> !d.findElements(By.id("streefwaarden")).isEmpty());

                Cookie cookie = browser.manage().getCookieNamed("jeugdmonitor_token");
                assertTrue(cookie.isHttpOnly(), "the token cookie is HttpOnly");
                assertEquals("Strict", cookie.getSameSite());
                List<String> kolommen = browser.findElements(By.cssSelector("#streefwaarden thead th")).stream().map(WebElement::getText).toList();
                assertEquals(List.of("Streefwaarde", "Regio", "Enschede", "Hengelo (O.)"), kolommen, "the region and the token's municipalities");
                List<WebElement> rijen = browser.findElements(By.cssSelector("#streefwaarden tbody tr"));
                var streefwaarden = Jeugdmonitor.streefwaarden(config);
                List<nl.jeugdmonitor.streefwaarde.Streefwaarde> perGemeente = streefwaarden.alle().stream().filter(s -> !s.perAanbieder()).toList();
                assertEquals(perGemeente.size(), rijen.size(), "one row per streefwaarde of the region and its municipalities");
                // each traffic light is the API's status for that cell
                Map<String, String> pagina = new TreeMap<>();
                List<String> scopes = List.of("regio", "0153", "0164");
                int r = 0;
                for (var s : perGemeente) {
                    List<WebElement> cellen = rijen.get(r++).findElements(By.tagName("td"));
                    for (int c = 0; c < scopes.size(); c++) {
                        String status = cellen.get(c).getAttribute("data-status");
                        if (status != null) {
                            pagina.put(s.id() + "|" + scopes.get(c), status);
                        }
                    }
                }
                // and per contracted aanbieder, across the region, the targets of process health (SPEC §6.3)
                List<nl.jeugdmonitor.streefwaarde.Streefwaarde> perAanbieder = streefwaarden.alle().stream()
                        .filter(nl.jeugdmonitor.streefwaarde.Streefwaarde::perAanbieder).toList();
                List<WebElement> aanbieders = browser.findElements(By.cssSelector("#aanbieders tbody tr"));
                assertEquals(streefwaarden.aanbieders().size(), aanbieders.size(), "one row per contracted aanbieder");
                for (WebElement rij : aanbieders) {
                    String agb = rij.getAttribute("data-aanbieder");
                    assertEquals(streefwaarden.aanbieders().get(agb), rij.findElement(By.tagName("th")).getText());
                    List<WebElement> cellen = rij.findElements(By.tagName("td"));
                    for (int c = 0; c < perAanbieder.size(); c++) {
                        String status = cellen.get(c).getAttribute("data-status");
                        if (status != null) {
                            pagina.put(perAanbieder.get(c).id() + "|regio@" + agb, status);
                        }
                    }
                }
                assertEquals(api, pagina);
                assertTrue(pagina.values().stream().anyMatch(st -> !st.equals("ONBEKEND")), "some streefwaarde is judged: " + pagina.values());
                assertTrue(!browser.findElements(By.cssSelector("#wachtlijst tbody tr")).isEmpty(), "the waiting list");
                Files.createDirectories(Path.of("target"));
                Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), Path.of("target", "startpagina.png"),
                        StandardCopyOption.REPLACE_EXISTING);

                // the API documentation renders the OpenAPI document with Swagger UI from the monitor itself
                browser.get(basis + "/api-docs");
                new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> !d.findElements(By.cssSelector(".swagger-ui .info")).isEmpty());
                assertTrue(browser.findElement(By.cssSelector(".swagger-ui")).getText().contains("/indicators/{measure}"));
            } finally {
                browser.quit();
            }
        }
    }
}
