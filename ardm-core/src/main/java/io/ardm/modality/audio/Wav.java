package io.ardm.modality.audio;

import java.util.Arrays;

/**
 * Where a RIFF/WAVE file's samples lie and how they are coded, read from the file's bytes without javax.sound (which
 * neither says where the data chunk starts nor keeps the other chunks). The record only locates the data: a caller
 * that must give the file back keeps everything else (LIST, fact, cue chunks, a trailing partial frame) verbatim.
 * Parsing is lenient about the RIFF size field, which streaming writers leave 0 or too large and editors forget to
 * update, and strict about the chunks: every chunk must lie inside the array.
 *
 * @param format the effective format tag: {@link #PCM}, 3 for IEEE float, ...; for WAVE_FORMAT_EXTENSIBLE the
 *     sub-format's tag, or {@link #EXTENSIBLE} itself when the sub-format is not a standard one
 * @param blockAlign bytes per frame (one sample of every channel)
 * @param dataOffset the file offset of the data chunk's first byte
 * @param dataLength the data chunk's size, which may end in a partial frame
 */
public record Wav(int format, int channels, int sampleRate, int bitsPerSample, int blockAlign, int dataOffset, int dataLength) {
    /** WAVE_FORMAT_PCM. */
    public static final int PCM = 1;
    /** WAVE_FORMAT_EXTENSIBLE: the real format is the sub-format GUID in the fmt chunk's extension. */
    public static final int EXTENSIBLE = 0xFFFE;

    private static final int MAX_SAMPLE_RATE = 10_000_000;
    private static final int HEADER = 44;
    /** Bytes 2..15 of every standard sub-format GUID (xxxx0000-0000-0010-8000-00AA00389B71); bytes 0..1 are the tag. */
    private static final byte[] GUID_TAIL = {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71};

    /**
     * Parses a whole file's bytes. The chunks are walked to the end of the array, whatever the RIFF size says, except
     * that once the data chunk is found, bytes after the RIFF size's end are trailing bytes, not chunks.
     */
    public static Wav parse(byte[] file) {
        if (file.length == 0) throw new IllegalArgumentException("not a WAV file: the file is empty");
        if (!agrees(file, 0, "RIFF")) throw new IllegalArgumentException("not a WAV file: no 'RIFF' magic at byte 0");
        if (file.length < 12) throw new IllegalArgumentException("not a WAV file: the RIFF header ends at byte " + file.length + ", it needs 12 bytes");
        if (!agrees(file, 8, "WAVE")) throw new IllegalArgumentException("not a WAV file: form type '" + fourCc(file, 8) + "' at byte 8, not 'WAVE'");
        long riffEnd = 8 + u32(file, 4);
        Wav fmt = null;
        int fmtAt = -1, dataOffset = -1, dataLength = 0;
        int pos = 12;
        while (pos < file.length && !(dataOffset >= 0 && pos >= riffEnd)) {
            if (file.length - pos < 8) throw malformed("a chunk header at byte " + pos + " is cut off after " + (file.length - pos) + " bytes");
            String id = fourCc(file, pos);
            long size = u32(file, pos + 4);
            int payload = pos + 8;
            if (size > file.length - payload) {
                throw malformed("chunk '" + id + "' at byte " + pos + " claims " + size + " bytes, only " + (file.length - payload) + " remain");
            }
            if (id.equals("fmt ")) {
                if (fmt != null) throw malformed("a second 'fmt ' chunk at byte " + pos);
                fmt = fromFmt(file, pos, (int) size);
                fmtAt = pos;
            } else if (id.equals("data")) {
                if (dataOffset >= 0) throw malformed("a second 'data' chunk at byte " + pos);
                if (fmt == null) throw malformed("the 'data' chunk at byte " + pos + " comes before any 'fmt ' chunk");
                dataOffset = payload;
                dataLength = (int) size;
            }
            pos = payload + (int) size + (int) (size & 1); // the pad byte, which may be missing at the very end
        }
        if (fmt == null) throw malformed("no 'fmt ' chunk in the file's " + file.length + " bytes");
        if (dataOffset < 0) throw malformed("no 'data' chunk after the 'fmt ' chunk at byte " + fmtAt);
        return new Wav(fmt.format, fmt.channels, fmt.sampleRate, fmt.bitsPerSample, fmt.blockAlign, dataOffset, dataLength);
    }

