package io.ardm.ardm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ardm.ardm.process.AbsorbingProcess;
import io.ardm.codec.ArdmCoder;
import io.ardm.codec.RansDecoder;
import io.ardm.codec.SegmentedFileCodec;
import io.ardm.modality.Modalities;
import io.ardm.run.Evaluation;
import io.ardm.run.TransformerArdm;
import io.ardm.nn.arch.TransformerConfig;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A causal next-character model coded as an ARDM with the left-to-right order, one call per position. */
class LeftToRightArdmTest {
    private static final int D = 24;
    private static final TransformerArdm CAUSAL = new TransformerArdm(new TransformerConfig(2, 32, 2, 64, 29, 28, D, 0f, true, false), 4, new int[0]);
    private static final AbsorbingProcess PROCESS = new AbsorbingProcess(D, 28);
    private static final int BOS = PROCESS.absorbing();
    private static final Order[] LTR = {Order.leftToRight(D)};
    private static final StagePolicies SEQUENTIAL = StagePolicies.of(Policy.sequential(D));

    @Test
    void sequentialLikelihoodEqualsTheBaselinesOneCallNll() {
        SplittableRandom rng = new SplittableRandom(1);
        int n = 6;
        int[] data = new int[n * D];
        for (int i = 0; i < data.length; i++) data[i] = 1 + rng.nextInt(27);
        double oneCall = Evaluation.estimate(CAUSAL, new LeftToRightObjective(PROCESS), data, n, rng).bitsPerDim();
        LeftToRightArdm ltr = new LeftToRightArdm(CAUSAL, BOS);
        ArdmNetwork stepByStep = new ArdmNetwork() { // the same network without the one-call shortcut
            @Override public Tensor logits(Tape tape, StepInput input) {
                return ltr.logits(tape, input);
            }
            @Override public int length() { return D; }
            @Override public int classes() { return ltr.classes(); }
        };
        double stepwise = 0;
        for (int i = 0; i < n; i++) {
            int[] x = java.util.Arrays.copyOfRange(data, i * D, (i + 1) * D);
            double shortcut = Likelihood.exactBits(ltr, PROCESS, x, new Order[] {Order.leftToRight(D)}, StagePolicies.of(Policy.sequential(D)), 7);
            double calls = Likelihood.exactBits(stepByStep, PROCESS, x, new Order[] {Order.leftToRight(D)}, StagePolicies.of(Policy.sequential(D)), 7);
            assertEquals(calls, shortcut, 0.0, "one call gives every step's distribution bit for bit");
            stepwise += calls / n;
        }
        assertEquals(oneCall, stepwise, 1e-6);
    }

    @Test
    void otherOrdersAndParallelPoliciesTakeTheStepByStepPath() {
        LeftToRightArdm ltr = new LeftToRightArdm(CAUSAL, BOS);
        int[] x = new SplittableRandom(3).ints(D, 1, 28).toArray();
        double sequential = Likelihood.exactBits(ltr, PROCESS, x, new Order[] {Order.leftToRight(D)}, StagePolicies.of(Policy.sequential(D)), 7);
        // With 4 positions per call the later ones of a call see absorbed inputs, and in another order a position
        // sees absorbed inputs before it: both differ from the one-call value, which would be the sequential one.
        assertNotEquals(sequential, Likelihood.exactBits(ltr, PROCESS, x, new Order[] {Order.leftToRight(D)}, StagePolicies.of(Policy.naive(D, 6)), 7));
        assertNotEquals(sequential, Likelihood.exactBits(ltr, PROCESS, x, new Order[] {Order.random(D, new SplittableRandom(4))}, StagePolicies.of(Policy.sequential(D)), 7));
    }

