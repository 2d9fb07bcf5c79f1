package io.ardm.tensor.op;

import io.ardm.tensor.DetMath;
import io.ardm.tensor.Parallel;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Softmax over the last dimension, plus the row kernels that attention and the losses share. */
public final class Softmax {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private Softmax() {}

    public static Tensor apply(Tape tape, Tensor x) {
        int k = x.cols();
        int n = x.rows();
        boolean grad = tape.records(x);
        Tensor y = Tensor.overwrittenOutput(grad, x.shape());
        Parallel.forRange(n, 16, (lo, hi) -> {
            for (int r = lo; r < hi; r++) rowForward(x.data, r * k, y.data, r * k, k, 1f, false);
        });
        if (grad) tape.record(y, () -> {
            float[] dy = y.grad();
            float[] dx = x.grad();
            Parallel.forRange(n, 16, (lo, hi) -> {
                for (int r = lo; r < hi; r++) rowBackward(y.data, r * k, dy, r * k, dx, r * k, k, 1f);
            });
        });
        return y;
    }

    /**
     * dst = softmax(scale·src) for one row: lane-wise exp, then a fixed-order sum (platform independent). Whole vectors
     * load unmasked; only the tail takes a mask (masked loads in the main loop ran several times slower).
     * <p>With {@code cut}, scores more than {@link #CUT} (64·ln 2) below the row's maximum get probability 0. Left alone they are tiny
     * (e^-87 bottoms out near 1.2e-38), normalising them and multiplying them by gradients gives subnormal floats, and
     * every operation that reads or makes a subnormal takes a microcode assist on x86: 10-150× slower products (measured
     * on attention's P·V shapes), a sharp rotary-position model training 2-4× slower after 1,000 steps. A probability
     * below 2^-64 of the largest is far under the rounding of the row's sum and of any output it weighs — but not of
     * every fused multiply-add after it (a product exactly halfway between two floats rounds by the tiny sum before
     * it), so models coded without the cut keep computing without it ({@code cut} false), and their files decode bit for bit.
     */
    static void rowForward(float[] src, int srcOff, float[] dst, int dstOff, int k, float scale, boolean cut) {
        int full = S.loopBound(k);
        FloatVector maxv = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int j = 0; j < full; j += S.length()) maxv = maxv.max(FloatVector.fromArray(S, src, srcOff + j).mul(scale));
        VectorMask<Float> tail = S.indexInRange(full, k);
        if (full < k) {
            maxv = maxv.max(FloatVector.fromArray(S, src, srcOff + full, tail).mul(scale).blend(Float.NEGATIVE_INFINITY, tail.not()));
        }
        float max = maxv.reduceLanes(VectorOperators.MAX); // max is exact in any order
        for (int j = 0; j < full; j += S.length()) {
            exp(FloatVector.fromArray(S, src, srcOff + j).mul(scale).sub(max), cut).intoArray(dst, dstOff + j);
        }
        if (full < k) {
            exp(FloatVector.fromArray(S, src, srcOff + full, tail).mul(scale).sub(max), cut).intoArray(dst, dstOff + full, tail);
        }
        float inv = 1f / DetMath.sum(dst, dstOff, k);
        for (int j = 0; j < full; j += S.length()) FloatVector.fromArray(S, dst, dstOff + j).mul(inv).intoArray(dst, dstOff + j);
        if (full < k) FloatVector.fromArray(S, dst, dstOff + full, tail).mul(inv).intoArray(dst, dstOff + full, tail);
    }

    /** With the cut, scores below −{@link #CUT} (relative to the row's maximum) weigh nothing; see {@link #rowForward}. */
    static final float CUT = (float) (64 * Math.log(2));

    private static FloatVector exp(FloatVector shifted, boolean cut) {
        FloatVector e = DetMath.exp(shifted);
        return cut ? e.blend(0f, shifted.lt(-CUT)) : e;
    }

    /** 0 in the lanes whose magnitude is below {@link Float#MIN_NORMAL} (subnormal floats; see {@link #rowForward}). */
    private static FloatVector flushSubnormal(FloatVector v) {
        return v.blend(0f, v.abs().lt(Float.MIN_NORMAL));
    }

    /**
     * dx += scale·y⊙(dy − Σ dy·y) for one row (the softmax Jacobian-vector product); the tail alone masked. Terms below
     * {@link Float#MIN_NORMAL} are dropped: a tiny probability times a small gradient is subnormal, and attention's
     * dS·K and dSᵀ·Q read these terms (see {@link #rowForward}).
     */
    static void rowBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int k, float scale) {
        float dot = DetMath.dot(dy, dyOff, y, yOff, k);
        int full = S.loopBound(k);
        for (int j = 0; j < full; j += S.length()) {
            FloatVector g = flushSubnormal(FloatVector.fromArray(S, dy, dyOff + j).sub(dot).mul(FloatVector.fromArray(S, y, yOff + j)).mul(scale));
            FloatVector.fromArray(S, dx, dxOff + j).add(g).intoArray(dx, dxOff + j);
        }
        if (full < k) {
            VectorMask<Float> m = S.indexInRange(full, k);
            FloatVector g = flushSubnormal(FloatVector.fromArray(S, dy, dyOff + full, m).sub(dot).mul(FloatVector.fromArray(S, y, yOff + full, m)).mul(scale));
            FloatVector.fromArray(S, dx, dxOff + full, m).add(g).intoArray(dx, dxOff + full, m);
        }
    }

    /** log Σ_j exp(x_j) for one row, computed stably (the one log-partition function training and scoring share). */
    public static float logSumExp(float[] x, int off, int k) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) max = Math.max(max, x[off + j]);
        float sum = 0f;
        for (int j = 0; j < k; j++) sum += DetMath.exp(x[off + j] - max);
        return max + DetMath.log(sum);
    }
}
