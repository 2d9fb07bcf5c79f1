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
        Tensor y = Tensor.output(grad, x.shape());
        Parallel.forRange(n, 16, (lo, hi) -> {
            for (int r = lo; r < hi; r++) rowForward(x.data, r * k, y.data, r * k, k, 1f);
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

    /** dst = softmax(scale·src) for one row: lane-wise exp, then a fixed-order sum (platform independent). */
    static void rowForward(float[] src, int srcOff, float[] dst, int dstOff, int k, float scale) {
        FloatVector maxv = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int j = 0; j < k; j += S.length()) {
            VectorMask<Float> m = S.indexInRange(j, k);
            maxv = maxv.max(FloatVector.fromArray(S, src, srcOff + j, m).mul(scale).blend(Float.NEGATIVE_INFINITY, m.not()));
        }
        float max = maxv.reduceLanes(VectorOperators.MAX); // max is exact in any order
        for (int j = 0; j < k; j += S.length()) {
            VectorMask<Float> m = S.indexInRange(j, k);
            DetMath.exp(FloatVector.fromArray(S, src, srcOff + j, m).mul(scale).sub(max)).intoArray(dst, dstOff + j, m);
        }
        float inv = 1f / DetMath.sum(dst, dstOff, k);
        for (int j = 0; j < k; j += S.length()) {
            VectorMask<Float> m = S.indexInRange(j, k);
            FloatVector.fromArray(S, dst, dstOff + j, m).mul(inv).intoArray(dst, dstOff + j, m);
        }
    }

    /** dx += scale·y⊙(dy − Σ dy·y) for one row (the softmax Jacobian-vector product). */
    static void rowBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int k, float scale) {
        float dot = DetMath.dot(dy, dyOff, y, yOff, k);
        for (int j = 0; j < k; j += S.length()) {
            VectorMask<Float> m = S.indexInRange(j, k);
            FloatVector yv = FloatVector.fromArray(S, y, yOff + j, m);
            FloatVector g = FloatVector.fromArray(S, dy, dyOff + j, m).sub(dot).mul(yv).mul(scale);
            FloatVector.fromArray(S, dx, dxOff + j, m).add(g).intoArray(dx, dxOff + j, m);
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
