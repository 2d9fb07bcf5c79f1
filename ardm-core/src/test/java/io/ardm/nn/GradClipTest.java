package io.ardm.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GradClipTest {
    /** Gradients [3, 4] and [12]: global norm 13. */
    private static Parameters withGradients() {
        Parameters p = new Parameters(0);
        p.create("a", Initializer.zeros(), 2).grad()[0] = 3f;
        p.get("a").grad()[1] = 4f;
        p.create("b", Initializer.zeros(), 1).grad()[0] = 12f;
        p.create("untouched", Initializer.zeros(), 5);
        return p;
    }

    @Test
    void normBelowTheLimitLeavesGradientsUnchanged() {
        Parameters p = withGradients();
        assertEquals(13.0, GradClip.clipGlobalNorm(p, 100), 1e-9);
        assertArrayEquals(new float[] {3f, 4f}, p.get("a").grad());
        assertArrayEquals(new float[] {12f}, p.get("b").grad());
    }

    @Test
    void normAboveTheLimitIsScaledDownToIt() {
        Parameters p = withGradients();
        assertEquals(13.0, GradClip.clipGlobalNorm(p, 6.5), 1e-9);
        assertArrayEquals(new float[] {1.5f, 2f}, p.get("a").grad(), 1e-6f);
        assertArrayEquals(new float[] {6f}, p.get("b").grad(), 1e-6f);
        assertEquals(6.5, GradClip.globalNorm(p), 1e-5);
        assertEquals(false, p.get("untouched").hasGrad(), "clipping must not allocate gradients");
    }

    @Test
    void normIncludesTheOfficialEpsilon() {
        assertEquals(1e-5, GradClip.globalNorm(new Parameters(0)), 1e-12);
    }

    @Test
    void rejectsNonPositiveLimit() {
        assertThrows(IllegalArgumentException.class, () -> GradClip.clipGlobalNorm(withGradients(), 0));
    }
}
