package io.ardm.modality.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** WAV files parse to where their samples lie, canonical 16-bit files round-trip, and bad bytes are one-line errors. */
class WavTest {
    /** Bytes built field by field, little-endian. */
    static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes ascii(String s) {
            for (char c : s.toCharArray()) out.write(c);
            return this;
        }

        Bytes u16(int v) {
            out.write(v);
            out.write(v >> 8);
            return this;
        }

        Bytes u32(long v) {
            return u16((int) v).u16((int) (v >> 16));
        }

        Bytes raw(int... bytes) {
            for (int b : bytes) out.write(b);
            return this;
        }

        Bytes raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        /** A chunk: id, size, payload and the pad byte after an odd payload. */
        Bytes chunk(String id, byte[] payload) {
            ascii(id).u32(payload.length).raw(payload);
            if (payload.length % 2 == 1) out.write(0);
            return this;
        }

        int size() {
            return out.size();
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    /** A RIFF/WAVE file of the given chunks (already encoded), with the right RIFF size. */
    static byte[] riff(byte[] chunks) {
        return new Bytes().ascii("RIFF").u32(4 + chunks.length).ascii("WAVE").raw(chunks).bytes();
    }

    static byte[] fmt(int format, int channels, long rate, int blockAlign, int bits) {
        return new Bytes().u16(format).u16(channels).u32(rate).u32(rate * blockAlign).u16(blockAlign).u16(bits).bytes();
    }

    static byte[] pcm16Fmt(int channels, int rate) {
        return fmt(Wav.PCM, channels, rate, 2 * channels, 16);
    }

    static byte[] bytes(int n, int first) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (first + i);
        return b;
    }

    static IllegalArgumentException refused(byte[] file, String prefix, String fragment) {
        var e = assertThrows(IllegalArgumentException.class, () -> Wav.parse(file));
        assertOneLine(e.getMessage());
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        return e;
    }

    static void assertOneLine(String message) {
        assertTrue(message != null && !message.isEmpty() && message.indexOf('\n') < 0 && message.indexOf('\r') < 0, "not one line: " + message);
    }

    @Test
    void writtenFilesParseBackWithTheirSamples() {
        SplittableRandom random = new SplittableRandom(7);
        int[][] cases = {{1, 100}, {2, 37}, {1, 0}, {2, 0}, {3, 5}};
        for (int[] c : cases) {
            int channels = c[0], frames = c[1];
            int[] planar = new int[channels * frames];
            for (int i = 0; i < planar.length; i++) planar[i] = random.nextInt(-32768, 32768);
            if (planar.length >= 2) {
                planar[0] = -32768;
                planar[1] = 32767;
            }
            byte[] file = Wav.write(planar, channels, 22050);
            assertEquals(44 + 2 * planar.length, file.length);
            assertTrue(Wav.looksLikeWav(file));
            Wav wav = Wav.parse(file);
            assertEquals(new Wav(Wav.PCM, channels, 22050, 16, 2 * channels, 44, 2 * planar.length), wav);
            assertTrue(wav.isPcm16());
            assertEquals(frames, wav.frames());
            assertArrayEquals(planar, wav.planarSamples(file));
        }
    }

    @Test
    void writeLaysOutTheCanonicalHeaderAndInterleavesFrames() {
        byte[] file = Wav.write(new int[] {1, 2, 3, -1, -2, -3}, 2, 44100); // channel 0: 1 2 3, channel 1: -1 -2 -3
        byte[] expected = new Bytes().ascii("RIFF").u32(36 + 12).ascii("WAVE")
                .ascii("fmt ").u32(16).u16(1).u16(2).u32(44100).u32(44100 * 4).u16(4).u16(16)
                .ascii("data").u32(12).u16(1).u16(-1).u16(2).u16(-2).u16(3).u16(-3).bytes();
        assertArrayEquals(expected, file);
    }

