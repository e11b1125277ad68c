package nl.jeugdmonitor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens limited to aanbieders (a provider's contract manager): what they may see, and a file that lists them wrongly. */
class ToegangTest {

    private static String sha(String token) {
        return HexFormat.of().formatHex(Toegang.sha256(token));
    }

    @Test
    void aTokenLimitedToAnAanbiederSeesOnlyThatAanbiedersScopes(@TempDir Path tmp) throws Exception {
        Path bestand = tmp.resolve("tokens.yaml");
        Files.writeString(bestand, "- {sha256: " + sha("contract") + ", role: analist, gemeenten: ['0153'], aanbieders: ['41000001']}\n"
                + "- {sha256: " + sha("gewoon") + ", role: kijker, gemeenten: ['0153']}\n");
        Toegang toegang = Toegang.lees(bestand);
        Toegang.Gebruiker contract = toegang.wie("Bearer contract");
        assertEquals(Set.of("41000001"), contract.aanbieders());
        assertTrue(contract.magScope("regio@41000001"));
        assertTrue(contract.magScope("0153@41000001"));
        assertFalse(contract.magScope("0164@41000001"), "its gemeenten still hold");
        assertFalse(contract.magScope("regio@41000002"), "another aanbieder");
        assertFalse(contract.magScope("regio"), "no scope without an aanbieder");
        assertFalse(contract.magScope("0153"));
        Toegang.Gebruiker gewoon = toegang.wie("Bearer gewoon");
        assertFalse(gewoon.perAanbieder());
        assertTrue(gewoon.magScope("regio") && gewoon.magScope("0153") && gewoon.magScope("0153@41000002") && gewoon.magScope("regio@41000002"));
        assertFalse(gewoon.magScope("0164") || gewoon.magScope("0164@41000002"));

        for (String fout : new String[] {"aanbieders: ['4100']", "aanbieders: []", "role: beheerder, aanbieders: ['41000001']"}) {
            String regel = fout.startsWith("role") ? "- {sha256: " + sha("x") + ", gemeenten: ['*'], " + fout + "}\n"
                    : "- {sha256: " + sha("x") + ", role: kijker, gemeenten: ['*'], " + fout + "}\n";
            Files.writeString(bestand, regel);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Toegang.lees(bestand), fout);
            assertTrue(e.getMessage().contains("aanbieders"), e.getMessage());
        }
    }
}
