package io.ardm.modality.audio;

import io.ardm.modality.Dataset;
import io.ardm.modality.Modality;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * 16-bit PCM audio (SC09's K = 65,536 levels): a sample s is the symbol s + 32,768, so silence is the middle level.
 * A file is a WAV; its samples are coded channel by channel (all of channel 0, then channel 1, …) in segments of D.
 * Everything else in the file — the RIFF header, the fmt chunk, any LIST or cue chunks, a trailing partial frame, a
 * pad byte — goes verbatim into the compressed file's header, so decoding gives back the same file byte for byte.
 * A WAV of another format (8-bit, 24-bit, float, A-law) is not this modality's: the byte models take it.
 */
public final class AudioModality implements Modality {
    /** Levels of a 16-bit sample. */
    public static final int LEVELS = 1 << 16;
    /** The symbol of a zero sample. */
    public static final int SILENCE = 1 << 15;
    /** SC09's clip: one second at 16 kHz. */
    public static final int CLIP = 16_000;
    public static final int SAMPLE_RATE = 16_000;
    private static final int METADATA_FIELDS = 6; // u16 channels, u32 offset of the coded samples

    @Override public String id() {
        return "audio";
    }

    @Override public String bitsUnit() {
        return "bits/sample";
    }

    @Override public String symbolName() {
        return "sample";
    }

    @Override public int classes() {
        return LEVELS;
    }

    @Override public int padSymbol() {
        return SILENCE;
    }

    /** A WAV is only a WAV whole (its header says how long it is). */
    @Override public boolean splitsAnywhere() {
        return false;
    }

    @Override public boolean mayStart(byte[] head) {
        return Wav.looksLikeWav(head);
    }

    @Override public int[] toSymbols(byte[] file) {
        return symbols(pcm16(file), file);
    }

    private static Wav pcm16(byte[] file) {
        Wav wav = Wav.parse(file);
        if (!wav.isPcm16()) {
            throw new IllegalArgumentException("not 16-bit PCM audio (format " + wav.format() + ", " + wav.bitsPerSample()
                    + " bits per sample): a byte model takes it");
        }
        return wav;
    }

    private static int[] symbols(Wav wav, byte[] file) {
        int[] samples = wav.planarSamples(file);
        for (int i = 0; i < samples.length; i++) samples[i] += SILENCE;
        return samples;
    }

    /**
     * The file without its coded samples: channels (u16) and where the samples were (u32), then the bytes before them
     * and the bytes after them (whatever chunks, partial frame or pad byte follow).
     */
    @Override public byte[] headerMetadata(byte[] file) {
        Wav wav = pcm16(file);
        int coded = wav.frames() * wav.blockAlign();
        int kept = file.length - coded;
        if (METADATA_FIELDS + kept > 65_535) {
            throw new IllegalArgumentException("the WAV holds " + kept + " bytes besides its samples, more than a header keeps (65,529)");
        }
        ByteBuffer m = ByteBuffer.allocate(METADATA_FIELDS + kept).putShort((short) wav.channels()).putInt(wav.dataOffset());
        m.put(file, 0, wav.dataOffset()).put(file, wav.dataOffset() + coded, file.length - wav.dataOffset() - coded);
        return m.array();
    }

    /** A mono 16 kHz WAV of the samples (a generated clip). */
    @Override public byte[] toBytes(int[] symbols) {
        return Wav.write(samples(symbols), 1, SAMPLE_RATE);
    }

    @Override public byte[] toBytes(int[] symbols, byte[] metadata) {
        if (metadata.length < METADATA_FIELDS) throw new IllegalArgumentException("audio metadata has " + metadata.length + " bytes, fewer than " + METADATA_FIELDS);
        ByteBuffer m = ByteBuffer.wrap(metadata);
        int channels = m.getShort() & 0xFFFF, offset = m.getInt();
        if (channels < 1 || offset < 0 || offset > metadata.length - METADATA_FIELDS || symbols.length % channels != 0) {
            throw new IllegalArgumentException("audio metadata of " + channels + " channels at byte " + offset + " does not fit " + symbols.length + " samples");
        }
        int frames = symbols.length / channels;
        byte[] file = new byte[metadata.length - METADATA_FIELDS + 2 * symbols.length];
        System.arraycopy(metadata, METADATA_FIELDS, file, 0, offset);
        int[] samples = samples(symbols);
        for (int c = 0; c < channels; c++) {
            for (int f = 0; f < frames; f++) {
                int s = samples[c * frames + f], at = offset + 2 * (f * channels + c);
                file[at] = (byte) s;
                file[at + 1] = (byte) (s >> 8);
            }
        }
        System.arraycopy(metadata, METADATA_FIELDS + offset, file, offset + 2 * symbols.length, metadata.length - METADATA_FIELDS - offset);
        return file;
    }

    private static int[] samples(int[] symbols) {
        int[] samples = new int[symbols.length];
        for (int i = 0; i < symbols.length; i++) {
            if (symbols[i] < 0 || symbols[i] >= LEVELS) throw new IllegalArgumentException("symbol " + symbols[i] + " is not a 16-bit sample");
            samples[i] = symbols[i] - SILENCE;
        }
        return samples;
    }

    /** Training crops come from within one clip (a clip is its own block), never across two recordings. */
    @Override public int trainingBlock(int length) {
        return Math.max(CLIP, length);
    }

    /** A one-line summary for a terminal (the WAV is the real output): duration, peak and RMS level, hidden share. */
    @Override public String render(int[] symbols, boolean[] hidden) {
        long hiddenCount = 0, peak = 0;
        double energy = 0;
        for (int i = 0; i < symbols.length; i++) {
            if (hidden != null && hidden[i]) {
                hiddenCount++;
                continue;
            }
            int s = symbols[i] - SILENCE;
            peak = Math.max(peak, Math.abs(s));
            energy += (double) s * s;
        }
        long shown = symbols.length - hiddenCount;
        double rms = shown == 0 ? 0 : Math.sqrt(energy / shown);
        return String.format("%,d samples (%.2f s at 16 kHz), peak %.1f dBFS, RMS %.1f dBFS%s", symbols.length, symbols.length / (double) SAMPLE_RATE,
                dbfs(peak), dbfs(rms), hiddenCount == 0 ? "" : String.format(", %,d hidden", hiddenCount));
    }

    private static double dbfs(double level) {
        return level == 0 ? Double.NEGATIVE_INFINITY : 20 * Math.log10(level / 32768.0);
    }

    @Override public Masked parseMasked(String text, char unknown) {
        throw new IllegalArgumentException("audio is not infilled from text; give a WAV and a time range");
    }

    @Override public Dataset read(Path path) throws IOException {
        return SpeechCorpus.read(path);
    }

    @Override public Dataset bundledSample() {
        return SpeechCorpus.bundledSample();
    }

    /** Symbols of 16-bit clips as a {@link Dataset} split: two bytes each, little-endian. */
    static byte[] stored(int[] symbols) {
        byte[] out = new byte[2 * symbols.length];
        for (int i = 0; i < symbols.length; i++) {
            out[2 * i] = (byte) symbols[i];
            out[2 * i + 1] = (byte) (symbols[i] >> 8);
        }
        return out;
    }

    /** A clip's first channel as exactly {@link #CLIP} symbols: cut, or right-padded with silence as SC09 is. */
    static int[] clip(byte[] wavFile) {
        Wav wav = pcm16(wavFile);
        int[] planar = symbols(wav, wavFile);
        int[] clip = new int[CLIP];
        int kept = Math.min(wav.frames(), CLIP);
        System.arraycopy(planar, 0, clip, 0, kept);
        Arrays.fill(clip, kept, CLIP, SILENCE);
        return clip;
    }
}
