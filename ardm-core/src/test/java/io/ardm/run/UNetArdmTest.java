package io.ardm.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.ardm.ardm.StepInput;
import io.ardm.tensor.GradCheck;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The image network's view of a step: which channels it reads, and which logits belong to which sub-pixel. */
class UNetArdmTest {
    static final int H = 4, W = 3, C = 2, K = 5, S = 2, D = H * W * C;

    static UNetArdm randomised() {
        return randomised(K);
    }

    static UNetArdm randomised(int outputs) {
        UNetArdm net = new UNetArdm(H, W, C, K, S, outputs, 8, 1, 2, false, 4);
        SplittableRandom r = new SplittableRandom(4);
        for (Tensor p : net.parameters().asMap().values()) GradCheck.randomize(p, r.nextLong(), 0.4f);
        return net;
    }

    static StepInput input(int[] values, boolean[] revealed, int step) {
        return new StepInput(values, revealed, new int[] {step}, 1);
    }

    @Test
    void logitsOfEverySubPixelAreItsChannelsSliceOfTheUNetOutput() {
        for (int outputs : new int[] {K, 6}) logitsAreSlicesOfTheUNetOutput(outputs); // 6: a mixture of two logistics
    }

    private static void logitsAreSlicesOfTheUNetOutput(int outputs) {
        UNetArdm net = randomised(outputs);
        SplittableRandom r = new SplittableRandom(5);
        int[] values = new int[D];
        boolean[] revealed = new boolean[D];
        for (int j = 0; j < D; j++) {
            values[j] = r.nextInt(K);
            revealed[j] = r.nextBoolean();
        }
        Tensor logits = net.logits(Tape.inference(), input(values, revealed, D + 3));
        assertArrayEquals(new int[] {1, D, outputs}, logits.shape());
        Tensor x = Tensor.zeros(1, 2 * C + S, H, W);
        for (int p = 0; p < H * W; p++) {
            for (int c = 0; c < C; c++) {
                x.data[c * H * W + p] = 2f * values[p * C + c] / (K - 1) - 1f;
                x.data[(C + c) * H * W + p] = revealed[p * C + c] ? 1f : 0f;
            }
            x.data[(2 * C + 1) * H * W + p] = 1f; // stage 1 of 2
        }
        Tensor out = net.unet().apply(Tape.inference(), x, new int[] {D + 3});
        for (int p = 0; p < H * W; p++) {
            for (int c = 0; c < C; c++) {
                for (int k = 0; k < outputs; k++) {
                    assertEquals(out.data[(c * outputs + k) * H * W + p], logits.data[(p * C + c) * outputs + k], "pixel " + p + " channel " + c + " output " + k);
                }
            }
        }
    }

    @Test
    void anAbsorbedSubPixelReadsAsMidGreyWhateverItsIdAndTheMaskAndStageMatter() {
        UNetArdm net = randomised();
        int[] values = new int[D];
        Arrays.fill(values, 2); // mid-grey of K = 5: normalises to 0
        boolean[] revealed = new boolean[D];
        values[0] = K; // the absorbing id
        float[] absorbed = net.logits(Tape.inference(), input(values, revealed, 3)).data;
        values[0] = 2;
        assertArrayEquals(absorbed, net.logits(Tape.inference(), input(values, revealed, 3)).data);
        revealed[0] = true;
        assertFalse(Arrays.equals(absorbed, net.logits(Tape.inference(), input(values, revealed, 3)).data), "the mask is an input");
        revealed[0] = false;
        assertFalse(Arrays.equals(absorbed, net.logits(Tape.inference(), input(values, revealed, 3 + D)).data), "so is the stage");
    }
}
