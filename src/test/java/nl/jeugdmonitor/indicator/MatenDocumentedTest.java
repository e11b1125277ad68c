package nl.jeugdmonitor.indicator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's table of measures is the registry's: a measure added, renamed or changed there fails this until copied. */
class MatenDocumentedTest {

    @Test
    void theReadmeListsEveryMeasureOfTheRegistry() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String tabel = Metingen.tabel();
        assertTrue(readme.contains(tabel), "README.md must hold the registry's table (Metingen.tabel()):\n" + tabel);
    }
}
