package io.ardm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ardm.modality.audio.AudioModality;
import io.ardm.modality.audio.Wav;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An audio model trained from the command line: WAV files compressed and given back byte for byte, WAV samples. */
class CliAudioTest {
    @TempDir static Path dir;
    static String model;

    @BeforeAll
    static void trainATinyAudioModel() {
        CliCommandsTest.Output o = CliCommandsTest.run("train", "--modality", "audio", "--preset", "tiny", "--steps", "150",
                "--run", dir.resolve("up16").toString(), "--no-progress");
        assertEquals(0, o.exit(), o.err());
        assertTrue(o.out().contains("bits/sample") && o.err().contains("4 stages, direct"), o.out() + o.err());
        model = dir.resolve("up16").resolve("checkpoint.ardm").toString();
    }

    /** Quiet noise near silence: a model that has learnt where silence lies codes its top digits in far fewer than 16 bits. */
    static int[] quiet(int samples, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] s = new int[samples];
        for (int i = 0; i < samples; i++) s[i] = r.nextInt(8, 60);
        return s;
    }

    @Test
    void aWavComesBackByteForByteAndIsCodedNotStored() throws Exception {
        byte[] wav = Wav.write(quiet(2_500, 1), 1, 16_000);
        Path f = Files.write(dir.resolve("quiet.wav"), wav);
        CliCommandsTest.Output c = CliCommandsTest.run("compress", "-m", model, "-b", "3", f.toString());
        assertEquals(0, c.exit(), c.err());
        long packed = Files.size(dir.resolve("quiet.wav.ardm"));
        assertTrue(packed < wav.length, "coded by the model (a stored file is the input plus its header): " + packed + " of " + wav.length + " bytes; " + c.err());
        assertFalse(Files.exists(f), "compress replaces the file by its .ardm, as gzip does");
        CliCommandsTest.Output d = CliCommandsTest.run("decompress", "-m", model, dir.resolve("quiet.wav.ardm").toString());
        assertEquals(0, d.exit(), d.err());
        assertArrayEquals(wav, Files.readAllBytes(f));
    }

    @Test
    void stereoWithOtherChunksAndAPartialFrameComesBackByteForByte() throws Exception {
        int[] planar = quiet(2 * 700, 2);
        byte[] canonical = Wav.write(planar, 2, 44_100);
        // a LIST chunk after the data and one stray byte inside it (a partial frame), sizes fixed up
        byte[] list = {'L', 'I', 'S', 'T', 4, 0, 0, 0, 'I', 'N', 'F', 'O'};
        byte[] file = new byte[canonical.length + 2 + list.length];
        System.arraycopy(canonical, 0, file, 0, canonical.length);
        file[canonical.length] = 0x7F;
        System.arraycopy(list, 0, file, canonical.length + 2, list.length); // after the pad byte of the odd data chunk
        int data = canonical.length - 44 + 1;
        java.nio.ByteBuffer.wrap(file).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(40, data).putInt(4, file.length - 8);
        assertEquals(700, Wav.parse(file).frames());
        Path f = Files.write(dir.resolve("stereo.wav"), file);
        assertEquals(0, CliCommandsTest.run("compress", "-m", model, "-b", "2", f.toString()).exit());
        CliCommandsTest.Output d = CliCommandsTest.run("decompress", "-m", model, dir.resolve("stereo.wav.ardm").toString());
        assertEquals(0, d.exit(), d.err());
        assertArrayEquals(file, Files.readAllBytes(f));
    }

    @Test
    void aWavThatIsNot16BitPcmIsAOneLineErrorForAnAudioModel() throws Exception {
        byte[] wav = Wav.write(new int[] {1, 2, 3, 4}, 1, 8_000);
        wav[34] = 8; // 8 bits per sample, one byte per frame
        wav[32] = 1;
        Path f = Files.write(dir.resolve("eight.wav"), wav);
        CliCommandsTest.Output c = CliCommandsTest.run("compress", "-m", model, f.toString());
        assertEquals(1, c.exit());
        assertEquals(1, c.err().strip().lines().count(), c.err());
        assertTrue(c.err().contains("16-bit PCM"), c.err());
        assertFalse(Files.exists(dir.resolve("eight.wav.ardm")));
    }

    @Test
    void evalReadsWholeClipsWithTheCropTrainedModel() {
        CliCommandsTest.Output crops = CliCommandsTest.run("eval", "-m", model, "--segments", "16", "--passes", "2");
        CliCommandsTest.Output clip = CliCommandsTest.run("eval", "-m", model, "--length", "16000", "--segments", "1", "--passes", "32");
        assertEquals(0, clip.exit(), clip.err());
        assertTrue(clip.out().contains("1 segments × 32 passes"), clip.out());
        double whole = elbo(clip.out()), cropped = elbo(crops.out());
        // The same 16,000 samples and 32 terms each: one clip, or 16 crops of D = 1,000 that do not see each other across their edges.
        assertTrue(Math.abs(whole - cropped) < 1.5, "whole clip " + whole + " vs crops " + cropped);
        CliCommandsTest.Output text = CliCommandsTest.run("eval", "--length", "500", "--segments", "1");
        assertEquals(1, text.err().strip().lines().count(), text.err());
        assertTrue(text.exit() != 0 && text.err().contains("positions only"), text.err());
    }

    private static double elbo(String evalOutput) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("ELBO ([0-9.]+) ±").matcher(evalOutput);
        assertTrue(m.find(), evalOutput);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void samplesAreWavFiles() throws Exception {
        CliCommandsTest.Output o = CliCommandsTest.run("sample", "-m", model, "-n", "2", "-b", "2", "--wav", dir.resolve("s").toString());
        assertEquals(0, o.exit(), o.err());
        for (int i = 1; i <= 2; i++) {
            Path clip = dir.resolve("s-" + i + ".wav");
            Wav w = Wav.parse(Files.readAllBytes(clip));
            assertTrue(w.isPcm16() && w.channels() == 1 && w.sampleRate() == AudioModality.SAMPLE_RATE, clip.toString());
            assertEquals(1_000, w.frames(), "D of the tiny preset");
        }
        assertTrue(o.err().contains("(8 network calls)"), "2 calls per stage, 4 stages: " + o.err());
        io.ardm.modality.image.Picture p = io.ardm.modality.image.Png.read(Files.readAllBytes(dir.resolve("s.png")));
        assertEquals(io.ardm.modality.audio.SoundPicture.WIDTH, p.width());
        assertEquals(2 * (96 + 128) + 6, p.height(), "two clips, each a waveform over a spectrogram");
    }

    /** A louder ramp: the samples of a recording the edits below work on. */
    static int[] ramp(int samples) {
        int[] s = new int[samples];
        for (int i = 0; i < samples; i++) s[i] = (int) Math.round(3000 * Math.sin(i / 9.0)) + i % 7;
        return s;
    }

    @Test
    void infillFillsTheGapOfARecordingAndKeepsEveryOtherSample() throws Exception {
        int[] samples = ramp(4_000);
        Path f = Files.write(dir.resolve("speech.wav"), Wav.write(samples, 1, 16_000));
        Path out = dir.resolve("filled.wav");
        CliCommandsTest.Output o = CliCommandsTest.run("infill", "-m", model, "-b", "3", f.toString(), "--gap", "0.05:0.08", "-o", out.toString());
        assertEquals(0, o.exit(), o.err());
        byte[] file = Files.readAllBytes(out);
        Wav w = Wav.parse(file);
        int[] filled = w.planarSamples(file);
        assertEquals(samples.length, filled.length);
        int changed = 0;
        for (int i = 0; i < samples.length; i++) {
            boolean inGap = i >= 800 && i < 1_280;
            if (!inGap) assertEquals(samples[i], filled[i], "sample " + i + " is outside the gap");
            else if (filled[i] != samples[i]) changed++;
        }
        assertTrue(changed > 400, "the gap's 480 samples are generated, not copied: " + changed + " differ");
        assertTrue(o.err().contains("filled 480 samples") && o.err().contains("from a window of 1,000"), o.err());
        assertTrue(o.err().contains("12 network calls"), "3 calls per stage, 4 stages: " + o.err());
        assertTrue(Files.size(dir.resolve("filled.png")) > 0);
        // 2,400 samples, more than D: a window of 5,000 (a multiple of D, twice the gap), here all 4,000 of the recording.
        Path longOut = dir.resolve("long-gap.wav");
        CliCommandsTest.Output longGap = CliCommandsTest.run("infill", "-m", model, "-b", "2", f.toString(), "--gap", "0.05:0.2", "-o", longOut.toString());
        assertEquals(0, longGap.exit(), longGap.err());
        assertTrue(longGap.err().contains("filled 2,400 samples") && longGap.err().contains("from a window of 4,000"), longGap.err());
        byte[] longFile = Files.readAllBytes(longOut);
        int[] longFilled = Wav.parse(longFile).planarSamples(longFile);
        for (int i = 0; i < samples.length; i++) {
            if (i < 800 || i >= 3_200) assertEquals(samples[i], longFilled[i], "sample " + i + " is outside the long gap");
        }
        CliCommandsTest.Output outside = CliCommandsTest.run("infill", "-m", model, f.toString(), "--gap", "0.2:0.3");
        assertEquals(1, outside.exit());
        assertTrue(outside.err().contains("not inside the recording's 0.250 s"), outside.err());
    }

    @Test
    void upscaleKeepsTheKnownTopBitsAndGeneratesTheRest() throws Exception {
        int[] samples = ramp(1_500);
        Path f = Files.write(dir.resolve("deep.wav"), Wav.write(samples, 1, 16_000));
        Path out = dir.resolve("deep-up.wav");
        CliCommandsTest.Output o = CliCommandsTest.run("upscale", "-m", model, "-b", "2", "--bits", "8", f.toString(), "-o", out.toString());
        assertEquals(0, o.exit(), o.err());
        byte[] file = Files.readAllBytes(out);
        int[] up = Wav.parse(file).planarSamples(file);
        int lowChanged = 0;
        for (int i = 0; i < samples.length; i++) {
            assertEquals(samples[i] + 32768 >> 8, up[i] + 32768 >> 8, "sample " + i + ": its top 8 bits are given");
            if (up[i] != (samples[i] + 32768 >> 8 << 8) - 32768) lowChanged++;
        }
        assertTrue(lowChanged > 1_000, "the low 8 bits are generated: " + lowChanged);
        // 2 segments of D = 1,000 in one batch, stages 3 and 4 at 2 calls each
        assertTrue(o.err().contains("stages 3..4 of 4, 4 network calls"), o.err());
        assertTrue(o.out().matches("(?s)SNR against the original: upscaled -?[0-9.]+ dB, middle of each interval [0-9.]+ dB\\s*"), o.out());
        // an 8-bit file: its 8 bits are the known ones
        byte[] eight = new byte[44 + 300];
        System.arraycopy(Wav.write(new int[150], 1, 8_000), 0, eight, 0, 44);
        java.nio.ByteBuffer.wrap(eight).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(4, eight.length - 8).putShort(32, (short) 1).putShort(34, (short) 8)
                .putInt(28, 8_000).putInt(40, 300);
        for (int i = 0; i < 300; i++) eight[44 + i] = (byte) (128 + 40 * Math.sin(i / 5.0));
        Path e = Files.write(dir.resolve("eight-bit.wav"), eight);
        CliCommandsTest.Output o8 = CliCommandsTest.run("upscale", "-m", model, "-b", "1", e.toString(), "-o", dir.resolve("eight-up.wav").toString());
        assertEquals(0, o8.exit(), o8.err());
        byte[] up8 = Files.readAllBytes(dir.resolve("eight-up.wav"));
        Wav w8 = Wav.parse(up8);
        assertTrue(w8.isPcm16() && w8.sampleRate() == 8_000 && w8.frames() == 300, w8.toString());
        int[] s8 = w8.planarSamples(up8);
        for (int i = 0; i < 300; i++) assertEquals((eight[44 + i] & 0xFF) - 128, s8[i] >> 8, "sample " + i);
        CliCommandsTest.Output bad = CliCommandsTest.run("upscale", "-m", model, "--bits", "6", f.toString());
        assertEquals(1, bad.exit());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertTrue(bad.err().contains("multiples of 4"), bad.err());
        CliCommandsTest.Output noBits = CliCommandsTest.run("upscale", "-m", model, f.toString());
        assertEquals(1, noBits.exit());
        assertTrue(noBits.err().contains("--bits"), noBits.err());
    }

    /** Truncated RIFF, a chunk past the end, 0 channels, an absurd rate, a corrupted .ardm: one line, exit 1, nothing lost. */
    @Test
    void badWavInputIsOneLineAndLosesNothing() throws Exception {
        byte[] good = Wav.write(quiet(600, 3), 1, 16_000);
        java.util.Map<String, byte[]> bad = new java.util.LinkedHashMap<>();
        bad.put("truncated.wav", java.util.Arrays.copyOf(good, 10));
        byte[] pastEnd = good.clone();
        java.nio.ByteBuffer.wrap(pastEnd).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(40, 1 << 20);
        bad.put("past-end.wav", pastEnd);
        byte[] noChannels = good.clone();
        noChannels[22] = 0;
        bad.put("no-channels.wav", noChannels);
        byte[] absurdRate = good.clone();
        java.nio.ByteBuffer.wrap(absurdRate).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(24, Integer.MAX_VALUE);
        bad.put("absurd-rate.wav", absurdRate);
        for (var e : bad.entrySet()) {
            Path f = Files.write(dir.resolve(e.getKey()), e.getValue());
            CliCommandsTest.Output c = CliCommandsTest.run("compress", "-m", model, f.toString());
            assertEquals(1, c.exit(), e.getKey());
            assertEquals(1, c.err().strip().lines().count(), e.getKey() + ": " + c.err());
            assertFalse(c.err().contains("Exception"), c.err());
            assertArrayEquals(e.getValue(), Files.readAllBytes(f), e.getKey() + " is kept as it was");
            assertFalse(Files.exists(dir.resolve(e.getKey() + ".ardm")), e.getKey());
        }
        Path f = Files.write(dir.resolve("good.wav"), good);
        assertEquals(0, CliCommandsTest.run("compress", "-m", model, f.toString()).exit());
        Path packed = dir.resolve("good.wav.ardm");
        byte[] corrupt = Files.readAllBytes(packed);
        corrupt[corrupt.length / 2] ^= 0x10;
        Files.write(packed, corrupt);
        CliCommandsTest.Output d = CliCommandsTest.run("decompress", "-m", model, packed.toString());
        assertEquals(1, d.exit());
        assertEquals(1, d.err().strip().lines().count(), d.err());
        assertArrayEquals(corrupt, Files.readAllBytes(packed), "the .ardm is kept");
        assertFalse(Files.exists(f), "no partial output");
    }
}
