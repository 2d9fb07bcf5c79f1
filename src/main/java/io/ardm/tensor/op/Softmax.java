package io.ardm.tensor.op;

import io.ardm.tensor.DetMath;
import io.ardm.tensor.Parallel;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;

/** Softmax over the last dimension, plus the row kernels that attention and the losses share. */
public final class Softmax {
    private Softmax() {}

    public static Tensor apply(Tape tape, Tensor x) {
        int k = x.cols();
        int n = x.rows();
        boolean grad = tape.records(x);
        Tensor y = Tensor.output(grad, x.shape());
        Parallel.forRange(n, 16, (lo, hi) -> {
            for (int r = lo; r < hi; r++) rowForward(x.data, r * k, y.data, r * k, k, 1f);
        });
        if (grad) tape.record(() -> {
            float[] dy = y.grad();
            float[] dx = x.grad();
            Parallel.forRange(n, 16, (lo, hi) -> {
                for (int r = lo; r < hi; r++) rowBackward(y.data, r * k, dy, r * k, dx, r * k, k, 1f);
            });
        });
        return y;
    }

    /** dst = softmax(scale·src) for one row; sums run sequentially so the result is platform independent. */
    static void rowForward(float[] src, int srcOff, float[] dst, int dstOff, int k, float scale) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) max = Math.max(max, src[srcOff + j] * scale);
        float sum = 0f;
        for (int j = 0; j < k; j++) {
            float e = DetMath.exp(src[srcOff + j] * scale - max);
            dst[dstOff + j] = e;
            sum += e;
        }
        float inv = 1f / sum;
        for (int j = 0; j < k; j++) dst[dstOff + j] *= inv;
    }

    /** dx += scale·y⊙(dy − Σ dy·y) for one row (the softmax Jacobian-vector product). */
    static void rowBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int k, float scale) {
        float dot = 0f;
        for (int j = 0; j < k; j++) dot += dy[dyOff + j] * y[yOff + j];
        for (int j = 0; j < k; j++) dx[dxOff + j] += scale * y[yOff + j] * (dy[dyOff + j] - dot);
    }

    /** log Σ_j exp(x_j) for one row, computed stably. */
    static float logSumExp(float[] x, int off, int k) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) max = Math.max(max, x[off + j]);
        float sum = 0f;
        for (int j = 0; j < k; j++) sum += DetMath.exp(x[off + j] - max);
        return max + DetMath.log(sum);
    }
}
