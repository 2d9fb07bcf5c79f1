package io.ardm.modality.audio;

import io.ardm.modality.image.Picture;
import java.util.List;

/**
 * Pictures of sound: per clip a waveform (the min..max of the samples under each pixel column) above a spectrogram
 * (a Hann-windowed 512-point STFT in dBFS, −100..0 dB on a dark-to-yellow ramp, low frequencies at the bottom), the
 * clips stacked with a white gap. Positions a clip marks (an infilled gap, say) get a tinted background in its
 * waveform. Values are audio symbols (sample + 32,768).
 */
public final class SoundPicture {
    /** The width the command line draws clips at. */
    public static final int WIDTH = 800;
    private static final int WAVE_HEIGHT = 96, SPECTRUM_HEIGHT = 128, GAP = 6, FFT = 512;
    private static final double FLOOR_DB = -100;

    /** One clip to draw, with the positions to tint (or null). */
    public record Clip(int[] symbols, boolean[] marked) {
        public Clip(int[] symbols) {
            this(symbols, null);
        }
    }

    private SoundPicture() {}

    /** The clips stacked top to bottom, each {@code width} pixels wide whatever its length. */
    public static Picture of(List<Clip> clips, int width) {
        if (clips.isEmpty()) throw new IllegalArgumentException("no clips to draw");
        if (width < 1) throw new IllegalArgumentException("width must be positive");
        int rowHeight = WAVE_HEIGHT + SPECTRUM_HEIGHT + GAP;
        int height = clips.size() * rowHeight - GAP;
        byte[] rgb = new byte[width * height * 3];
        java.util.Arrays.fill(rgb, (byte) 255);
        for (int c = 0; c < clips.size(); c++) {
            Clip clip = clips.get(c);
            waveform(clip, rgb, width, c * rowHeight);
            spectrogram(clip.symbols(), rgb, width, c * rowHeight + WAVE_HEIGHT);
        }
        return new Picture(width, height, 3, rgb);
    }

    private static void waveform(Clip clip, byte[] rgb, int width, int top) {
        int[] s = clip.symbols();
        int mid = top + WAVE_HEIGHT / 2;
        for (int x = 0; x < width; x++) {
            int from = (int) ((long) x * s.length / width), to = Math.max(from + 1, (int) ((long) (x + 1) * s.length / width));
            boolean marked = false;
            int lo = Integer.MAX_VALUE, hi = Integer.MIN_VALUE;
            for (int i = from; i < Math.min(to, s.length); i++) {
                int v = s[i] - AudioModality.SILENCE;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
                marked |= clip.marked() != null && clip.marked()[i];
            }
            if (marked) for (int y = top; y < top + WAVE_HEIGHT; y++) set(rgb, width, x, y, 255, 228, 196);
            set(rgb, width, x, mid, 200, 200, 200);
            if (lo > hi) continue;
            int yHi = mid - (int) Math.round(hi / 32768.0 * (WAVE_HEIGHT / 2 - 1)), yLo = mid - (int) Math.round(lo / 32768.0 * (WAVE_HEIGHT / 2 - 1));
            for (int y = yHi; y <= yLo; y++) set(rgb, width, x, y, 31, 73, 125);
        }
    }

    private static void spectrogram(int[] s, byte[] rgb, int width, int top) {
        double[] window = new double[FFT];
        for (int i = 0; i < FFT; i++) window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / FFT);
        double windowSum = FFT / 2.0; // Σ Hann: a full-scale sine's peak bin reads 0 dB
        double[] re = new double[FFT], im = new double[FFT];
        int bins = FFT / 2;
        for (int x = 0; x < width; x++) {
            int centre = (int) ((x + 0.5) * s.length / width);
            for (int i = 0; i < FFT; i++) {
                int j = centre - FFT / 2 + i;
                re[i] = j >= 0 && j < s.length ? (s[j] - AudioModality.SILENCE) / 32768.0 * window[i] : 0;
                im[i] = 0;
            }
            fft(re, im);
            for (int y = 0; y < SPECTRUM_HEIGHT; y++) {
                int b0 = y * bins / SPECTRUM_HEIGHT, b1 = (y + 1) * bins / SPECTRUM_HEIGHT;
                double power = 0;
                for (int b = b0; b < b1; b++) power = Math.max(power, re[b] * re[b] + im[b] * im[b]);
                double db = 10 * Math.log10(Math.max(power, 1e-30) / (windowSum * windowSum / 4));
                double u = Math.clamp((db - FLOOR_DB) / -FLOOR_DB, 0, 1);
                int[] c = ramp(u);
                set(rgb, width, x, top + SPECTRUM_HEIGHT - 1 - y, c[0], c[1], c[2]);
            }
        }
    }

    /** Black → purple → orange → pale yellow. */
    private static int[] ramp(double u) {
        double[][] stops = {{0, 0, 4}, {87, 16, 110}, {188, 55, 84}, {249, 142, 9}, {252, 255, 164}};
        double p = u * (stops.length - 1);
        int i = Math.min((int) p, stops.length - 2);
        double f = p - i;
        int[] c = new int[3];
        for (int k = 0; k < 3; k++) c[k] = (int) Math.round(stops[i][k] + f * (stops[i + 1][k] - stops[i][k]));
        return c;
    }

    /** In-place radix-2 complex FFT (n a power of two). */
    static void fft(double[] re, double[] im) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j) {
                double t = re[i]; re[i] = re[j]; re[j] = t;
                t = im[i]; im[i] = im[j]; im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            double angle = -2 * Math.PI / len;
            for (int i = 0; i < n; i += len) {
                for (int k = 0; k < len / 2; k++) {
                    double wr = Math.cos(angle * k), wi = Math.sin(angle * k);
                    int a = i + k, b = a + len / 2;
                    double xr = re[b] * wr - im[b] * wi, xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
    }

    private static void set(byte[] rgb, int width, int x, int y, int r, int g, int b) {
        int i = (y * width + x) * 3;
        rgb[i] = (byte) r;
        rgb[i + 1] = (byte) g;
        rgb[i + 2] = (byte) b;
    }
}
