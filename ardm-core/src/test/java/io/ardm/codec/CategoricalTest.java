package io.ardm.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CategoricalTest {
    @Test
    void symbolAtInvertsTheCumulativeTableForEveryQuantile() {
        SplittableRandom random = new SplittableRandom(4);
        for (int trial = 0; trial < 50; trial++) {
            int size = 1 + random.nextInt(300);
            int precision = Math.max(9, 32 - Integer.numberOfLeadingZeros(size)) + random.nextInt(4);
            Categorical model = Categorical.fromProbabilities(FrequencyQuantiserTest.randomDistribution(random, size), precision);
            for (int q = 0; q < 1 << precision; q++) {
                int s = model.symbolAt(q);
                assertTrue(model.cumulative(s) <= q && q < model.cumulative(s) + model.frequency(s), "quantile " + q);
            }
        }
    }

    @Test
    void uniformAndFrequencyConstructors() {
        Categorical uniform = Categorical.uniform(3, 4);
        assertArrayEquals(new int[] {6, 5, 5}, frequencies(uniform));
        assertArrayEquals(new int[] {0, 6, 11}, new int[] {uniform.cumulative(0), uniform.cumulative(1), uniform.cumulative(2)});
        assertEquals(2.0, Categorical.uniform(4, 2).bits(3));
        int[] given = {3, 1, 4};
        Categorical model = Categorical.fromFrequencies(given, 3);
        given[0] = 99; // the model keeps its own copy
        assertArrayEquals(new int[] {3, 1, 4}, frequencies(model));
        assertEquals(3, model.bits(1));
    }

    @Test
    void rejectsInvalidFrequenciesSymbolsAndQuantiles() {
        assertThrows(IllegalArgumentException.class, () -> Categorical.fromFrequencies(new int[] {4, 0, 4}, 3));
        assertThrows(IllegalArgumentException.class, () -> Categorical.fromFrequencies(new int[] {4, 3}, 3));
        assertThrows(IllegalArgumentException.class, () -> Categorical.fromFrequencies(new int[0], 3));
        Categorical model = Categorical.uniform(3, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.frequency(3));
        assertEquals("symbol 3 outside the alphabet 0..2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> model.cumulative(-1));
        assertThrows(IllegalArgumentException.class, () -> model.symbolAt(16));
    }

    @Test
    void coarsenedKeepsTheShapeWithFewerBits() {
        Categorical fine = Categorical.fromFrequencies(new int[] {1, 3, 8, 4}, 4);
        assertSame(fine, fine.coarsened(4));
        assertSame(fine, fine.coarsened(9));
        Categorical coarse = fine.coarsened(3);
        assertEquals(3, coarse.precision());
        assertArrayEquals(new int[] {1, 1, 4, 2}, frequencies(coarse)); // 1 each, spare 4 in proportion (rounding down), rest to the largest
        assertArrayEquals(new int[] {1, 1, 1, 1}, frequencies(fine.coarsened(2)));
        assertThrows(IllegalArgumentException.class, () -> fine.coarsened(1));
    }

    @Test
    void coarsenedTablesListTheMostFrequentSymbolsFirst() {
        Categorical coarse = Categorical.fromFrequencies(new int[] {1, 3, 8, 4}, 4).coarsened(3);
        // frequencies {1, 1, 4, 2}: symbol 2 first, then 3, then the ties 0 and 1 in symbol order
        assertArrayEquals(new int[] {6, 7, 0, 4}, new int[] {coarse.cumulative(0), coarse.cumulative(1), coarse.cumulative(2), coarse.cumulative(3)});
        for (int q = 0; q < 8; q++) {
            int s = coarse.symbolAt(q);
            assertTrue(coarse.cumulative(s) <= q && q < coarse.cumulative(s) + coarse.frequency(s), "quantile " + q);
        }
    }

    private static int[] frequencies(Categorical model) {
        int[] f = new int[model.size()];
        for (int s = 0; s < f.length; s++) f[s] = model.frequency(s);
        return f;
    }
}
