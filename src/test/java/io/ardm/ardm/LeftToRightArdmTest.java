package io.ardm.ardm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ardm.codec.ArdmCoder;
import io.ardm.codec.RansDecoder;
import io.ardm.codec.TextFileCodec;
import io.ardm.model.Evaluation;
import io.ardm.model.TextArdm;
import io.ardm.nn.TransformerConfig;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
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
        LeftToRightArdm ltr = new LeftToRightArdm(CAUSAL);
        ArdmNetwork stepByStep = new ArdmNetwork() { // the same network without the one-call shortcut
            @Override public Tensor logits(Tape tape, int[] inputs, int[] steps, int batch) {
                return ltr.logits(tape, inputs, steps, batch);
            }
            @Override public int length() { return D; }
            @Override public int classes() { return ltr.classes(); }
            @Override public int absorbing() { return ltr.absorbing(); }
        };
        double stepwise = 0;
        for (int i = 0; i < n; i++) {
            int[] x = java.util.Arrays.copyOfRange(data, i * D, (i + 1) * D);
            double shortcut = Likelihood.exactBits(ltr, x, Order.leftToRight(D), Policy.sequential(D), 7);
            double calls = Likelihood.exactBits(stepByStep, x, Order.leftToRight(D), Policy.sequential(D), 7);
            assertEquals(calls, shortcut, 0.0, "one call gives every step's distribution bit for bit");
            stepwise += calls / n;
        }
        assertEquals(oneCall, stepwise, 1e-6);
    }

    @Test
    void otherOrdersAndParallelPoliciesTakeTheStepByStepPath() {
        LeftToRightArdm ltr = new LeftToRightArdm(CAUSAL);
        int[] x = new SplittableRandom(3).ints(D, 1, 28).toArray();
        double sequential = Likelihood.exactBits(ltr, x, Order.leftToRight(D), Policy.sequential(D), 7);
        // With 4 positions per call the later ones of a call see absorbed inputs, and in another order a position
        // sees absorbed inputs before it: both differ from the one-call value, which would be the sequential one.
        assertNotEquals(sequential, Likelihood.exactBits(ltr, x, Order.leftToRight(D), Policy.naive(D, 6), 7));
        assertNotEquals(sequential, Likelihood.exactBits(ltr, x, Order.random(D, new SplittableRandom(4)), Policy.sequential(D), 7));
    }

    @Test
    void decodingWithTheKeyValueCacheNeedsNoFullCallsAndReadsTheSameStream() {
        int[] calls = new int[1];
        ArdmNetwork counted = new ArdmNetwork() {
            @Override public Tensor logits(Tape tape, int[] inputs, int[] steps, int batch) {
                calls[0]++;
                return CAUSAL.logits(tape, inputs, steps, batch);
            }
            @Override public int length() { return D; }
            @Override public int classes() { return CAUSAL.classes(); }
            @Override public int absorbing() { return CAUSAL.absorbing(); }
        };
        ArdmCoder plain = new ArdmCoder(new LeftToRightArdm(counted), Order.leftToRight(D), Policy.sequential(D), 16, 1, 8);
        ArdmCoder cached = new ArdmCoder(new LeftToRightArdm(counted, CAUSAL::causalStream), Order.leftToRight(D),
                Policy.sequential(D), 16, 1, 8);
        SplittableRandom rng = new SplittableRandom(5);
        for (int length : new int[] {1, D / 2, D}) {
            int[] x = rng.ints(length, 1, 28).toArray();
            byte[] stream = plain.encode(x, length);
            calls[0] = 0;
            assertArrayEquals(x, plain.decode(new RansDecoder(stream, length), length));
            assertEquals(length, calls[0], "without the cache: one full call per position");
            calls[0] = 0;
            assertArrayEquals(x, cached.decode(new RansDecoder(stream, length), length), "length " + length);
            assertEquals(0, calls[0], "with the cache no full call is made");
        }
    }

    @Test
    void samplingWithTheCacheDrawsTheSameTextAsWithFullCalls() {
        Generation.Result cached = Generation.sampleLeftToRight(new LeftToRightArdm(CAUSAL, CAUSAL::causalStream), 3, 1f, new SplittableRandom(8));
        Generation.Result full = Generation.sampleLeftToRight(new LeftToRightArdm(CAUSAL), 3, 1f, new SplittableRandom(8));
        assertArrayEquals(full.values(), cached.values());
        assertEquals(3 * D, cached.networkCalls());
        assertTrue(java.util.Arrays.stream(cached.values()).distinct().count() > 1, "not a constant sequence");
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
