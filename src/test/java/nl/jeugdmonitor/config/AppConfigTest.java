package nl.jeugdmonitor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppConfigTest {

    @Test
    void theEnginesStreamThreadsAreReadAndChecked(@TempDir Path dir) throws Exception {
        assertEquals(2, AppConfig.defaults().indicatoren().streamThreads());
        Path een = Files.writeString(dir.resolve("een.yaml"), "indicatoren:\n  streamThreads: 1\n");
        assertEquals(1, AppConfig.load(een).indicatoren().streamThreads());
        Path nul = Files.writeString(dir.resolve("nul.yaml"), "indicatoren:\n  streamThreads: 0\n");
        Exception e = assertThrows(Exception.class, () -> AppConfig.load(nul));
        String melding = e.getMessage() + (e.getCause() == null ? "" : e.getCause().getMessage());
        assertTrue(melding.contains("indicatoren.streamThreads must be 1 or more"), melding);
    }
}
