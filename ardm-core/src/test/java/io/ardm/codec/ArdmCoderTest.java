package io.ardm.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ardm.ardm.Likelihood;
import io.ardm.ardm.Order;
import io.ardm.ardm.Policy;
import io.ardm.ardm.StagePolicies;
import io.ardm.ardm.process.AbsorbingProcess;
import io.ardm.run.TransformerArdm;
import io.ardm.nn.arch.TransformerConfig;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Round trips through a real (randomly initialised) transformer, and the code length against the exact NLL. */
class ArdmCoderTest {
    static final TransformerConfig SMALL = new TransformerConfig(1, 32, 2, 64, 29, 28, 40, 0f, false, false);
    static final AbsorbingProcess PROCESS = new AbsorbingProcess(40, 28);

    @Test
    void roundTripsForAnyPolicyAndLength() {
        TransformerArdm net = new TransformerArdm(SMALL, 3, new int[0]);
        SplittableRandom rng = new SplittableRandom(1);
        Order order = Order.random(40, rng);
        for (Policy policy : new Policy[] {Policy.sequential(40), Policy.naive(40, 7), Policy.of(40, 0)}) {
            ArdmCoder coder = new ArdmCoder(net, PROCESS, new Order[] {order}, StagePolicies.of(policy), Categorical.DEFAULT_PRECISION, 1, 4);
            for (int length : new int[] {40, 39, 17, 1, 0}) {
                int[] x = new int[40];
                for (int j = 0; j < length; j++) x[j] = 1 + rng.nextInt(27);
                byte[] payload = coder.encode(x, length);
                RansDecoder dec = new RansDecoder(payload, length);
                int[] back = coder.decode(dec, length);
                dec.finish();
                assertArrayEquals(Arrays.copyOf(x, length), back, policy + " length " + length);
            }
        }
    }

    @Test
    void bitsPerPositionSplitTheCodeLengthOverThePositions() {
        TransformerArdm net = new TransformerArdm(SMALL, 4, new int[0]);
        SplittableRandom rng = new SplittableRandom(3);
        Order order = Order.random(40, rng);
        ArdmCoder coder = new ArdmCoder(net, PROCESS, new Order[] {order}, StagePolicies.of(Policy.naive(40, 8)), Categorical.DEFAULT_PRECISION, 1, 4);
        for (int length : new int[] {40, 23}) {
            int[] x = new int[40];
            for (int j = 0; j < length; j++) x[j] = 1 + rng.nextInt(27);
            double[] perPosition = coder.bitsPerPosition(x, length);
            assertEquals(length, perPosition.length);
            assertEquals(coder.bits(x, length), Arrays.stream(perPosition).sum(), 1e-9, "length " + length);
            for (double b : perPosition) assertTrue(b > 0, "every position costs something under a random network: " + b);
            // Position j's cost depends on x[j]: changing one symbol changes that position's entry.
            int[] y = x.clone();
            y[5] = y[5] % 27 + 1;
            assertNotEquals(perPosition[5], coder.bitsPerPosition(y, length)[5]);
        }
    }

    @Test
    void codeLengthMatchesTheExactNegativeLogLikelihood() {
        TransformerArdm net = new TransformerArdm(SMALL, 5, new int[0]);
        SplittableRandom rng = new SplittableRandom(2);
        Order order = Order.random(40, rng);
        Policy policy = Policy.naive(40, 10);
        ArdmCoder coder = new ArdmCoder(net, PROCESS, new Order[] {order}, StagePolicies.of(policy), Categorical.DEFAULT_PRECISION, 1, 16);
        double idealBits = 0;
        long codedBits = 0;
        for (int i = 0; i < 50; i++) {
            int[] x = new int[40];
            for (int j = 0; j < 40; j++) x[j] = 1 + rng.nextInt(27);
            idealBits += Likelihood.exactBits(net, PROCESS, x, new Order[] {order}, StagePolicies.of(policy), 16) * 40;
            RansEncoder enc = new RansEncoder();
            coder.encode(x, 40, enc);
            codedBits += enc.compressedBits();
        }
        // at most ~2 bytes of cold start and final state per stream plus 0.1% (quantisation at 24 bits costs far less)
        assertTrue(codedBits <= idealBits * 1.001 + 50 * 16, "coded " + codedBits + " bits, ideal " + idealBits);
        assertTrue(codedBits > idealBits, "cannot beat the ideal code length: coded " + codedBits + ", ideal " + idealBits);
    }
}
