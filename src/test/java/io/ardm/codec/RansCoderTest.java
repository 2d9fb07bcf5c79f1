package io.ardm.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RansCoderTest {
    @Test
    void shortFuzzRoundTripsAndDetectsDamage() {
        RansFuzz.Outcome outcome = RansFuzz.run(7, 3000);
        System.out.println("short rANS fuzz: " + outcome);
        // The fuzz favours many frequency-1 symbols, whose swaps leave no trace (see RansDecoder).
        assertTrue(outcome.undetected() <= outcome.roundTrips() / 50, outcome.toString());
    }

    /**
     * With ARDM-like distributions (softmax over 256 classes with the ε = 2e−5 floor of spec §5.5) a
     * single flipped bit is almost always caught by the final-state check. Prints the detection rate.
     */
    @Test
    void singleBitFlipsInArdmLikeStreamsAreDetected() {
        SplittableRandom random = new SplittableRandom(11);
        Categorical[] pool = new Categorical[500];
        for (int m = 0; m < pool.length; m++) {
            pool[m] = Categorical.fromProbabilities(safeSoftmax(random, 256), Categorical.DEFAULT_PRECISION);
        }
        int trials = 2000;
        int undetected = 0;
        for (int trial = 0; trial < trials; trial++) {
            Categorical[] models = new Categorical[200];
            int[] message = new int[models.length];
            for (int i = 0; i < models.length; i++) {
                models[i] = pool[random.nextInt(pool.length)];
                message[i] = RansFuzz.sample(models[i], random);
            }
            byte[] stream = RansFuzz.encode(message, models);
            stream[random.nextInt(stream.length)] ^= (byte) (1 << random.nextInt(8));
            try {
                RansFuzz.decode(stream, models);
                undetected++;
            } catch (CorruptStreamException expected) {
                // detected
            }
        }
        System.out.println("single bit flips undetected in ARDM-like streams: " + undetected + " of " + trials);
        assertTrue(undetected <= trials / 100, undetected + " of " + trials + " flips undetected");
    }

    /** (1 − Kε)·softmax(logits) + ε with Gaussian logits of standard deviation 3, ε = 2e−5. */
    private static double[] safeSoftmax(SplittableRandom random, int size) {
        double[] p = new double[size];
        double sum = 0;
        for (int k = 0; k < size; k++) {
            p[k] = Math.exp(3 * random.nextGaussian());
            sum += p[k];
        }
        for (int k = 0; k < size; k++) p[k] = (1 - size * 2e-5) * p[k] / sum + 2e-5;
        return p;
    }

    @Test
    void uniformBytesCostExactlyOneBytePerSymbolPlusTheFlush() {
        Categorical bytes = Categorical.uniform(256, 8);
        SplittableRandom random = new SplittableRandom(5);
        int[] message = random.ints(1000, 0, 256).toArray();
        Categorical[] models = repeat(bytes, message.length);
        byte[] stream = RansFuzz.encode(message, models);
        assertEquals(1000 + 8, stream.length);
        assertArrayEquals(message, RansFuzz.decode(stream, models));
    }

    @Test
    void emptyMessageIsTheEightByteFlush() {
        byte[] stream = new RansEncoder().toByteArray();
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) 0x80}, stream);
        new RansDecoder(stream).finish();
        CorruptStreamException e = assertThrows(CorruptStreamException.class, () -> new RansDecoder(stream).pop(Categorical.uniform(2, 24)));
        assertTrue(e.getMessage().startsWith("rANS stream exhausted after all 8 bytes"), e.getMessage());
    }

    @Test
    void allMassOnOneSymbolCostsAlmostNothingAndRareSymbolsStillRoundTrip() {
        Categorical certain = Categorical.fromProbabilities(new double[] {0, 0, 1, 0}, 24);
        int[] message = new int[100_000];
        Arrays.fill(message, 2);
        Categorical[] models = repeat(certain, message.length);
        byte[] stream = RansFuzz.encode(message, models);
        assertEquals(8, stream.length, "100,000 near-certain symbols cost 0.02 bits in all");
        assertArrayEquals(message, RansFuzz.decode(stream, models));
        // Each frequency-1 symbol costs 24 bits.
        int[] rare = {0, 1, 3, 0, 1, 3, 2, 0};
        assertArrayEquals(rare, RansFuzz.decode(RansFuzz.encode(rare, repeat(certain, rare.length)), repeat(certain, rare.length)));
        Categorical single = Categorical.fromProbabilities(new double[] {1}, 1);
        assertEquals(8, RansFuzz.encode(new int[1000], repeat(single, 1000)).length);
    }

    @Test
    void tinyProbabilitiesAndMixedPrecisionsInOneStream() {
        SplittableRandom random = new SplittableRandom(6);
        Categorical[] pool = {
                Categorical.fromProbabilities(new double[] {1 - 1e-12, 1e-300, 1e-15, Double.MIN_VALUE}, 28),
                Categorical.uniform(65536, 16),
                Categorical.fromProbabilities(FrequencyQuantiserTest.randomDistribution(random, 65536), 28),
                Categorical.fromProbabilities(new double[] {0.3, 0.7}, 1),
                Categorical.fromProbabilities(FrequencyQuantiserTest.randomDistribution(random, 28), 24),
        };
        Categorical[] models = new Categorical[20_000];
        int[] message = new int[models.length];
        for (int i = 0; i < models.length; i++) {
            models[i] = pool[random.nextInt(pool.length)];
            message[i] = random.nextInt(4) == 0 ? random.nextInt(models[i].size()) : RansFuzz.sample(models[i], random);
        }
        assertArrayEquals(message, RansFuzz.decode(RansFuzz.encode(message, models), models));
    }

    @Test
    void decodingWithOtherProbabilitiesIsDetectedAtTheEnd() {
        Categorical encodedWith = Categorical.fromProbabilities(new double[] {0.2, 0.3, 0.5}, 24);
        Categorical decodedWith = Categorical.fromProbabilities(new double[] {0.2, 0.30001, 0.5}, 24);
        int[] message = new SplittableRandom(8).ints(5000, 0, 3).toArray();
        byte[] stream = RansFuzz.encode(message, repeat(encodedWith, message.length));
        assertThrows(CorruptStreamException.class, () -> RansFuzz.decode(stream, repeat(decodedWith, message.length)));
    }

    @Test
    void malformedStreamsAreRejectedWithSpecificMessages() {
        assertMessage("rANS stream of 6 bytes: its length must be a multiple of 4", new byte[6]);
        assertMessage("rANS stream of 4 bytes is shorter than its 8-byte final state", new byte[4]);
        assertMessage("rANS stream starts with an impossible state 0x0", new byte[8]);
        assertMessage("rANS stream starts with an impossible state 0x8000000080000000", new byte[] {0, 0, 0, (byte) 0x80, 0, 0, 0, (byte) 0x80});
        byte[] withExtraWord = Arrays.copyOf(new RansEncoder().toByteArray(), 12);
        CorruptStreamException e = assertThrows(CorruptStreamException.class, () -> new RansDecoder(withExtraWord).finish());
        assertTrue(e.getMessage().startsWith("rANS stream has 4 unread bytes"), e.getMessage());
    }

    @Test
    void decodesAStreamEmbeddedInALargerArray() {
        Categorical model = Categorical.uniform(28, 24);
        int[] message = new SplittableRandom(9).ints(500, 0, 28).toArray();
        byte[] stream = RansFuzz.encode(message, repeat(model, 500));
        byte[] framed = new byte[stream.length + 7];
        System.arraycopy(stream, 0, framed, 3, stream.length);
        RansDecoder decoder = new RansDecoder(framed, 3, stream.length);
        for (int symbol : message) assertEquals(symbol, decoder.pop(model));
        decoder.finish();
    }

    /**
     * 10^6 symbols, each from its own random distribution: the stream is within 0.1% + 8 bytes of the ideal
     * length under the quantised models and of −Σ log2 p under the float models, at the default and the
     * highest precision. Prints the measured overheads.
     */
    @Test
    void longStreamsCostCloseToTheIdealLength() {
        for (int size : new int[] {28, 256}) {
            for (int precision : new int[] {16, Categorical.DEFAULT_PRECISION, Categorical.MAX_PRECISION}) {
                SplittableRandom random = new SplittableRandom(10);
                Categorical[] pool = new Categorical[1000];
                double[][] exact = new double[pool.length][];
                for (int m = 0; m < pool.length; m++) {
                    exact[m] = normalised(FrequencyQuantiserTest.randomDistribution(random, size));
                    pool[m] = Categorical.fromProbabilities(exact[m], precision);
                }
                int n = 1_000_000;
                Categorical[] models = new Categorical[n];
                int[] message = new int[n];
                double quantisedIdeal = 0;
                double floatIdeal = 0;
                for (int i = 0; i < n; i++) {
                    int m = random.nextInt(pool.length);
                    models[i] = pool[m];
                    message[i] = sampleExact(exact[m], random);
                    quantisedIdeal += models[i].bits(message[i]);
                    floatIdeal -= Math.log(exact[m][message[i]]) / Math.log(2);
                }
                byte[] stream = RansFuzz.encode(message, models);
                long bits = 8L * stream.length;
                System.out.printf("K=%d precision=%d: %d bits, ideal quantised %.0f (%+.4f%%), float %.0f (%+.4f%%)%n", size, precision,
                        bits, quantisedIdeal, 100 * (bits / quantisedIdeal - 1), floatIdeal, 100 * (bits / floatIdeal - 1));
                assertTrue(bits <= quantisedIdeal * 1.001 + 64, "over the quantised ideal");
                assertTrue(Math.abs(bits - floatIdeal) <= floatIdeal * 0.001 + 64, "far from the float ideal");
                assertArrayEquals(message, RansFuzz.decode(stream, models));
            }
        }
    }

    private static double[] normalised(double[] p) {
        double sum = 0;
        for (double v : p) sum += v;
        for (int i = 0; i < p.length; i++) p[i] /= sum;
        return p;
    }

    private static int sampleExact(double[] p, SplittableRandom random) {
        double u = random.nextDouble();
        for (int s = 0; s < p.length; s++) {
            u -= p[s];
            if (u < 0) return s;
        }
        return p.length - 1; // u beyond the rounded sum of p
    }

    private static Categorical[] repeat(Categorical model, int n) {
        Categorical[] models = new Categorical[n];
        Arrays.fill(models, model);
        return models;
    }

    private static void assertMessage(String expectedStart, byte[] stream) {
        CorruptStreamException e = assertThrows(CorruptStreamException.class, () -> new RansDecoder(stream));
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    }
}
