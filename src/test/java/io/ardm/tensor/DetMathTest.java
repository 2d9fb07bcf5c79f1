package io.ardm.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DetMathTest {
    @Test
    void expIsAccurateOverItsRange() {
        double worst = 0;
        for (float x = -87f; x <= 88f; x += 0.0137f) {
            double want = Math.exp(x);
            double rel = Math.abs(DetMath.exp(x) - want) / want;
            worst = Math.max(worst, rel);
        }
        assertTrue(worst < 3e-7, "max relative error " + worst);
    }

    @Test
    void expHandlesTheExtremes() {
        assertEquals(1f, DetMath.exp(0f));
        assertTrue(DetMath.exp(-1000f) < 1e-37f);
        assertTrue(Float.isFinite(DetMath.exp(1000f)));
    }
}
