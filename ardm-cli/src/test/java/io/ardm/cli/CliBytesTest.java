package io.ardm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ardm.ardm.StagePolicies;
import io.ardm.codec.ArdmFileHeader;
import io.ardm.run.LoadedModel;
import io.ardm.run.RunCheckpoint;
import java.util.SplittableRandom;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A byte model trained from the command line codes any file, infills UTF-8 text and reports bits per byte. */
class CliBytesTest {
    @TempDir static Path dir;
    static String model;

    @BeforeAll
    static void trainATinyByteModel() {
        CliCommandsTest.Output o = CliCommandsTest.run("train", "--modality", "bytes", "--preset", "tiny", "--steps", "2",
                "--run", dir.resolve("bytes").toString(), "--no-progress");
        assertEquals(0, o.exit(), o.err());
        model = dir.resolve("bytes").resolve("checkpoint.ardm").toString();
    }

    @Test
    void anyFileRoundTripsAndGrowsByAtMostTheHeader() throws Exception {
        List<byte[]> inputs = List.of(new byte[0], new byte[] {7},
                Arrays.copyOf(Files.readAllBytes(Path.of("/bin/ls")), 3_000),
                "Größe, façade, Ελληνικά, 中文 — and plain ASCII.\n".repeat(8).getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < inputs.size(); i++) {
            Path f = Files.write(dir.resolve("in" + i), inputs.get(i));
            CliCommandsTest.Output c = CliCommandsTest.run("compress", "-m", model, "-b", "5", f.toString());
            assertEquals(0, c.exit(), c.err());
            byte[] packed = Files.readAllBytes(dir.resolve("in" + i + ".ardm"));
            int header = ArdmFileHeader.read(new ByteArrayInputStream(packed)).size();
            assertTrue(packed.length <= inputs.get(i).length + header, "file " + i + ": " + packed.length + " bytes");
            CliCommandsTest.Output d = CliCommandsTest.run("decompress", "-m", model, dir.resolve("in" + i + ".ardm").toString());
            assertEquals(0, d.exit(), d.err());
            assertArrayEquals(inputs.get(i), Files.readAllBytes(f), "file " + i);
        }
    }

    @Test
    void infillFillsUnknownBytesOfUtf8Text() throws Exception {
        String text = "Und Gott sprach: Es werde L_cht! Und es w_rd Licht.";
        CliCommandsTest.Output o = CliCommandsTest.run("infill", "-m", model, "--text", text, "--seed", "1");
        assertEquals(0, o.exit(), o.err());
        assertTrue(o.out().startsWith("Und Gott sprach: Es werde L"), o.out());
        // the bytes given stay, the two marked ones are generated (a filled byte may not be valid UTF-8 on its own,
        // so the check is on the symbols)
        LoadedModel m = RunCheckpoint.loadForInference(Path.of(model));
        int[] filled = m.infill(text, '_', 1, StagePolicies.sequential(1, m.length()), 1f, new SplittableRandom(1)).values();
        byte[] given = text.getBytes(StandardCharsets.UTF_8);
        for (int j = 0; j < given.length; j++) {
            if (given[j] != '_') assertEquals(given[j] & 0xFF, filled[j], "position " + j);
        }
        assertTrue(o.err().contains("(" + (m.length() - given.length + 2) + " network calls)"), "one call per unknown byte: " + o.err());
    }

    @Test
    void evalReportsBitsPerByte() {
        CliCommandsTest.Output o = CliCommandsTest.run("eval", "-m", model, "--segments", "4", "--passes", "1");
        assertEquals(0, o.exit(), o.err());
        assertTrue(o.out().contains("bits/byte"), o.out());
        double elbo = CliCommandsTest.number(o.out(), "ELBO (\\d+\\.\\d+) ±");
        assertTrue(elbo > 4 && elbo < 12, "two steps of training: near the 8 bits of a uniform byte, got " + elbo);
    }
}
