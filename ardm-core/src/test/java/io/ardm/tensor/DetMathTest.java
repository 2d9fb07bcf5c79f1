package io.ardm.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
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

    @Test
    void vectorFunctionsGiveTheScalarBitsInEveryLane() {
        SplittableRandom r = new SplittableRandom(1);
        for (VectorSpecies<Float> s : java.util.List.of(FloatVector.SPECIES_128, FloatVector.SPECIES_256, FloatVector.SPECIES_512)) {
            float[] x = new float[s.length()];
            for (int rep = 0; rep < 2000; rep++) {
                for (int i = 0; i < x.length; i++) x[i] = (float) ((r.nextDouble() * 2 - 1) * (rep % 2 == 0 ? 10 : 100));
                FloatVector v = FloatVector.fromArray(s, x, 0);
                float[] e = DetMath.exp(v).toArray();
                float[] th = DetMath.tanh(v).toArray();
                float[] sg = DetMath.sigmoid(v).toArray();
                for (int i = 0; i < x.length; i++) {
                    assertEquals(Float.floatToRawIntBits(DetMath.exp(x[i])), Float.floatToRawIntBits(e[i]), "exp " + x[i]);
                    assertEquals(Float.floatToRawIntBits(DetMath.tanh(x[i])), Float.floatToRawIntBits(th[i]), "tanh " + x[i]);
                    assertEquals(Float.floatToRawIntBits(DetMath.sigmoid(x[i])), Float.floatToRawIntBits(sg[i]), "sigmoid " + x[i]);
                }
            }
        }
    }

    @Test
    void sumsUseEightPartialsCombinedInAFixedTree() {
        SplittableRandom r = new SplittableRandom(3);
        for (int n : new int[] {0, 1, 7, 8, 9, 250, 1001}) {
            float[] a = new float[n + 3];
            float[] b = new float[n + 3];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (r.nextDouble() * 2 - 1);
                b[i] = (float) (r.nextDouble() * 2 - 1);
            }
            float[] lanes = new float[8];
            float[] dotLanes = new float[8];
            for (int i = 0; i < n; i++) {
                lanes[i % 8] += a[3 + i];
                dotLanes[i % 8] += a[3 + i] * b[3 + i];
            }
            float want = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
            float wantDot = ((dotLanes[0] + dotLanes[1]) + (dotLanes[2] + dotLanes[3])) + ((dotLanes[4] + dotLanes[5]) + (dotLanes[6] + dotLanes[7]));
            assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(DetMath.sum(a, 3, n)), "sum n=" + n);
            assertEquals(Float.floatToRawIntBits(wantDot), Float.floatToRawIntBits(DetMath.dot(a, 3, b, 3, n)), "dot n=" + n);
        }
    }
}
