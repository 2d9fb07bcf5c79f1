package io.ardm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ardm.modality.audio.Wav;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audio OA-ARDM (a discretized logistic mixture head, the paper's baseline) from the command line. */
class CliAudioOaTest {
    @TempDir Path dir;

    @Test
    void theMixtureModelTrainsCodesAWavByteForByteAndRefusesToUpscale() throws Exception {
        CliCommandsTest.Output t = CliCommandsTest.run("train", "--modality", "audio", "--preset", "tiny", "--upscale", "0", "--steps", "120",
                "--run", dir.resolve("oa").toString(), "--no-progress");
        assertEquals(0, t.exit(), t.err());
        assertTrue(t.err().contains("OA-ARDM, a mixture of 30 discretized logistics"), t.err());
        String model = dir.resolve("oa").resolve("checkpoint.ardm").toString();
        byte[] wav = Wav.write(CliAudioTest.quiet(700, 5), 1, 16_000);
        Path f = Files.write(dir.resolve("quiet.wav"), wav);
        CliCommandsTest.Output c = CliCommandsTest.run("compress", "-m", model, "-b", "4", f.toString());
        assertEquals(0, c.exit(), c.err());
        long packed = Files.size(dir.resolve("quiet.wav.ardm"));
        assertTrue(packed < wav.length, "120 steps already learn that sound sits near silence: " + packed + " of " + wav.length + " bytes; " + c.err());
        CliCommandsTest.Output d = CliCommandsTest.run("decompress", "-m", model, dir.resolve("quiet.wav.ardm").toString());
        assertEquals(0, d.exit(), d.err());
        assertArrayEquals(wav, Files.readAllBytes(f));
        CliCommandsTest.Output s = CliCommandsTest.run("sample", "-m", model, "-b", "3", "--wav", dir.resolve("oa-sample").toString());
        assertEquals(0, s.exit(), s.err());
        assertEquals(1_000, Wav.parse(Files.readAllBytes(dir.resolve("oa-sample-1.wav"))).frames());
        CliCommandsTest.Output u = CliCommandsTest.run("upscale", "-m", model, "--bits", "8", f.toString());
        assertEquals(1, u.exit());
        assertTrue(u.err().contains("upscale needs an upscale ARDM"), u.err());
        // the tiny preset (window 4) with its upscale factor removed: an OA-ARDM asking for the relative window
        String config = CliCommandsTest.run("train", "--modality", "audio", "--preset", "tiny", "--print-config").out().replaceFirst("\"upscale\" : 16,", "");
        CliCommandsTest.Output w = CliCommandsTest.run("train", "--config", write(dir.resolve("bad.json"), config), "--run", dir.resolve("bad").toString());
        assertEquals(1, w.exit());
        assertEquals(1, w.err().strip().lines().count(), w.err());
        assertTrue(w.err().contains("the OA-ARDM (no upscale) takes window 0"), w.err());
    }

    private static String write(Path p, String text) throws java.io.IOException {
        return Files.writeString(p, text).toString();
    }
}
