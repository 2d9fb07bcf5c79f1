package io.ardm.modality.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ardm.modality.image.Picture;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Waveform and spectrogram pictures: the FFT's closed forms and where a tone shows. */
class SoundPictureTest {
    @Test
    void theFftOfACosineIsTwoSpikesOfHalfTheLength() {
        int n = 64;
        double[] re = new double[n], im = new double[n];
        for (int i = 0; i < n; i++) re[i] = Math.cos(2 * Math.PI * 5 * i / n);
        SoundPicture.fft(re, im);
        for (int k = 0; k < n; k++) {
            double magnitude = Math.hypot(re[k], im[k]);
            assertEquals(k == 5 || k == n - 5 ? n / 2.0 : 0, magnitude, 1e-9, "bin " + k);
        }
    }

    @Test
    void aToneIsABrightRowAtItsFrequencyAndTheWaveformSpansItsAmplitude() {
        int samples = 16_000;
        int[] tone = new int[samples];
        for (int i = 0; i < samples; i++) tone[i] = AudioModality.SILENCE + (int) Math.round(16_000 * Math.sin(2 * Math.PI * 4_000 * i / 16_000.0));
        boolean[] marked = new boolean[samples];
        for (int i = 0; i < 1_000; i++) marked[i] = true;
        Picture p = SoundPicture.of(List.of(new SoundPicture.Clip(tone, marked)), 200);
        assertEquals(200, p.width());
        assertEquals(96 + 128, p.height());
        int x = 100;
        // 4 kHz is half of the 8 kHz Nyquist band: the spectrogram's middle row (counted from the bottom)
        int toneRow = 96 + 128 - 1 - 64, quietRow = 96 + 128 - 1 - 20;
        assertEquals(true, brightness(p, x, toneRow) > 3 * brightness(p, x, quietRow), "the tone's row is brighter");
        // a half-scale tone reaches a quarter of the waveform's height above and below its middle line
        assertNotEquals(255, p.at(x, 48 - 23, 0), "drawn at +half scale");
        assertEquals(255, p.at(x, 48 - 30, 0), "nothing above the peak");
        assertEquals(228, p.at(2, 5, 1), "a marked position's background is tinted");
        assertEquals(255, p.at(x, 5, 1), "an unmarked one's is white");
        assertThrows(IllegalArgumentException.class, () -> SoundPicture.of(List.of(), 100));
    }

    private static int brightness(Picture p, int x, int y) {
        return p.at(x, y, 0) + p.at(x, y, 1) + p.at(x, y, 2);
    }
}
