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
    static final List<String> SHIPPED = List.of("audio-up16", "bytes-ltr", "bytes-oa", "image-oa", "text8-ltr", "text8-oa");
    /** The limits of the issues that asked for them: text and byte models 16 MB together, an image or speech model 8 MB. */
    static final long MAX_TEXT_BYTES = 16_000_000, MAX_IMAGE_OR_SPEECH_BYTES = 8_000_000;

    @Test
    void theModelsAreBundledWithCardsNamingTheirFingerprintWithinTheSizeLimit() throws Exception {
        assertEquals(SHIPPED, BundledModels.names());
        long text = 0;
        for (String name : SHIPPED) {
            Path file = BundledModels.file(name);
            if (name.startsWith("text8-") || name.startsWith("bytes-")) text += Files.size(file);
            else assertTrue(Files.size(file) <= MAX_IMAGE_OR_SPEECH_BYTES, name + " takes " + Files.size(file) + " bytes");
            assertTrue(Checkpoint.load(file).isHalf(Checkpoint.EMA), name + " is stored in float16");
            LoadedModel m = RunCheckpoint.loadForInference(file);
            String card = Files.readString(BundledModels.card(name));
            assertTrue(card.contains(Checkpoint.hex(m.fingerprint()).substring(0, 16)), name + "'s card names the fingerprint of the file it describes");
            assertEquals(name.substring(0, name.indexOf('-')), m.modality().id());
            assertEquals(name.endsWith("ltr"), m.leftToRight());
        }
        assertTrue(text <= MAX_TEXT_BYTES, "the text and byte models take " + text + " bytes");
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
    void aSpeechWavGoesToTheSpeechModelAndOneWithHugeChunksToTheByteModels(@TempDir Path dir) throws Exception {
        int[] samples = new int[4_000];
        for (int i = 0; i < samples.length; i++) samples[i] = (int) Math.round(2_000 * Math.sin(i / 11.0) * Math.sin(i / 900.0));
        byte[] wav = io.ardm.modality.audio.Wav.write(samples, 1, 16_000);
        Path f = Files.write(dir.resolve("tone.wav"), wav);
        CliCommandsTest.Output c = CliCommandsTest.run("compress", "-b", "10", f.toString());
        assertEquals(0, c.exit(), c.err());
        assertTrue(c.err().contains("tone.wav: model audio-up16 (audio file)"), c.err());
        assertTrue(Files.size(Path.of(f + ".ardm")) < wav.length * 3 / 4, "a smooth tone codes below 12 bits per sample: " + Files.size(Path.of(f + ".ardm")));
        CliCommandsTest.Output d = CliCommandsTest.run("decompress", f + ".ardm");
        assertEquals(0, d.exit(), d.err());
        assertArrayEquals(wav, Files.readAllBytes(f));
        // a LIST chunk of 70,000 bytes after the samples: more than a header keeps, so not the audio model's
        byte[] big = java.util.Arrays.copyOf(wav, wav.length + 8 + 70_000);
        java.nio.ByteBuffer.wrap(big).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(4, big.length - 8)
                .put(wav.length, (byte) 'L').put(wav.length + 1, (byte) 'I').put(wav.length + 2, (byte) 'S').put(wav.length + 3, (byte) 'T')
                .putInt(wav.length + 4, 70_000);
        Path g = Files.write(dir.resolve("chunky.wav"), big);
        CliCommandsTest.Output cg = CliCommandsTest.run("compress", "-b", "5", g.toString());
        assertEquals(0, cg.exit(), cg.err());
        assertTrue(cg.err().contains("chunky.wav: model bytes-") && cg.err().contains("audio-up16 can't code it"), cg.err());
        assertEquals(0, CliCommandsTest.run("decompress", g + ".ardm").exit());
        assertArrayEquals(big, Files.readAllBytes(g));
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
