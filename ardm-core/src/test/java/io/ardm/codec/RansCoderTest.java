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
        // The stream spends no bits on redundancy and the fuzz favours frequency-1 symbols, whose swaps leave no
        // trace: the end-state check alone catches ~94% (the container's CRC32C catches the rest).
        assertTrue(outcome.undetected() <= outcome.roundTrips() / 12, outcome.toString());
    }

    /**
     * With ARDM-like distributions (softmax over 256 classes with the ε = 2e−5 floor of spec §5.5) the end-state
     * check alone catches ~96% of single flipped bits (the coarse cold-start models of the stream's end catch fewer
     * than full ones would; the container's CRC32C catches the rest). Prints the detection rate.
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
        assertTrue(undetected <= trials * 6 / 100, undetected + " of " + trials + " flips undetected");
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

    /** From state 1, each byte shifts the state left by 8 bits: 1000 bytes need 1000 bytes and the leading 1 bit. */
    @Test
    void uniformBytesCostOneBytePerSymbolPlusOne() {
        Categorical bytes = Categorical.uniform(256, 8);
        SplittableRandom random = new SplittableRandom(5);
        int[] message = random.ints(1000, 0, 256).toArray();
        Categorical[] models = repeat(bytes, message.length);
        byte[] stream = RansFuzz.encode(message, models);
        assertEquals(1000 + 1, stream.length);
        assertArrayEquals(message, RansFuzz.decode(stream, models));
        assertEquals(3, RansFuzz.encode(new int[] {7, 9}, repeat(bytes, 2)).length);
    }

    @Test
    void emptyMessageIsOneByte() {
        byte[] stream = new RansEncoder().toByteArray();
        assertArrayEquals(new byte[] {1}, stream);
        new RansDecoder(stream, 0).finish();
        assertThrows(IllegalStateException.class, () -> new RansDecoder(stream, 0).pop(Categorical.uniform(2, 24)));
        assertThrows(IllegalStateException.class, () -> new RansDecoder(stream, 1).finish());
    }

    /**
     * The cold start (state 1, coarse models for the first pushes, a minimal flush) costs a few bits per stream:
     * 250-symbol messages over 28 symbols, as the text coder makes them. Prints the measured mean.
     */
    @Test
    void shortMessagesCostAFewBitsMoreThanTheirIdealLength() {
        SplittableRandom random = new SplittableRandom(12);
        int messages = 400;
        double excess = 0;
        for (int m = 0; m < messages; m++) {
            Categorical[] models = new Categorical[250];
            int[] message = new int[models.length];
            double ideal = 0;
            for (int i = 0; i < models.length; i++) {
                models[i] = Categorical.fromProbabilities(safeSoftmax(random, 28), Categorical.DEFAULT_PRECISION);
                message[i] = RansFuzz.sample(models[i], random);
                ideal += models[i].bits(message[i]);
            }
            byte[] stream = RansFuzz.encode(message, models);
            assertArrayEquals(message, RansFuzz.decode(stream, models));
            excess += 8.0 * stream.length - ideal;
        }
        System.out.printf("250-symbol messages: %.1f bits per stream above the ideal length%n", excess / messages);
        assertTrue(excess / messages < 12, "mean excess " + excess / messages + " bits");
    }

    @Test
    void allMassOnOneSymbolCostsAlmostNothingAndRareSymbolsStillRoundTrip() {
        Categorical certain = Categorical.fromProbabilities(new double[] {0, 0, 1, 0}, 24);
        int[] message = new int[100_000];
        Arrays.fill(message, 2);
        Categorical[] models = repeat(certain, message.length);
        byte[] stream = RansFuzz.encode(message, models);
        assertEquals(3, stream.length, "100,000 near-certain symbols cost 0.02 bits, the coarse cold start a few more");
        assertArrayEquals(message, RansFuzz.decode(stream, models));
        // Each frequency-1 symbol costs 24 bits.
        int[] rare = {0, 1, 3, 0, 1, 3, 2, 0};
        assertArrayEquals(rare, RansFuzz.decode(RansFuzz.encode(rare, repeat(certain, rare.length)), repeat(certain, rare.length)));
        Categorical single = Categorical.fromProbabilities(new double[] {1}, 1);
        assertArrayEquals(new byte[] {1}, RansFuzz.encode(new int[1000], repeat(single, 1000)));
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
        assertMessage("empty rANS stream", new byte[0]);
        assertMessage("rANS stream of 1 bytes starts with an impossible 1-byte state 0x0", new byte[1]);
        assertMessage("rANS stream of 3 bytes starts with an impossible 3-byte state 0x5", new byte[] {5, 0, 0});
        assertMessage("rANS stream of 8 bytes starts with an impossible 8-byte state 0x8000000000000001",
                new byte[] {1, 0, 0, 0, 0, 0, 0, (byte) 0x80});
        assertMessage("rANS stream of 9 bytes starts with an impossible 5-byte state 0x7fffffff", // words need a state ≥ 2^31
                new byte[] {-1, -1, -1, 0x7f, 0, 0, 0, 0, 0});
        assertMessage("rANS stream of 14 bytes starts with an impossible 6-byte state 0xffffffff", new byte[] {-1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        byte[] withTwoWords = {0, 0, 0, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        CorruptStreamException e = assertThrows(CorruptStreamException.class, () -> new RansDecoder(withTwoWords, 0).finish());
        assertTrue(e.getMessage().startsWith("rANS stream has 8 unread bytes"), e.getMessage());
    }

    @Test
    void decodesAStreamEmbeddedInALargerArray() {
        Categorical model = Categorical.uniform(28, 24);
        int[] message = new SplittableRandom(9).ints(500, 0, 28).toArray();
        byte[] stream = RansFuzz.encode(message, repeat(model, 500));
        byte[] framed = new byte[stream.length + 7];
        System.arraycopy(stream, 0, framed, 3, stream.length);
        RansDecoder decoder = new RansDecoder(framed, 3, stream.length, message.length);
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
        CorruptStreamException e = assertThrows(CorruptStreamException.class, () -> new RansDecoder(stream, 1));
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    }
}
