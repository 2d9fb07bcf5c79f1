package io.ardm.ardm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ardm.codec.TextFileCodec;
import io.ardm.model.Evaluation;
import io.ardm.model.TextArdm;
import io.ardm.nn.TransformerConfig;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A causal next-character model coded as an ARDM with the left-to-right order, one call per position. */
class LeftToRightArdmTest {
    private static final int D = 24;
    private static final TextArdm CAUSAL = new TextArdm(new TransformerConfig(2, 32, 2, 64, 29, 28, D, 0f, true, false), 4);

    @Test
    void sequentialLikelihoodEqualsTheBaselinesOneCallNll() {
        SplittableRandom rng = new SplittableRandom(1);
        int n = 6;
        int[] data = new int[n * D];
        for (int i = 0; i < data.length; i++) data[i] = 1 + rng.nextInt(27);
        double oneCall = Evaluation.estimate(CAUSAL, new LeftToRightObjective(D, CAUSAL.absorbing()), data, n, rng).bitsPerDim();
        double stepwise = 0;
        for (int i = 0; i < n; i++) {
            int[] x = java.util.Arrays.copyOfRange(data, i * D, (i + 1) * D);
            stepwise += Likelihood.exactBits(new LeftToRightArdm(CAUSAL), x, Order.leftToRight(D), Policy.sequential(D), 7) / n;
        }
        assertEquals(oneCall, stepwise, 1e-6);
    }

    @Test
    void filesRoundTripThroughTheCoder() throws Exception {
        TextFileCodec codec = new TextFileCodec(new LeftToRightArdm(CAUSAL), new byte[32], Order.leftToRight(D), b -> Policy.sequential(D));
        SplittableRandom rng = new SplittableRandom(2);
        for (int length : new int[] {0, 1, D - 1, D, 3 * D + 5}) {
            byte[] text = new byte[length];
            for (int j = 0; j < length; j++) text[j] = (byte) (rng.nextInt(5) == 0 ? ' ' : 'a' + rng.nextInt(26));
            assertArrayEquals(text, codec.decompress(codec.compress(text, D)), "length " + length);
        }
    }
}
