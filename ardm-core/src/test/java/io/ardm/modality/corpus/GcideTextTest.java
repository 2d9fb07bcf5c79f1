package io.ardm.modality.corpus;

import io.ardm.modality.text8.Text8Normalizer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcideTextTest {
    /** Lines as they appear in Debian's gcide.dict.dz. */
    private static final String ENTRY = """
            Aaronic \\Aa*ron"ic\\ ([asl]*r[o^]n"[i^]k), Aaronical
            \\Aa*ron"ic*al\\ (-[i^]*kal), a.
               Pertaining to Aaron, or to his descendants; pre["e]minent [Obs.]
               {Ph[ae]nix} 1913.
                    [1913 Webster]
            """;

    @Test
    void entryBecomesPlainProse() {
        assertEquals("aaronic aronik aaronical ikal a pertaining to aaron or to his descendants preeminent obs phaenix one nine one three",
                Text8Normalizer.normalize(GcideText.clean(ENTRY)));
    }

    @Test
    void attributionLinesGoAndLetterCodesJoinWords() {
        assertEquals("", GcideText.cleanLine("        [WordNet 1.5 +PJC]"));
        assertEquals("aardvark ardvark", Text8Normalizer.normalize(GcideText.cleanLine("Aardvark \\Aard\"vark`\\ [aum]rd\"v[aum]rk")));
        assertEquals("[R.] [He] caf[\u00E9]", GcideText.cleanLine("[R.] [He] caf[\u00E9]"));
        assertEquals("facade", GcideText.cleanLine("fa[,c]ade"));
    }

    @Test
    void dictdIndexNumbersAndMetadataRange(@TempDir Path dir) throws Exception {
        assertEquals(675, GcideText.decodeBase64("Kj"));
        assertEquals(0, GcideText.decodeBase64("A"));
        Path index = dir.resolve("x.index");
        Files.writeString(index, "00-database-info\tKj\tuk\n00-database-url\tC\tv\nA\t5I\tFz\n");
        assertArrayEquals(new long[] {2, 675 + 46 * 64 + 36}, GcideText.metadataRange(index));
        Files.writeString(index, "A\t5I\tFz\n");
        assertNull(GcideText.metadataRange(index));
        assertEquals(dir.resolve("gcide.index"), GcideText.indexBeside(dir.resolve("gcide.dict.dz")));
    }
}