    @Test
    void decodingWithTheKeyValueCacheNeedsNoFullCallsAndReadsTheSameStream() {
        int[] calls = new int[1];
        ArdmNetwork counted = new ArdmNetwork() {
            @Override public Tensor logits(Tape tape, StepInput input) {
                calls[0]++;
                return CAUSAL.logits(tape, input);
            }
            @Override public int length() { return D; }
            @Override public int classes() { return CAUSAL.classes(); }
        };
        ArdmCoder plain = new ArdmCoder(new LeftToRightArdm(counted, BOS), PROCESS, LTR, SEQUENTIAL, 16, 1, 8);
        ArdmCoder cached = new ArdmCoder(new LeftToRightArdm(counted, BOS, CAUSAL.causalStreams().orElseThrow()), PROCESS, LTR, SEQUENTIAL, 16, 1, 8);
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
        // Several datapoints side by side, the shorter ones leaving the batch early: each decodes as it does alone.
        int[] lengths = {D, 1, D / 2, D};
        int[][] xs = new int[lengths.length][];
        RansDecoder[] decoders = new RansDecoder[lengths.length];
        for (int i = 0; i < lengths.length; i++) {
            xs[i] = rng.ints(lengths[i], 1, 28).toArray();
            decoders[i] = new RansDecoder(plain.encode(xs[i], lengths[i]), lengths[i]);
        }
        assertTrue(cached.decodesInLockstep(lengths));
        assertTrue(!plain.decodesInLockstep(lengths), "without a stream there is nothing to run in lockstep");
        calls[0] = 0;
        assertArrayEquals(xs, cached.decodeInLockstep(decoders, lengths));
        assertEquals(0, calls[0]);
    }

    @Test
    void samplingWithTheCacheDrawsTheSameTextAsWithFullCalls() {
        Generation.Result cached = Generation.sampleLeftToRight(new LeftToRightArdm(CAUSAL, BOS, CAUSAL.causalStreams().orElseThrow()), PROCESS, 3, 1f, new SplittableRandom(8));
        Generation.Result full = Generation.sampleLeftToRight(new LeftToRightArdm(CAUSAL, BOS), PROCESS, 3, 1f, new SplittableRandom(8));
        assertArrayEquals(full.values(), cached.values());
        assertEquals(3 * D, cached.networkCalls());
        assertTrue(java.util.Arrays.stream(cached.values()).distinct().count() > 1, "not a constant sequence");
    }

    @Test
    void filesRoundTripThroughTheCoder() throws Exception {
        SegmentedFileCodec codec = new SegmentedFileCodec(Modalities.TEXT8, new LeftToRightArdm(CAUSAL, BOS), PROCESS, new byte[32], LTR, b -> SEQUENTIAL);
        SplittableRandom rng = new SplittableRandom(2);
        for (int length : new int[] {0, 1, D - 1, D, 3 * D + 5}) {
            byte[] text = new byte[length];
            for (int j = 0; j < length; j++) text[j] = (byte) (rng.nextInt(5) == 0 ? ' ' : 'a' + rng.nextInt(26));
            assertArrayEquals(text, codec.decompress(codec.compress(text, D)), "length " + length);
        }
    }

    /** 201 segments are 4 rANS streams: decoded side by side with the cache, they give the file back; a bad one is one error. */
    @Test
    void streamsDecodedSideBySideGiveTheFileBackAndACorruptOneIsAnError() throws Exception {
        SegmentedFileCodec plain = new SegmentedFileCodec(Modalities.TEXT8, new LeftToRightArdm(CAUSAL, BOS), PROCESS, new byte[32], LTR, b -> SEQUENTIAL);
        SegmentedFileCodec cached = new SegmentedFileCodec(Modalities.TEXT8, new LeftToRightArdm(CAUSAL, BOS, CAUSAL.causalStreams().orElseThrow()), PROCESS,
                new byte[32], LTR, b -> SEQUENTIAL);
        SplittableRandom rng = new SplittableRandom(6);
        byte[] text = new byte[200 * D + 5];
        for (int j = 0; j < text.length; j++) text[j] = (byte) (rng.nextInt(5) == 0 ? ' ' : 'a' + rng.nextInt(26));
        byte[] file = plain.compress(text, D);
        assertArrayEquals(file, cached.compress(text, D), "the cache changes decoding only");
        assertArrayEquals(text, cached.decompress(file));
        byte[] bad = file.clone();
        bad[bad.length / 2] ^= 0x10;
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.ardm.ArdmFormatException.class, () -> cached.decompress(bad));
        assertTrue(e.getMessage().startsWith("corrupt ardm file"), e.getMessage());
    }
}