    @Test
    void writeRefusesWhatAFileCannotHold() {
        for (int bad : new int[] {32768, -32769, Integer.MAX_VALUE}) {
            var e = assertThrows(IllegalArgumentException.class, () -> Wav.write(new int[] {0, bad}, 1, 8000));
            assertOneLine(e.getMessage());
            assertTrue(e.getMessage().contains("frame 1"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Wav.write(new int[3], 2, 8000), "not whole frames");
        assertThrows(IllegalArgumentException.class, () -> Wav.write(new int[0], 0, 8000));
        assertThrows(IllegalArgumentException.class, () -> Wav.write(new int[0], 32768, 8000), "block align would not fit 16 bits");
        assertThrows(IllegalArgumentException.class, () -> Wav.write(new int[0], 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Wav.write(new int[0], 1, 10_000_001));
        assertThrows(IllegalArgumentException.class, () -> Wav.write(new int[0], 32767, 10_000_000), "byte rate would not fit 32 bits");
    }

    @Test
    void extensiblePcm16IsPcm16() {
        byte[] file = {
            'R', 'I', 'F', 'F', 0x44, 0, 0, 0, 'W', 'A', 'V', 'E',
            'f', 'm', 't', ' ', 0x28, 0, 0, 0, // 40 bytes
            (byte) 0xFE, (byte) 0xFF, // WAVE_FORMAT_EXTENSIBLE
            0x02, 0x00, // 2 channels
            0x44, (byte) 0xAC, 0x00, 0x00, // 44100 Hz
            0x10, (byte) 0xB1, 0x02, 0x00, // 176400 bytes/s
            0x04, 0x00, // block align 4
            0x10, 0x00, // 16 bits
            0x16, 0x00, // cbSize 22
            0x10, 0x00, // 16 valid bits
            0x03, 0x00, 0x00, 0x00, // front left, front right
            0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71, // KSDATAFORMAT_SUBTYPE_PCM
            'd', 'a', 't', 'a', 0x08, 0, 0, 0,
            0x01, 0x00, (byte) 0xFF, (byte) 0xFF, // frame 0: 1, -1
            0x00, (byte) 0x80, (byte) 0xFF, 0x7F, // frame 1: -32768, 32767
        };
        Wav wav = Wav.parse(file);
        assertEquals(new Wav(Wav.PCM, 2, 44100, 16, 4, 68, 8), wav);
        assertTrue(wav.isPcm16());
        assertArrayEquals(new int[] {1, -32768, -1, 32767}, wav.planarSamples(file));
    }

    static byte[] extensible(int channels, int bits, int subFormat, byte[] tail) {
        int blockAlign = channels * bits / 8;
        byte[] fmt = new Bytes().raw(fmt(Wav.EXTENSIBLE, channels, 48000, blockAlign, bits)).u16(22).u16(bits).u32(0)
                .u16(subFormat).raw(tail).bytes();
        return riff(new Bytes().chunk("fmt ", fmt).chunk("data", new byte[blockAlign * 3]).bytes());
    }

    static final byte[] BASE_GUID_TAIL = {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71};

    @Test
    void extensibleTakesItsSubFormatWhenTheGuidIsStandard() {
        byte[] floats = extensible(2, 32, 3, BASE_GUID_TAIL);
        Wav wav = Wav.parse(floats);
        assertEquals(3, wav.format());
        assertEquals(32, wav.bitsPerSample());
        assertEquals(3, wav.frames());
        assertFalse(wav.isPcm16());
        assertThrows(IllegalStateException.class, () -> wav.planarSamples(floats));
        byte[] tail = BASE_GUID_TAIL.clone();
        tail[13] ^= 1; // some vendor's GUID that merely starts like PCM
        Wav vendor = Wav.parse(extensible(2, 16, 1, tail));
        assertEquals(Wav.EXTENSIBLE, vendor.format());
        assertFalse(vendor.isPcm16());
        assertTrue(Wav.parse(extensible(1, 16, 1, BASE_GUID_TAIL)).isPcm16());
    }

    @Test
    void extensibleNeedsItsExtension() {
        byte[] shortFmt = riff(new Bytes().chunk("fmt ", new Bytes().raw(fmt(Wav.EXTENSIBLE, 1, 8000, 2, 16)).u16(0).bytes())
                .chunk("data", new byte[2]).bytes());
        refused(shortFmt, "malformed WAV: ", "needs at least 40");
        byte[] file = extensible(1, 16, 1, BASE_GUID_TAIL);
        file[12 + 8 + 16] = 21; // cbSize
        refused(file, "malformed WAV: ", "extension size 21 at byte 36");
    }

    @Test
    void otherDepthsParseButAreNotPcm16() {
        byte[] eight = riff(new Bytes().chunk("fmt ", fmt(Wav.PCM, 1, 8000, 1, 8)).chunk("data", bytes(5, 0x80)).bytes());
        Wav e = Wav.parse(eight);
        assertEquals(new Wav(Wav.PCM, 1, 8000, 8, 1, 44, 5), e);
        assertEquals(5, e.frames());
        assertFalse(e.isPcm16());
        assertThrows(IllegalStateException.class, () -> e.planarSamples(eight));
        byte[] deep = riff(new Bytes().chunk("fmt ", fmt(Wav.PCM, 2, 96000, 6, 24)).chunk("data", new byte[6 * 4]).bytes());
        Wav d = Wav.parse(deep);
        assertEquals(new Wav(Wav.PCM, 2, 96000, 24, 6, 44, 24), d);
        assertEquals(4, d.frames());
        assertFalse(d.isPcm16());
    }

    @Test
    void otherChunksAreSkippedWhereverTheyAre() {
        byte[] samples = new Bytes().u16(100).u16(-100).u16(7).bytes();
        byte[] file = riff(new Bytes()
                .chunk("LIST", new Bytes().ascii("INFOISFT").u32(3).ascii("ab").raw(0).bytes()) // 15 bytes + pad: 12..35
                .chunk("fmt ", pcm16Fmt(1, 16000)) // 36..59
                .chunk("fact", new Bytes().u32(3).bytes()) // 60..71
                .chunk("data", samples) // header at 72, samples from 80
                .chunk("JUNK", new byte[9]) // odd, padded
                .chunk("LIST", new byte[4])
                .bytes());
        Wav wav = Wav.parse(file);
        assertEquals(80, wav.dataOffset());
        assertEquals(6, wav.dataLength());
        assertArrayEquals(new int[] {100, -100, 7}, wav.planarSamples(file));
    }

    @Test
    void aMissingPadByteAtTheVeryEndIsAccepted() {
        byte[] padded = riff(new Bytes().chunk("fmt ", pcm16Fmt(1, 8000)).chunk("data", new byte[4]).chunk("cue ", new byte[5]).bytes());
        Wav wav = Wav.parse(Arrays.copyOf(padded, padded.length - 1));
        assertEquals(44, wav.dataOffset());
        byte[] oddData = riff(new Bytes().chunk("fmt ", pcm16Fmt(1, 8000)).chunk("data", new byte[5]).bytes());
        assertEquals(2, Wav.parse(Arrays.copyOf(oddData, oddData.length - 1)).frames());
    }

    @Test
    void aTrailingPartialFrameIsNotAFrame() {
        byte[] data = new Bytes().u16(1).u16(2).u16(3).u16(4).raw(0x55).bytes(); // 2 stereo frames + 1 byte
        byte[] file = riff(new Bytes().chunk("fmt ", pcm16Fmt(2, 8000)).chunk("data", data).chunk("LIST", new byte[4]).bytes());
        Wav wav = Wav.parse(file);
        assertEquals(9, wav.dataLength());
        assertEquals(2, wav.frames());
        assertArrayEquals(new int[] {1, 3, 2, 4}, wav.planarSamples(file));
    }

    @Test
    void theRiffSizeIsNotTrustedButTheChunksAre() {
        byte[] file = Wav.write(new int[] {5, 6, 7}, 1, 8000);
        for (long riffSize : new long[] {0, 4, 30, 0xFFFFFFFFL, file.length}) {
            byte[] f = file.clone();
            f[4] = (byte) riffSize;
            f[5] = (byte) (riffSize >> 8);
            f[6] = (byte) (riffSize >> 16);
            f[7] = (byte) (riffSize >> 24);
            assertArrayEquals(new int[] {5, 6, 7}, Wav.parse(f).planarSamples(f), "RIFF size " + riffSize);
        }
        byte[] trailing = Arrays.copyOf(file, file.length + 20); // bytes after the RIFF chunk (e.g. a tag) are not chunks
        Arrays.fill(trailing, file.length, trailing.length, (byte) 0xEE);
        assertEquals(Wav.parse(file), Wav.parse(trailing));
        byte[] truncated = Arrays.copyOf(file, file.length - 1); // the RIFF size is larger now, and so is the data chunk's
        refused(truncated, "malformed WAV: ", "chunk 'data' at byte 36 claims 6 bytes, only 5 remain");
    }

    @Test
    void looksLikeWavNeedsRiffAndWave() {
        byte[] file = Wav.write(new int[0], 1, 8000);
        assertTrue(Wav.looksLikeWav(file));
        assertTrue(Wav.looksLikeWav(Arrays.copyOf(file, 12)));
        assertFalse(Wav.looksLikeWav(Arrays.copyOf(file, 11)));
        assertFalse(Wav.looksLikeWav(new byte[0]));
        assertFalse(Wav.looksLikeWav("RIFF".getBytes()));
        byte[] avi = file.clone();
        avi[8] = 'A';
        avi[9] = 'V';
        avi[10] = 'I';
        avi[11] = ' ';
        assertFalse(Wav.looksLikeWav(avi));
        assertFalse(Wav.looksLikeWav("RIFX\0\0\0\0WAVE".getBytes()));
    }

    @Test
    void badFilesAreOneLineErrorsThatSayWhereAndWhat() {
        byte[] good = Wav.write(new int[] {1, 2}, 1, 8000);
        refused(new byte[0], "not a WAV file: ", "empty");
        refused(Arrays.copyOf(good, 6), "not a WAV file: ", "RIFF header ends at byte 6");
        refused(Arrays.copyOf(good, 2), "not a WAV file: ", "RIFF header ends at byte 2");
        refused("ID3\u0004 some mp3".getBytes(), "not a WAV file: ", "no 'RIFF' magic at byte 0");
        byte[] avi = good.clone();
        avi[8] = 'A';
        avi[9] = 'V';
        avi[10] = 'I';
        avi[11] = '\n';
        refused(avi, "not a WAV file: ", "form type 'AVI\\x0A' at byte 8");

        refused(riff(new Bytes().chunk("fmt ", pcm16Fmt(1, 8000)).ascii("data").u32(1000).u16(1).u16(2).bytes()),
                "malformed WAV: ", "chunk 'data' at byte 36 claims 1000 bytes, only 4 remain");
        refused(riff(new Bytes().chunk("fmt ", pcm16Fmt(1, 8000)).chunk("data", new byte[2]).raw(1, 2, 3).bytes()),
                "malformed WAV: ", "chunk header at byte 46 is cut off after 3 bytes");
        refused(riff(new Bytes().chunk("LIST", new byte[4]).bytes()), "malformed WAV: ", "no 'fmt ' chunk");
        refused(riff(new Bytes().chunk("fmt ", pcm16Fmt(1, 8000)).chunk("LIST", new byte[4]).bytes()), "malformed WAV: ", "no 'data' chunk after the 'fmt ' chunk at byte 12");
        refused(riff(new Bytes().chunk("data", new byte[2]).chunk("fmt ", pcm16Fmt(1, 8000)).bytes()),
                "malformed WAV: ", "'data' chunk at byte 12 comes before any 'fmt ' chunk");
        refused(riff(new Bytes().chunk("fmt ", pcm16Fmt(1, 8000)).chunk("data", new byte[2]).chunk("data", new byte[2]).bytes()),
                "malformed WAV: ", "second 'data' chunk at byte 46");
        refused(riff(new Bytes().chunk("fmt ", pcm16Fmt(1, 8000)).chunk("fmt ", pcm16Fmt(1, 8000)).chunk("data", new byte[2]).bytes()),
                "malformed WAV: ", "second 'fmt ' chunk at byte 36");
        refused(riff(new Bytes().chunk("fmt ", new byte[14]).chunk("data", new byte[2]).bytes()), "malformed WAV: ", "has 14 bytes, it needs at least 16");
        refused(riff(new Bytes().chunk("fmt ", fmt(Wav.PCM, 0, 8000, 2, 16)).chunk("data", new byte[2]).bytes()), "malformed WAV: ", "0 channels at byte 22");
        refused(riff(new Bytes().chunk("fmt ", fmt(Wav.PCM, 1, 0, 2, 16)).chunk("data", new byte[2]).bytes()), "malformed WAV: ", "absurd sample rate 0 at byte 24");
        refused(riff(new Bytes().chunk("fmt ", fmt(Wav.PCM, 1, 1L << 31, 2, 16)).chunk("data", new byte[2]).bytes()),
                "malformed WAV: ", "absurd sample rate 2147483648 at byte 24");
        assertEquals(10_000_000, Wav.parse(riff(new Bytes().chunk("fmt ", fmt(Wav.PCM, 1, 10_000_000, 2, 16)).chunk("data", new byte[2]).bytes())).sampleRate());
        refused(riff(new Bytes().chunk("fmt ", fmt(Wav.PCM, 1, 8000, 0, 16)).chunk("data", new byte[2]).bytes()), "malformed WAV: ", "block align 0 at byte 32");
        refused(riff(new Bytes().chunk("fmt ", fmt(Wav.PCM, 1, 8000, 2, 0)).chunk("data", new byte[2]).bytes()), "malformed WAV: ", "0 bits per sample at byte 34");
        byte[] garbageId = riff(new Bytes().chunk("fmt ", pcm16Fmt(1, 8000)).raw(0, '\n', 0xFF, 'x').u32(99).bytes());
        refused(garbageId, "malformed WAV: ", "chunk '\\x00\\x0A\\xFFx' at byte 36 claims 99 bytes");
    }

    @Test
    void planarSamplesChecksTheFileItIsGiven() {
        byte[] file = Wav.write(new int[] {1, 2, 3, 4}, 2, 8000);
        Wav wav = Wav.parse(file);
        var e = assertThrows(IllegalArgumentException.class, () -> wav.planarSamples(Arrays.copyOf(file, 47)));
        assertOneLine(e.getMessage());
    }

    /** Valid files of every shape the parser takes, to mutate. */
    static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(Wav.write(new int[] {1, -2, 300, -32768, 32767, 0}, 1, 8000));
        seeds.add(Wav.write(new int[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 44100));
        seeds.add(Wav.write(new int[0], 2, 44100));
        seeds.add(extensible(2, 16, 1, BASE_GUID_TAIL));
        seeds.add(extensible(1, 32, 3, BASE_GUID_TAIL));
        seeds.add(riff(new Bytes().chunk("LIST", bytes(15, 'a')).chunk("fmt ", pcm16Fmt(2, 16000)).chunk("fact", new byte[4])
                .chunk("data", bytes(9, 1)).chunk("JUNK", bytes(3, 9)).bytes()));
        seeds.add(riff(new Bytes().chunk("fmt ", fmt(Wav.PCM, 3, 8000, 9, 24)).chunk("data", bytes(20, 5)).bytes()));
        seeds.add(riff(new Bytes().chunk("fmt ", fmt(Wav.PCM, 1, 8000, 1, 8)).chunk("data", bytes(7, 5)).bytes()));
        return seeds;
    }

    /** Where the chunk size fields of a valid file are (and the RIFF size's). */
    static List<Integer> sizeFields(byte[] file) {
        List<Integer> at = new ArrayList<>(List.of(4));
        for (int pos = 12; pos + 8 <= file.length; ) {
            at.add(pos + 4);
            long size = Integer.toUnsignedLong((file[pos + 4] & 0xFF) | (file[pos + 5] & 0xFF) << 8 | (file[pos + 6] & 0xFF) << 16 | (file[pos + 7] & 0xFF) << 24);
            pos += 8 + (int) size + (int) (size & 1);
        }
        return at;
    }

    @Test
    void mutatedFilesAreParsedOrRefusedButNeverCrashTheParser() {
        List<byte[]> seeds = seeds();
        for (byte[] seed : seeds) Wav.parse(seed);
        SplittableRandom random = new SplittableRandom(20240611L);
        int parsed = 0, refused = 0;
        for (int i = 0; i < 10_000; i++) {
            byte[] seed = seeds.get(random.nextInt(seeds.size()));
            byte[] file = seed.clone();
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                switch (random.nextInt(4)) {
                    case 0 -> file[random.nextInt(file.length)] ^= (byte) (1 << random.nextInt(8));
                    case 1 -> file[random.nextInt(file.length)] = (byte) random.nextInt(256);
                    case 2 -> file = Arrays.copyOf(file, random.nextInt(file.length + 1));
                    default -> {
                        List<Integer> fields = sizeFields(seed);
                        int at = fields.get(random.nextInt(fields.size()));
                        long v = switch (random.nextInt(3)) {
                            case 0 -> random.nextLong(1L << 32);
                            case 1 -> random.nextInt(file.length + 2);
                            default -> Math.max(0, Integer.toUnsignedLong(file.length) - at + random.nextInt(-3, 4));
                        };
                        for (int k = 0; k < 4 && at + k < file.length; k++) file[at + k] = (byte) (v >> 8 * k);
                    }
                }
                if (file.length == 0) break;
            }
            Wav wav;
            try {
                wav = Wav.parse(file);
            } catch (IllegalArgumentException e) {
                assertOneLine(e.getMessage());
                assertTrue(e.getMessage().startsWith("not a WAV file: ") || e.getMessage().startsWith("malformed WAV: "), e.getMessage());
                refused++;
                continue;
            } catch (RuntimeException | Error e) {
                throw new AssertionError("mutation " + i + " of " + file.length + " bytes: " + e, e);
            }
            parsed++;
            assertTrue(wav.dataOffset() >= 12 && wav.dataLength() >= 0, "mutation " + i + ": " + wav);
            assertTrue((long) wav.dataOffset() + wav.dataLength() <= file.length, "mutation " + i + ": " + wav + " in " + file.length + " bytes");
            assertTrue(wav.channels() >= 1 && wav.blockAlign() >= 1 && wav.sampleRate() >= 1 && wav.bitsPerSample() >= 1, "mutation " + i + ": " + wav);
            if (wav.isPcm16()) assertEquals(wav.frames() * wav.channels(), wav.planarSamples(file).length, "mutation " + i);
        }
        assertTrue(parsed > 500 && refused > 500, parsed + " parsed, " + refused + " refused: the mutations should reach both sides");
    }
}
