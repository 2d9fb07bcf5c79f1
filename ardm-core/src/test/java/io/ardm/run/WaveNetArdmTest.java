package io.ardm.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.ardm.ardm.process.ZeroLeastSignificant;
import org.junit.jupiter.api.Test;

/** The WaveNet ARDM's relative input features: closed forms, and a network that sees a one-level step. */
class WaveNetArdmTest {
    private static final ZeroLeastSignificant SIXTEEN = ZeroLeastSignificant.of(65_536, 16);

    @Test
    void featuresShowTheNeighboursInUnitsOfTheBlockTheStageChoosesIn() {
        int[] v = {36_000, 36_100, 40_000};
        float[] out = new float[3 * 3];
        WaveNetArdm.relativeFeatures(SIXTEEN, 1, v, 0, 3, 1, out, 0); // stage 1 chooses a digit of 256 in a block of 4,096
        int base = 32_768; // 36,100 with its lowest 12 bits zeroed
        assertEquals(Math.tanh((36_000 - base) / 4096.0 - 0.5), out[1], 1e-6, "k = −1 at position 1");
        assertEquals(Math.tanh((36_100 - base) / 4096.0 - 0.5), out[3 + 1], 1e-6, "k = 0: the position itself");
        assertEquals(Math.tanh((40_000 - base) / 4096.0 - 0.5), out[6 + 1], 1e-6, "k = +1");
        assertEquals(0f, out[0], "nothing left of position 0");
        assertEquals(0f, out[6 + 2], "nothing right of the last position");
        float[] last = new float[3 * 3];
        WaveNetArdm.relativeFeatures(SIXTEEN, 1, v, 0, 3, 3, last, 0); // the last stage: blocks of 16
        assertEquals(Math.tanh((36_100 - 36_096) / 16.0 - 0.5), last[3 + 1], 1e-6);
        assertEquals(Math.tanh((36_000 - 36_096) / 16.0 - 0.5), last[1], 1e-6, "6 blocks below: almost −1");
    }

    @Test
    void aOneLevelStepMovesOnlyTheFeaturesOfPositionsThatSeeIt() {
        int d = 64, w = 2;
        int[] a = new int[d], b = new int[d];
        for (int j = 0; j < d; j++) a[j] = b[j] = 32_768 + 8 * j;
        b[20] += 1;
        float[] fa = new float[(2 * w + 1) * d], fb = new float[(2 * w + 1) * d];
        WaveNetArdm.relativeFeatures(SIXTEEN, w, a, 0, d, 3, fa, 0);
        WaveNetArdm.relativeFeatures(SIXTEEN, w, b, 0, d, 3, fb, 0);
        for (int k = -w; k <= w; k++) {
            for (int p = 0; p < d; p++) {
                int i = (k + w) * d + p;
                if (p + k != 20) {
                    assertEquals(fa[i], fb[i], "position " + p + ", k = " + k + " does not see position 20");
                } else if (k != 0) { // a neighbour's step: about tanh'·1/16 in the last stage (blocks of 16)
                    int base = a[p] / 16 * 16;
                    assertEquals(Math.tanh((b[20] - base) / 16.0 - 0.5) - Math.tanh((a[20] - base) / 16.0 - 0.5), fb[i] - fa[i], 1e-6);
                    assertNotEquals(fa[i], fb[i]);
                }
            }
        }
    }

    @Test
    void theWindowWidensTheInputByTwoWPlusOneChannels() {
        WaveNetArdm plain = new WaveNetArdm(32, SIXTEEN, 64, 8, 2, 2, 0, 3);
        WaveNetArdm windowed = new WaveNetArdm(32, SIXTEEN, 64, 8, 2, 2, 4, 3);
        assertEquals(2 + 4, plain.parameters().get("conv_in.weight").dim(1), "value, mask and the 4 stages' one-hot");
        assertEquals(2 + 4 + 9, windowed.parameters().get("conv_in.weight").dim(1));
    }
}
