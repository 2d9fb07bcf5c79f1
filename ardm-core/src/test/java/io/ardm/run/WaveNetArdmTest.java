package io.ardm.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ardm.ardm.StepInput;
import io.ardm.ardm.process.ZeroLeastSignificant;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The WaveNet ARDM's relative input features (closed forms, a network that sees a one-level step) and its views at other lengths. */
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

    @Test
    void aViewAtAnotherLengthShowsTheStepAtTheSameShareRevealed() {
        WaveNetArdm trained = new WaveNetArdm(32, SIXTEEN, 64, 8, 2, 2, 2, 3);
        SplittableRandom rng = new SplittableRandom(5);
        for (Tensor t : trained.parameters().asMap().values()) { // the output layer starts at zero: give every weight a value
            for (int i = 0; i < t.data.length; i++) t.data[i] = (float) rng.nextDouble(-0.3, 0.3);
        }
        assertSame(trained, trained.atLength(32));
        WaveNetArdm clip = trained.atLength(96);
        assertEquals(96, clip.length());
        int[] values = new int[96];
        boolean[] revealed = new boolean[96];
        for (int p = 0; p < 96; p++) {
            values[p] = p % 3 == 0 ? 40_000 + 50 * p : SIXTEEN.classes(); // every third shown, the rest absorbed
            revealed[p] = p % 3 == 0;
        }
        // Step 2·96 + t of the view is stage 2's step ⌊t/3⌋ of D = 32: steps 195, 196, 197 all read as 2·32 + 1.
        float[] a = logits(clip, values, revealed, 2 * 96 + 3), b = logits(clip, values, revealed, 2 * 96 + 5);
        assertArrayEquals(a, b, "steps 3 and 5 of 96 are the trained step 1 of 32");
        assertEquals(96 * 64, a.length);
        float[] other = logits(clip, values, revealed, 2 * 96 + 6);
        assertNotEquals(Arrays.toString(a), Arrays.toString(other), "step 6 of 96 is the trained step 2");
        float[] otherStage = logits(clip, values, revealed, 96 + 3);
        assertNotEquals(Arrays.toString(a), Arrays.toString(otherStage), "the stage is kept");
        assertThrows(IllegalArgumentException.class, () -> logits(clip, values, revealed, 4 * 96), "past the last stage");
    }

    private static float[] logits(WaveNetArdm net, int[] values, boolean[] revealed, int step) {
        return net.logits(Tape.inference(), new StepInput(values, revealed, new int[] {step}, 1)).data.clone();
    }
}
