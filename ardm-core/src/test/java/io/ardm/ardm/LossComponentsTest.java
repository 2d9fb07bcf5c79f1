package io.ardm.ardm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LossComponentsTest {
    @Test
    void firstSampleSetsTheValueLaterOnesAreAveragedWithMomentum() {
        LossComponents c = new LossComponents(3);
        c.update(1, 2.0);
        assertEquals(2.0, c.emaValues()[1]);
        c.update(1, 4.0);
        assertEquals(0.95 * 2.0 + 0.05 * 4.0, c.emaValues()[1]);
        assertEquals(2, c.count(1));
        assertEquals(0, c.count(0));
    }

    @Test
    void batchUpdatesApplyInOrder() {
        LossComponents batch = new LossComponents(2);
        batch.update(new int[] {0, 1, 0}, new double[] {1, 5, 3});
        LossComponents single = new LossComponents(2);
        single.update(0, 1);
        single.update(1, 5);
        single.update(0, 3);
        assertArrayEquals(single.emaValues(), batch.emaValues());
        assertEquals(0.95 * 1 + 0.05 * 3, batch.emaValues()[0]);
    }

    @Test
    void officialPenaltyIsEightBitsOverNForUnseenSteps() {
        LossComponents c = new LossComponents(4);
        c.update(0, 0.7);
        c.update(2, 0.3);
        double[] kl = c.estimate(UnseenStepRule.uniformCoding(256, 4));
        assertArrayEquals(new double[] {0.7, 2.0, 0.3, 2.0}, kl, 1e-15);
        assertArrayEquals(new double[] {0.7, 0.5, 0.3, 0.5}, c.estimate(UnseenStepRule.constant(0.5)));
    }

    @Test
    void interpolationUsesTheSeenNeighbours() {
        LossComponents c = new LossComponents(8);
        c.update(2, 6.0);
        c.update(6, 2.0);
        assertArrayEquals(new double[] {6, 6, 6, 5, 4, 3, 2, 2}, c.estimate(), 1e-15);
        assertArrayEquals(c.estimate(), c.estimate(UnseenStepRule.interpolate()));
    }

    @Test
    void interpolationNeedsOneSeenStep() {
        LossComponents c = new LossComponents(3);
        assertThrows(IllegalStateException.class, c::estimate);
        assertArrayEquals(new double[] {1, 1, 1}, c.estimate(UnseenStepRule.constant(1)));
    }

    @Test
    void restoreRoundTripsAndKeepsAveraging() {
        LossComponents c = new LossComponents(5);
        c.update(new int[] {0, 3, 3, 4}, new double[] {1.5, 0.25, 0.75, 0.125});
        LossComponents copy = LossComponents.restore(c.emaValues(), c.counts());
        assertArrayEquals(c.estimate(UnseenStepRule.constant(9)), copy.estimate(UnseenStepRule.constant(9)));
        c.update(3, 2.0);
        copy.update(3, 2.0);
        assertArrayEquals(c.emaValues(), copy.emaValues());
        assertArrayEquals(c.counts(), copy.counts());
    }

    @Test
    void fromMeansMarksEveryStepSeen() {
        LossComponents c = LossComponents.fromMeans(new double[] {3, 2, 1});
        assertArrayEquals(new double[] {3, 2, 1}, c.estimate(UnseenStepRule.constant(100)));
        c.update(0, 5);
        assertEquals(0.95 * 3 + 0.05 * 5, c.emaValues()[0]);
    }

    @Test
    void badInputIsRejected() {
        LossComponents c = new LossComponents(3);
        assertThrows(IllegalArgumentException.class, () -> c.update(3, 1));
        assertThrows(IllegalArgumentException.class, () -> c.update(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> c.update(0, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> c.update(new int[] {0}, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> new LossComponents(0));
        assertThrows(IllegalArgumentException.class, () -> LossComponents.restore(new double[2], new long[3]));
        assertThrows(IllegalArgumentException.class, () -> LossComponents.restore(new double[1], new long[] {-1}));
        assertThrows(IllegalArgumentException.class, () -> LossComponents.fromMeans(new double[] {Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> UnseenStepRule.constant(-1));
    }

    @Test
    void stretchingToAMultipleOfDKeepsEachStagesSumAndShape() {
        LossComponents c = LossComponents.restore(new double[] {4, 2, 1, 8, 6, 2}, new long[] {3, 1, 2, 5, 5, 0}); // 2 stages of D = 3
        LossComponents s = c.stretchedTo(2, 6);
        assertArrayEquals(new double[] {2, 2, 1, 1, 0.5, 0.5, 4, 4, 3, 3, 1, 1}, s.emaValues(), 1e-12);
        assertArrayEquals(new long[] {3, 3, 1, 1, 2, 2, 5, 5, 5, 5, 0, 0}, s.counts());
        assertEquals(7.0, s.emaValues()[0] + s.emaValues()[1] + s.emaValues()[2] + s.emaValues()[3] + s.emaValues()[4] + s.emaValues()[5], 1e-12,
                "stage 0 still sums to 4 + 2 + 1 bits per dimension");
        assertThrows(IllegalArgumentException.class, () -> c.stretchedTo(4, 6), "6 components are not 4 stages");
    }
}
