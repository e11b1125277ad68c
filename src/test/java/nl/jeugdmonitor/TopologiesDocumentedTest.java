package nl.jeugdmonitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** topologies/ is documentation that cannot drift: it must equal Topology#describe() of the code. */
class TopologiesDocumentedTest {

    private static final Path DIR = Path.of("topologies");
    private static final String REGENERATE = "regenerate with: mvn -B -q package -DskipTests && java -jar target/jeugdmonitor.jar topologies";

    @Test
    void everyTopologyIsDocumentedExactlyAsTheCodeBuildsIt() throws IOException {
        Map<String, String> expected = TopologieDocumentatie.bestanden();
        assertFalse(expected.isEmpty());
        for (Map.Entry<String, String> f : expected.entrySet()) {
            Path file = DIR.resolve(f.getKey());
            assertTrue(Files.exists(file), file + " is missing; " + REGENERATE);
            assertEquals(f.getValue(), Files.readString(file, StandardCharsets.UTF_8), file + " is out of date; " + REGENERATE);
        }
        try (Stream<Path> files = Files.list(DIR)) {
            files.forEach(p -> assertTrue(expected.containsKey(p.getFileName().toString()),
                    p + " documents no topology of the code; delete it or " + REGENERATE));
        }
    }

    @Test
    void everyProcessorStoreAndInternalTopicHasAChosenName() {
        for (String description : TopologieDocumentatie.bestanden().values()) {
            assertFalse(description.contains("KSTREAM-") || description.contains("KTABLE-"), "generated names in:\n" + description);
        }
    }
}
