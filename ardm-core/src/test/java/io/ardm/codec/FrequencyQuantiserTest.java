package io.ardm.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FrequencyQuantiserTest {
    @Test
    void goldenValues() {
        // spare 13 shared 6.5 / 3.25 / 3.25 → floors 6, 3, 3 plus 1 each; the lost unit goes to the most probable.
        assertArrayEquals(new int[] {8, 4, 4}, FrequencyQuantiser.quantise(new double[] {0.5, 0.25, 0.25}, 4));
        assertArrayEquals(new int[] {1, 5, 1, 1}, FrequencyQuantiser.quantise(new double[] {0, 1, 0, 0}, 3));
        // Unnormalised weights give the same result; ties for the maximum go to the lowest index.
        assertArrayEquals(new int[] {6, 5, 5}, FrequencyQuantiser.quantise(new double[] {7, 7, 7}, 4));
        // Alphabet as large as the precision allows: every symbol gets exactly 1.
        int[] full = FrequencyQuantiser.quantise(new double[] {1, 0, 0, 0}, 2);
        assertArrayEquals(new int[] {1, 1, 1, 1}, full);
    }

    @Test
    void sumsExactlyWithEverySymbolPositiveForRandomInputs() {
        SplittableRandom random = new SplittableRandom(1);
        for (int trial = 0; trial < 300; trial++) {
            int size = trial == 0 ? 65536 : randomAlphabetSize(random);
            int precision = randomPrecision(random, size);
            double[] p = randomDistribution(random, size);
            int[] f = FrequencyQuantiser.quantise(p, precision);
            long sum = 0;
            for (int v : f) {
                assertTrue(v >= 1, "frequency " + v);
                sum += v;
            }
            assertEquals(1L << precision, sum, "size " + size + " precision " + precision);
        }
    }

    @Test
    void costsAtMostTheDocumentedBoundOverTheExactDistribution() {
        SplittableRandom random = new SplittableRandom(2);
        for (int trial = 0; trial < 300; trial++) {
            int size = randomAlphabetSize(random);
            int precision = randomPrecision(random, size);
            double[] p = randomDistribution(random, size);
            double kl = klBits(p, FrequencyQuantiser.quantise(p, precision), precision);
            double bound = -Math.log1p(-(double) size / (1L << precision)) / Math.log(2) + size * 0x1p-30;
            assertTrue(kl <= bound + 1e-12, "KL " + kl + " > bound " + bound + " for size " + size + " precision " + precision);
        }
    }

    @Test
    void floatRowsQuantiseLikeTheirExactDoubleValues() {
        SplittableRandom random = new SplittableRandom(3);
        float[] rows = new float[3 * 40];
        for (int i = 0; i < rows.length; i++) rows[i] = (float) random.nextDouble();
        double[] middle = new double[40];
        for (int i = 0; i < 40; i++) middle[i] = rows[40 + i];
        assertArrayEquals(FrequencyQuantiser.quantise(middle, 12), FrequencyQuantiser.quantise(rows, 40, 40, 12));
    }

    @Test
    void rejectsInvalidInputWithClearMessages() {
        assertMessage("probability of symbol 1 is NaN", new double[] {0.5, Double.NaN}, 8);
        assertMessage("probability of symbol 0 is -0.25", new double[] {-0.25, 1}, 8);
        assertMessage("probability of symbol 2 is Infinity", new double[] {1, 1, Double.POSITIVE_INFINITY}, 8);
        assertMessage("all 3 probabilities are zero", new double[] {0, 0, 0}, 8);
        assertMessage("an alphabet of 5 symbols needs a precision of at least 3 bits", new double[] {1, 1, 1, 1, 1}, 2);
        assertMessage("an alphabet of 0 symbols", new double[0], 8);
        assertMessage("precision must be 1..28 bits, got 29", new double[] {1, 1}, 29);
        assertMessage("precision must be 1..28 bits, got 0", new double[] {1, 1}, 0);
    }

    private static void assertMessage(String expectedStart, double[] p, int precision) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FrequencyQuantiser.quantise(p, precision));
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    }

    static double klBits(double[] p, int[] frequencies, int precision) {
        double sum = 0;
        for (double v : p) sum += v;
        double kl = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) kl += p[i] / sum * Math.log(p[i] / sum * Math.scalb(1.0, precision) / frequencies[i]);
        }
        return kl / Math.log(2);
    }

    /** Log-uniform over 1..65536, so small and huge alphabets are both common. */
    static int randomAlphabetSize(SplittableRandom random) {
        return (int) Math.min(65536, Math.floor(Math.exp(random.nextDouble() * Math.log(65537))));
    }

    static int randomPrecision(SplittableRandom random, int size) {
        int needed = Math.max(1, 32 - Integer.numberOfLeadingZeros(size - 1));
        return needed + random.nextInt(Categorical.MAX_PRECISION - needed + 1);
    }

    /** Peaked, flat, sparse (many exact zeros), or spanning hundreds of orders of magnitude. */
    static double[] randomDistribution(SplittableRandom random, int size) {
        double[] p = new double[size];
        int kind = random.nextInt(4);
        for (int i = 0; i < size; i++) {
            double u = random.nextDouble();
            p[i] = switch (kind) {
                case 0 -> Math.pow(u, 8);
                case 1 -> 1 + u;
                case 2 -> u < 0.7 ? 0 : u;
                default -> Math.exp(-700 * u);
            };
        }
        p[random.nextInt(size)] = 1 + random.nextDouble();
        return p;
    }
}
