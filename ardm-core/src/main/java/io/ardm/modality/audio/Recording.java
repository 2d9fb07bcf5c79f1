package io.ardm.modality.audio;

import java.util.Arrays;

/**
 * A PCM recording as audio symbols, channel by channel: what the audio commands that edit sound (infill, upscale) read.
 * 16-bit files give their samples; 8-bit files their samples on the 16-bit scale, of which only the 8 most significant
 * bits are known.
 *
 * @param symbols planar, sample + 32,768 ({@link AudioModality}'s symbols), {@code channels × frames}
 * @param bits the significant bits per sample in the file: 16 or 8
 */
public record Recording(int channels, int sampleRate, int frames, int[] symbols, int bits) {
    /** Reads a 16-bit or 8-bit PCM WAV file's bytes; anything else is a one-line IllegalArgumentException. */
    public static Recording of(byte[] file) {
        Wav wav = Wav.parse(file);
        int[] samples;
        int bits;
        if (wav.isPcm16()) {
            samples = wav.planarSamples(file);
            bits = 16;
        } else if (wav.isPcm8()) {
            samples = wav.planarSamples8(file);
            bits = 8;
        } else {
            throw new IllegalArgumentException("not 8- or 16-bit PCM audio (format " + wav.format() + ", " + wav.bitsPerSample() + " bits per sample)");
        }
        for (int i = 0; i < samples.length; i++) samples[i] += AudioModality.SILENCE;
        return new Recording(wav.channels(), wav.sampleRate(), wav.frames(), samples, bits);
    }

    /** Channel {@code c}'s symbols. */
    public int[] channel(int c) {
        return Arrays.copyOfRange(symbols, c * frames, (c + 1) * frames);
    }

    /** A canonical 16-bit WAV of these channels with other symbols (same layout). */
    public byte[] toWav(int[] planarSymbols) {
        int[] samples = new int[planarSymbols.length];
        for (int i = 0; i < samples.length; i++) samples[i] = planarSymbols[i] - AudioModality.SILENCE;
        return Wav.write(samples, channels, sampleRate);
    }

    /** The same recording with its samples' {@code 16 − bits} least significant bits zeroed (a lower bit depth). */
    public Recording truncatedTo(int keep) {
        if (keep < 1 || keep > bits) throw new IllegalArgumentException("can keep 1.." + bits + " bits of this recording, not " + keep);
        int[] s = symbols.clone();
        int drop = 16 - keep;
        for (int i = 0; i < s.length; i++) s[i] = s[i] >> drop << drop;
        return new Recording(channels, sampleRate, frames, s, keep);
    }
}
