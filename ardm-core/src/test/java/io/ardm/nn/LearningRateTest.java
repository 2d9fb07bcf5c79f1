package io.ardm.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LearningRateTest {
    @Test
    void linearWarmupRampsFromZeroThenHolds() {
        LearningRate lr = LearningRate.linearWarmup(5e-4, 5000);
        assertEquals(0.0, lr.at(0));
        assertEquals(1e-7, lr.at(1), 1e-20);
        assertEquals(2.5e-4, lr.at(2500), 1e-18);
        assertEquals(5e-4, lr.at(5000));
        assertEquals(5e-4, lr.at(3_000_000));
    }

    @Test
    void decayFallsLinearlyToZeroOverTheLastSteps() {
        LearningRate lr = LearningRate.linearWarmup(1e-3, 10).decayingToZero(100, 20);
        assertEquals(5e-4, lr.at(5), 1e-18, "warm-up is unchanged");
        assertEquals(1e-3, lr.at(80), "the decay starts at total - decay");
        assertEquals(5e-4, lr.at(90), 1e-18);
        assertEquals(5e-5, lr.at(99), 1e-18, "the last update still moves");
        assertEquals(0.0, lr.at(100));
        assertEquals(0.0, lr.at(150), "no negative rates past the end");
        assertEquals(1e-3, LearningRate.constant(1e-3).decayingToZero(100, 0).at(99), "0 decay steps: unchanged");
        assertThrows(IllegalArgumentException.class, () -> lr.decayingToZero(10, 11));
    }

    @Test
    void aWallClockDecayTakesTheLastShareOfTheBudget() {
        assertEquals(1.0, LearningRate.wallClockDecay(0, 100, 0.2));
        assertEquals(1.0, LearningRate.wallClockDecay(80, 100, 0.2), "the decay starts at 80 % of the time");
        assertEquals(0.5, LearningRate.wallClockDecay(90, 100, 0.2), 1e-12);
        assertEquals(0.0, LearningRate.wallClockDecay(100, 100, 0.2));
        assertEquals(0.0, LearningRate.wallClockDecay(130, 100, 0.2), "no negative rates past the budget");
        assertEquals(1.0, LearningRate.wallClockDecay(99, 100, 0), "no decay: full rate until the budget");
        assertThrows(IllegalArgumentException.class, () -> LearningRate.wallClockDecay(1, 0, 0.2));
        assertThrows(IllegalArgumentException.class, () -> LearningRate.wallClockDecay(1, 10, 1.5));
    }

    @Test
    void zeroWarmupMeansConstant() {
        assertEquals(1e-4, LearningRate.linearWarmup(1e-4, 0).at(0));
    }
}