    /** The fmt chunk at {@code chunk} ({@code size} bytes of payload, inside the file), with no data yet. */
    private static Wav fromFmt(byte[] file, int chunk, int size) {
        if (size < 16) throw malformed("the 'fmt ' chunk at byte " + chunk + " has " + size + " bytes, it needs at least 16");
        int fmt = chunk + 8;
        int tag = u16(file, fmt);
        int channels = u16(file, fmt + 2);
        long sampleRate = u32(file, fmt + 4);
        int blockAlign = u16(file, fmt + 12);
        int bits = u16(file, fmt + 14);
        if (channels == 0) throw malformed("0 channels at byte " + (fmt + 2));
        if (sampleRate == 0 || sampleRate > MAX_SAMPLE_RATE) throw malformed("absurd sample rate " + sampleRate + " at byte " + (fmt + 4));
        if (blockAlign == 0) throw malformed("block align 0 at byte " + (fmt + 12));
        if (bits == 0) throw malformed("0 bits per sample at byte " + (fmt + 14));
        int format = tag;
        if (tag == EXTENSIBLE) {
            if (size < 40) throw malformed("the WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk at byte " + chunk + " has " + size + " bytes, it needs at least 40");
            int cbSize = u16(file, fmt + 16);
            if (cbSize < 22) throw malformed("WAVE_FORMAT_EXTENSIBLE extension size " + cbSize + " at byte " + (fmt + 16) + ", it needs at least 22");
            int guid = fmt + 24;
            if (Arrays.equals(file, guid + 2, guid + 16, GUID_TAIL, 0, GUID_TAIL.length)) format = u16(file, guid);
        }
        return new Wav(format, channels, (int) sampleRate, bits, blockAlign, -1, 0);
    }

    /** Whether a file that starts with {@code head} may be a WAV file: "RIFF", a size, "WAVE". */
    public static boolean looksLikeWav(byte[] head) {
        return head.length >= 12 && agrees(head, 0, "RIFF") && agrees(head, 8, "WAVE");
    }

    /** Whether the samples are 16-bit signed integers, packed frame by frame, which {@link #planarSamples} reads. */
    public boolean isPcm16() {
        return format == PCM && bitsPerSample == 16 && blockAlign == 2 * channels && channels >= 1;
    }

    /** Whole frames in the data chunk; a trailing partial frame is not one. */
    public int frames() {
        return dataLength / blockAlign;
    }

    /**
     * The 16-bit samples of the whole frames, planar: all of channel 0's frames, then channel 1's, ... (signed,
     * -32768..32767). Requires {@link #isPcm16}; {@code file} is the one this record was parsed from.
     */
    public int[] planarSamples(byte[] file) {
        if (!isPcm16()) throw new IllegalStateException("not 16-bit PCM: format " + format + ", " + bitsPerSample + " bits, block align " + blockAlign);
        requireDataInside(file);
        int frames = frames();
        int[] planar = new int[frames * channels];
        for (int f = 0; f < frames; f++) {
            for (int c = 0; c < channels; c++) {
                int at = dataOffset + (f * channels + c) * 2;
                planar[c * frames + f] = (short) ((file[at] & 0xFF) | file[at + 1] << 8);
            }
        }
        return planar;
    }

    /** Whether the samples are unsigned 8-bit integers (offset 128), one byte per sample. */
    public boolean isPcm8() {
        return format == PCM && bitsPerSample == 8 && blockAlign == channels && channels >= 1;
    }

    /**
     * The samples of an 8-bit file ({@link #isPcm8}) on the 16-bit scale, planar: (u − 128)·256, i.e. the 8 most
     * significant bits of a 16-bit sample with the 8 least significant zero.
     */
    public int[] planarSamples8(byte[] file) {
        if (!isPcm8()) throw new IllegalStateException("not 8-bit PCM: format " + format + ", " + bitsPerSample + " bits, block align " + blockAlign);
        requireDataInside(file);
        int frames = frames();
        int[] planar = new int[frames * channels];
        for (int f = 0; f < frames; f++) {
            for (int c = 0; c < channels; c++) planar[c * frames + f] = ((file[dataOffset + f * channels + c] & 0xFF) - 128) << 8;
        }
        return planar;
    }

