package io.ardm.modality.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ardm.modality.Dataset;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WAV files ↔ symbols: samples offset by 32,768, channel by channel; everything else kept verbatim in the header. */
class AudioModalityTest {
    final AudioModality audio = new AudioModality();

    @Test
    void aCanonicalMonoFileIsItsSamplesOffsetToUnsigned() {
        byte[] file = Wav.write(new int[] {0, -32768, 32767, -1, 5}, 1, 16_000);
        assertArrayEquals(new int[] {32768, 0, 65535, 32767, 32773}, audio.toSymbols(file));
        assertArrayEquals(file, audio.toBytes(audio.toSymbols(file), audio.headerMetadata(file)));
        assertArrayEquals(file, audio.toBytes(audio.toSymbols(file)), "a mono 16 kHz clip is written canonically");
    }

    @Test
    void stereoIsCodedChannelByChannelAndOtherChunksComeBackByteForByte() {
        byte[] file = wav(2, new int[] {1, 2, 3, -4, -5, -6}, chunk("LIST", new byte[] {'I', 'N', 'F', 'O', 'x'}), chunk("cue ", new byte[8]), 1);
        assertArrayEquals(new int[] {32769, 32770, 32771, 32764, 32763, 32762}, audio.toSymbols(file), "channel 0's frames, then channel 1's");
        assertArrayEquals(file, audio.toBytes(audio.toSymbols(file), audio.headerMetadata(file)));
    }

    @Test
    void otherFormatsAreNotThisModalitys() {
        byte[] eightBit = Wav.write(new int[] {0, 1}, 1, 8000);
        eightBit[34] = 8; // bits per sample
        eightBit[32] = 1; // block align
        var e = assertThrows(IllegalArgumentException.class, () -> audio.toSymbols(eightBit));
        assertTrue(e.getMessage().contains("16-bit"), e.getMessage());
        assertTrue(audio.mayStart(Wav.write(new int[0], 1, 16_000)));
    }

    /** 10,000 random layouts: channels, lengths (0 frames too), chunks before and after the data, a partial last frame. */
    @Test
    void tenThousandFuzzedFilesRoundTrip() {
        SplittableRandom r = new SplittableRandom(2026);
        for (int i = 0; i < 10_000; i++) {
            int channels = 1 + r.nextInt(3);
            int[] frames = new int[channels * r.nextInt(40)];
            for (int j = 0; j < frames.length; j++) frames[j] = r.nextInt(65536) - 32768;
            byte[] before = r.nextBoolean() ? chunk("LIST", randomBytes(r, r.nextInt(30))) : new byte[0];
            byte[] after = r.nextBoolean() ? chunk("id3 ", randomBytes(r, r.nextInt(30))) : new byte[0];
            byte[] file = wav(channels, frames, before, after, r.nextInt(2 * channels));
            int[] symbols = audio.toSymbols(file);
            assertEquals(frames.length, symbols.length, "case " + i);
            assertArrayEquals(file, audio.toBytes(symbols, audio.headerMetadata(file)), "case " + i);
        }
    }

    @Test
    void aCorpusDirectoryIsClipsOfOneSecondTwoBytesPerSymbol(@TempDir Path dir) throws Exception {
        for (String split : SpeechCorpus.SPLITS) Files.createDirectories(dir.resolve(split));
        int[] longer = new int[AudioModality.CLIP + 7];
        longer[AudioModality.CLIP - 1] = 1000;
        Files.write(dir.resolve("train/a.wav"), Wav.write(longer, 1, 16_000));
        Files.write(dir.resolve("train/b.wav"), Wav.write(new int[] {-2000, 3}, 1, 16_000));
        Files.write(dir.resolve("valid/c.wav"), Wav.write(new int[AudioModality.CLIP], 1, 16_000));
        Files.write(dir.resolve("test/d.wav"), Wav.write(new int[] {7, 8, 9, 10}, 2, 16_000));
        Dataset data = SpeechCorpus.read(dir);
        assertEquals(2 * AudioModality.CLIP, data.length(Dataset.Split.TRAIN));
        int[] train = data.segments(Dataset.Split.TRAIN, AudioModality.CLIP, 0, 2);
        assertEquals(33768, train[AudioModality.CLIP - 1], "cut to one second");
        assertEquals(30768, train[AudioModality.CLIP]);
        assertEquals(32771, train[AudioModality.CLIP + 1]);
        assertEquals(AudioModality.SILENCE, train[2 * AudioModality.CLIP - 1], "right-padded with silence");
        assertArrayEquals(new int[] {32775, 32776, AudioModality.SILENCE}, java.util.Arrays.copyOf(data.segments(Dataset.Split.TEST, AudioModality.CLIP, 0, 1), 3),
                "the first channel only");
        int[] crop = data.trainingCrops(AudioModality.CLIP, 1000, 1).nextBatch(4);
        assertTrue(java.util.Arrays.stream(crop).allMatch(v -> v >= 0 && v < 65536));
        assertTrue(java.util.Arrays.stream(crop).anyMatch(v -> v > 255), "16-bit symbols, not bytes");
    }

    static byte[] randomBytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) r.nextInt(256);
        return b;
    }

    static byte[] chunk(String id, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload.length + (payload.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(id.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(payload.length).put(payload);
        return b.array();
    }

    /** A 16-bit PCM WAV of planar samples with chunks before and after the data and {@code extra} trailing data bytes. */
    static byte[] wav(int channels, int[] planar, byte[] before, byte[] after, int extra) {
        int frames = planar.length / channels;
        ByteBuffer data = ByteBuffer.allocate(2 * planar.length + extra).order(ByteOrder.LITTLE_ENDIAN);
        for (int f = 0; f < frames; f++) for (int c = 0; c < channels; c++) data.putShort((short) planar[c * frames + f]);
        for (int i = 0; i < extra; i++) data.put((byte) (0x55 + i));
        ByteBuffer fmt = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 1).putShort((short) channels)
                .putInt(16_000).putInt(16_000 * 2 * channels).putShort((short) (2 * channels)).putShort((short) 16);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        body.writeBytes(chunk("fmt ", fmt.array()));
        body.writeBytes(before);
        body.writeBytes(chunk("data", data.array()));
        body.writeBytes(after);
        ByteBuffer file = ByteBuffer.allocate(8 + body.size()).order(ByteOrder.LITTLE_ENDIAN);
        file.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(body.size()).put(body.toByteArray());
        return file.array();
    }
}
