package io.ardm.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementary functions built from +, ×, FMA and bit tricks only (numerics rule 3): the same bits on every
 * JVM, interpreted or compiled, scalar or vectorised lane by lane. Relative error about 2 ulp.
 */
public final class DetMath {
    private static final float LOG2E = 1.44269504f;
    private static final float LN2_HI = 0.693145752f;
    private static final float LN2_LO = 1.42860677e-6f;
    /** 1.5·2^23: adding and subtracting it rounds a float to the nearest integer (ties to even). */
    static final float ROUND_MAGIC = 12582912f;
    static final float EXP_MAX = 88.37f;
    static final float EXP_MIN = -87.33f;
    // Minimax coefficients of e^r on [-ln2/2, ln2/2], r^2 .. r^6 (Cephes expf).
    static final float P5 = 1.9875691500E-4f;
    static final float P4 = 1.3981999507E-3f;
    static final float P3 = 8.3334519073E-3f;
    static final float P2 = 4.1665795894E-2f;
    static final float P1 = 1.6666665459E-1f;
    static final float P0 = 5.0000001201E-1f;

    /**
     * Reductions always use 8 partial sums (a fixed logical width, numerics rule 2), held in a 256-bit vector on
     * every machine: lane j sums elements j, j+8, j+16, … in order, then the lanes are combined in a fixed tree.
     */
    private static final VectorSpecies<Float> SUM = FloatVector.SPECIES_256;

    private DetMath() {}

    /** Σ a[off..off+n) in the fixed order described above. */
    public static float sum(float[] a, int off, int n) {
        FloatVector acc = FloatVector.zero(SUM);
        int full = SUM.loopBound(n);
        for (int i = 0; i < full; i += 8) acc = acc.add(FloatVector.fromArray(SUM, a, off + i));
        if (full < n) {
            VectorMask<Float> m = SUM.indexInRange(full, n);
            acc = acc.add(FloatVector.fromArray(SUM, a, off + full, m), m);
        }
        return combine(acc);
    }

    /** Σ a[i]·b[i] over n elements, with the products summed as in {@link #sum}. */
    public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        FloatVector acc = FloatVector.zero(SUM);
        int full = SUM.loopBound(n);
        for (int i = 0; i < full; i += 8) acc = acc.add(FloatVector.fromArray(SUM, a, aOff + i).mul(FloatVector.fromArray(SUM, b, bOff + i)));
        if (full < n) {
            VectorMask<Float> m = SUM.indexInRange(full, n);
            acc = acc.add(FloatVector.fromArray(SUM, a, aOff + full, m).mul(FloatVector.fromArray(SUM, b, bOff + full, m)), m);
        }
        return combine(acc);
    }

    private static float combine(FloatVector acc) {
        return ((acc.lane(0) + acc.lane(1)) + (acc.lane(2) + acc.lane(3))) + ((acc.lane(4) + acc.lane(5)) + (acc.lane(6) + acc.lane(7)));
    }

    /** e^x for x clamped to [-87.33, 88.37]: never 0 (about 1.2e-38 at the bottom), saturating near 88.4. */
    public static float exp(float x) {
        x = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
        float n = (x * LOG2E + ROUND_MAGIC) - ROUND_MAGIC;
        float r = Math.fma(-n, LN2_HI, x);
        r = Math.fma(-n, LN2_LO, r);
        float p = Math.fma(P5, r, P4);
        p = Math.fma(p, r, P3);
        p = Math.fma(p, r, P2);
        p = Math.fma(p, r, P1);
        p = Math.fma(p, r, P0);
        float r2 = r * r;
        p = Math.fma(p, r2, r) + 1f;
        return p * Float.intBitsToFloat(((int) n + 127) << 23);
    }

    /** Lane-wise {@link #exp(float)}: the same operations in the same order, so the same bits in every lane. */
    public static FloatVector exp(FloatVector x) {
        x = x.max(EXP_MIN).min(EXP_MAX);
        FloatVector n = x.mul(LOG2E).add(ROUND_MAGIC).sub(ROUND_MAGIC);
        FloatVector r = n.neg().fma(x.broadcast(LN2_HI), x);
        r = n.neg().fma(x.broadcast(LN2_LO), r);
        FloatVector p = x.broadcast(P5).fma(r, x.broadcast(P4));
        p = p.fma(r, x.broadcast(P3));
        p = p.fma(r, x.broadcast(P2));
        p = p.fma(r, x.broadcast(P1));
        p = p.fma(r, x.broadcast(P0));
        FloatVector r2 = r.mul(r);
        p = p.fma(r2, r).add(1f);
        IntVector bits = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
        return p.mul(bits.reinterpretAsFloats());
    }

    /** Lane-wise {@link #sigmoid(float)}. */
    public static FloatVector sigmoid(FloatVector x) {
        return x.broadcast(1f).div(exp(x.neg()).add(1f));
    }

    /** Lane-wise {@link #tanh(float)}. */
    public static FloatVector tanh(FloatVector x) {
        return x.broadcast(1f).sub(x.broadcast(2f).div(exp(x.mul(2f)).add(1f)));
    }

    /** Natural log, via the strict (platform-independent) double implementation. */
    public static float log(float x) {
        return (float) StrictMath.log(x);
    }

    public static float sigmoid(float x) {
        return 1f / (1f + exp(-x));
    }

    public static float tanh(float x) {
        return 1f - 2f / (exp(2f * x) + 1f);
    }
}