    private void requireDataInside(byte[] file) {
        if (dataOffset < 0 || dataLength < 0 || (long) dataOffset + dataLength > file.length) {
            throw new IllegalArgumentException("the data at byte " + dataOffset + " (" + dataLength + " bytes) is not inside the file's " + file.length + " bytes");
        }
    }

    /**
     * A canonical 16-bit PCM file of planar samples (as {@link #planarSamples} returns them): the 44-byte header (RIFF
     * size, a 16-byte fmt chunk, the data chunk's header), then the samples frame by frame. A sample outside
     * -32768..32767 is an IllegalArgumentException, not clamped: the file would not give it back.
     */
    public static byte[] write(int[] planar, int channels, int sampleRate) {
        if (channels < 1 || channels > 0xFFFF / 2) throw new IllegalArgumentException("a 16-bit WAV file has 1.." + 0xFFFF / 2 + " channels, got " + channels);
        if (sampleRate < 1 || sampleRate > MAX_SAMPLE_RATE) throw new IllegalArgumentException("sample rate must be 1.." + MAX_SAMPLE_RATE + ", got " + sampleRate);
        if (planar.length % channels != 0) throw new IllegalArgumentException(planar.length + " samples are not whole frames of " + channels + " channels");
        int blockAlign = 2 * channels;
        long byteRate = (long) sampleRate * blockAlign;
        if (byteRate > 0xFFFFFFFFL) throw new IllegalArgumentException(sampleRate + " Hz × " + channels + " channels is more than 2^32 bytes a second, which the header cannot say");
        long dataBytes = 2L * planar.length;
        if (HEADER + dataBytes > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(planar.length + " samples are too many for one array");
        byte[] out = new byte[HEADER + (int) dataBytes];
        ascii(out, 0, "RIFF");
        putU32(out, 4, 36 + dataBytes);
        ascii(out, 8, "WAVE");
        ascii(out, 12, "fmt ");
        putU32(out, 16, 16);
        putU16(out, 20, PCM);
        putU16(out, 22, channels);
        putU32(out, 24, sampleRate);
        putU32(out, 28, byteRate);
        putU16(out, 32, blockAlign);
        putU16(out, 34, 16);
        ascii(out, 36, "data");
        putU32(out, 40, dataBytes);
        int frames = planar.length / channels;
        for (int c = 0; c < channels; c++) {
            for (int f = 0; f < frames; f++) {
                int s = planar[c * frames + f];
                if (s < Short.MIN_VALUE || s > Short.MAX_VALUE) {
                    throw new IllegalArgumentException("sample " + s + " of channel " + c + " at frame " + f + " is outside -32768..32767");
                }
                putU16(out, HEADER + (f * channels + c) * 2, s);
            }
        }
        return out;
    }

    private static IllegalArgumentException malformed(String what) {
        return new IllegalArgumentException("malformed WAV: " + what);
    }

    /** Whether the bytes at {@code at} that the array has agree with {@code ascii}: a short array is cut off, not wrong. */
    private static boolean agrees(byte[] b, int at, String ascii) {
        for (int i = 0; i < ascii.length() && at + i < b.length; i++) if (b[at + i] != ascii.charAt(i)) return false;
        return true;
    }

    /** A chunk id for a message: printable ASCII as is, other bytes as \xNN, so that the message stays one line. */
    private static String fourCc(byte[] b, int at) {
        StringBuilder s = new StringBuilder();
        for (int i = at; i < at + 4; i++) {
            int c = b[i] & 0xFF;
            if (c >= 0x20 && c < 0x7F && c != '\\') s.append((char) c);
            else s.append(String.format("\\x%02X", c));
        }
        return s.toString();
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] b, int at) {
        return u16(b, at) | (long) u16(b, at + 2) << 16;
    }

    private static void ascii(byte[] b, int at, String s) {
        for (int i = 0; i < s.length(); i++) b[at + i] = (byte) s.charAt(i);
    }

    private static void putU16(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >> 8);
    }

    private static void putU32(byte[] b, int at, long v) {
        putU16(b, at, (int) v);
        putU16(b, at + 2, (int) (v >> 16));
    }
}
