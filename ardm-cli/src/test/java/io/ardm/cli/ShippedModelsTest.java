package io.ardm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ardm.nn.Checkpoint;
import io.ardm.run.BundledModels;
import io.ardm.run.LoadedModel;
import io.ardm.run.RunCheckpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trained models in models/: what a fresh clone can do with no other step. */
class ShippedModelsTest {
    static final List<String> SHIPPED = List.of("bytes-ltr", "bytes-oa", "image-oa", "text8-ltr", "text8-oa");
    static final long MAX_TOTAL_BYTES = 16_000_000;

    @Test
    void theModelsAreBundledWithCardsNamingTheirFingerprintWithinTheSizeLimit() throws Exception {
        assertEquals(SHIPPED, BundledModels.names());
        long total = 0;
        for (String name : SHIPPED) {
            Path file = BundledModels.file(name);
            total += Files.size(file);
            assertTrue(Checkpoint.load(file).isHalf(Checkpoint.EMA), name + " is stored in float16");
            LoadedModel m = RunCheckpoint.loadForInference(file);
            String card = Files.readString(BundledModels.card(name));
            assertTrue(card.contains(Checkpoint.hex(m.fingerprint()).substring(0, 16)), name + "'s card names the fingerprint of the file it describes");
            assertEquals(name.substring(0, name.indexOf('-')), m.modality().id());
            assertEquals(name.endsWith("ltr"), m.leftToRight());
        }
        assertTrue(total <= MAX_TOTAL_BYTES, "bundled models take " + total + " bytes");
    }

    @Test
    void aPictureGoesToTheImageModelAndComesBackPixelForPixel(@TempDir Path dir) throws Exception {
        byte[] pixels = new byte[45 * 40 * 3];
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 45; x++) {
                for (int c = 0; c < 3; c++) pixels[(y * 45 + x) * 3 + c] = (byte) (40 + 3 * x + 2 * y + 30 * c);
            }
        }
        Path f = Files.write(dir.resolve("gradient.png"), io.ardm.modality.image.Png.write(new io.ardm.modality.image.Picture(45, 40, 3, pixels)));
        CliCommandsTest.Output c = CliCommandsTest.run("compress", "-b", "8", f.toString());
        assertEquals(0, c.exit(), c.err());
        assertTrue(c.err().contains("gradient.png: model image-oa (image file)"), c.err());
        CliCommandsTest.Output d = CliCommandsTest.run("decompress", f + ".ardm");
        assertEquals(0, d.exit(), d.err());
        assertArrayEquals(pixels, io.ardm.modality.image.Png.read(Files.readAllBytes(f)).pixels());
    }

    @Test
    void infillFillsTheIssuesExample() {
        CliCommandsTest.Output o = CliCommandsTest.run("infill", "--text", "and god said let there be l_ght");
        assertEquals(0, o.exit(), o.err());
        assertEquals("and god said let there be light", o.out().strip());
    }

    @Test
    void compressWithNoModelRoundTripsEnglishAndBinaryAndPicksTheBestCoder(@TempDir Path dir) throws Exception {
        byte[] english = ("In the beginning God created the heaven and the earth. And the earth was without form, and void; "
                + "and darkness was upon the face of the deep.\n").repeat(6).getBytes(StandardCharsets.US_ASCII);
        byte[] binary = java.util.Arrays.copyOf(Files.readAllBytes(Path.of("/bin/ls")), 3_000);
        for (byte[] content : List.of(english, binary)) {
            Path f = Files.write(dir.resolve("f" + content.length), content);
            CliCommandsTest.Output c = CliCommandsTest.run("compress", f.toString());
            assertEquals(0, c.exit(), c.err());
            assertTrue(c.err().contains(": model bytes-ltr"), "the byte left-to-right model codes both smallest: " + c.err());
            assertTrue(c.err().contains("text8-oa can't code it"), c.err());
            if (content == english) assertTrue(Files.size(Path.of(f + ".ardm")) < english.length / 3, "English shrinks below a third");
            CliCommandsTest.Output d = CliCommandsTest.run("decompress", f + ".ardm");
            assertEquals(0, d.exit(), d.err());
            assertArrayEquals(content, Files.readAllBytes(f));
        }
    }
}
