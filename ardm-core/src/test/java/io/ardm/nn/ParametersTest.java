package io.ardm.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParametersTest {
    private static Parameters model(long seed) {
        Parameters p = new Parameters(seed);
        p.create("embed", Initializer.normal(1.0), 29, 8);
        p.create("fc.kernel", Initializer.xavierUniform(), 8, 16);
        p.create("fc.bias", Initializer.normal(1e-6), 16);
        p.create("ln.scale", Initializer.ones(), 8);
        p.create("ln.bias", Initializer.zeros(), 8);
        return p;
    }

    @Test
    void sameSeedGivesIdenticalBitsAndOtherSeedsDiffer() {
        Parameters a = model(7);
        Parameters b = model(7);
        Parameters c = model(8);
        for (String name : a.names()) assertArrayEquals(a.get(name).data, b.get(name).data, name);
        assertFalse(Arrays.equals(a.get("embed").data, c.get("embed").data));
        assertFalse(Arrays.equals(a.get("fc.kernel").data, c.get("fc.kernel").data));
    }

    @Test
    void valuesDependOnTheNameNotOnCreationOrder() {
        Parameters alone = new Parameters(3);
        alone.create("x", Initializer.normal(1), 10);
        Parameters later = new Parameters(3);
        later.create("y", Initializer.normal(1), 10);
        later.create("x", Initializer.normal(1), 10);
        assertArrayEquals(alone.get("x").data, later.get("x").data);
        assertFalse(Arrays.equals(later.get("x").data, later.get("y").data));
    }

    @Test
    void registryKeepsCreationOrderAndCounts() {
        Parameters p = model(1);
        assertEquals(List.of("embed", "fc.kernel", "fc.bias", "ln.scale", "ln.bias"), p.names());
        assertEquals(5, p.size());
        assertEquals(29 * 8 + 8 * 16 + 16 + 8 + 8, p.count());
        assertThrows(IllegalArgumentException.class, () -> p.create("fc.bias", Initializer.zeros(), 1));
        var e = assertThrows(IllegalArgumentException.class, () -> p.get("nope"));
        assertTrue(e.getMessage().contains("'nope'"));
    }

    @Test
    void xavierUniformHasTheGlorotLimitAndVariance() {
        Parameters p = new Parameters(11);
        float[] w = p.create("k", Initializer.xavierUniform(), 200, 300).data;
        double limit = Math.sqrt(6.0 / 500);
        double sumSq = 0;
        for (float v : w) {
            assertTrue(Math.abs(v) <= limit, "value " + v + " beyond " + limit);
            sumSq += v * v;
        }
        // Var of U(−a, a) is a²/3 = 2/(fanIn + fanOut); 60k samples give ~0.6% relative error.
        assertEquals(2.0 / 500, sumSq / w.length, 0.03 * 2.0 / 500);
        // Convolution kernels: the window multiplies both fans.
        float[] conv = p.create("conv", Initializer.xavierUniform(), 3, 3, 4, 8).data;
        double convLimit = Math.sqrt(6.0 / (9 * 4 + 9 * 8));
        double max = 0;
        for (float v : conv) max = Math.max(max, Math.abs(v));
        assertTrue(max <= convLimit && max > 0.9 * convLimit, "max " + max + " vs limit " + convLimit);
        assertThrows(IllegalArgumentException.class, () -> p.create("vec", Initializer.xavierUniform(), 5));
    }

    @Test
    void normalHasTheRequestedMoments() {
        float[] w = new Parameters(5).create("n", Initializer.normal(0.5), 100_001).data;
        double sum = 0;
        double sumSq = 0;
        for (float v : w) {
            sum += v;
            sumSq += v * v;
        }
        double mean = sum / w.length;
        assertEquals(0, mean, 0.01);
        assertEquals(0.25, sumSq / w.length - mean * mean, 0.01);
    }

    @Test
    void copyIsDeepAndZeroGradClears() {
        Parameters p = model(2);
        Parameters copy = p.copy();
        assertArrayEquals(p.get("embed").data, copy.get("embed").data);
        copy.get("embed").data[0] += 1f;
        assertNotEquals(p.get("embed").data[0], copy.get("embed").data[0]);
        p.copyValuesFrom(copy);
        assertEquals(copy.get("embed").data[0], p.get("embed").data[0]);

        p.get("fc.bias").grad()[3] = 5f;
        p.zeroGrad();
        assertEquals(0f, p.get("fc.bias").grad()[3]);

        Parameters other = new Parameters(0);
        other.create("embed", Initializer.zeros(), 8, 29);
        assertThrows(IllegalArgumentException.class, () -> p.copyValuesFrom(other));
    }
}
