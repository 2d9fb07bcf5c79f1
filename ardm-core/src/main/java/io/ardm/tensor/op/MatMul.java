package io.ardm.tensor.op;

import io.ardm.tensor.Gemm;
import io.ardm.tensor.Parallel;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;

/**
 * Affine map y = x·W + b over the last dimension: x [..., in], W [in, out], b [out] or null.
 * W is stored [in, out] so the forward product needs no transpose; the backward uses the NT and TN variants.
 */
public final class MatMul {
    private MatMul() {}

    public static Tensor apply(Tape tape, Tensor x, Tensor w, Tensor b) {
        int in = w.dim(0);
        int out = w.dim(1);
        if (x.cols() != in) throw new IllegalArgumentException("matmul: input " + x + " does not fit weight " + w);
        if (b != null && b.size() != out) throw new IllegalArgumentException("matmul: bias " + b + " does not fit weight " + w);
        int n = x.rows();
        int[] shape = x.shape();
        shape[shape.length - 1] = out;
        boolean grad = tape.records(x, w, b);
        Tensor y = Tensor.overwrittenOutput(grad, shape);
        forward(x.data, w.data, b == null ? null : b.data, y.data, n, in, out);
        if (grad) tape.record(y, () -> backward(x, w, b, y.grad(), n, in, out));
        return y;
    }

    /** Each y[i][j] is the FMA chain b[j] + Σ_p x[i][p]·W[p][j], so a row's result does not depend on n. */
    static void forward(float[] x, float[] w, float[] b, float[] y, int n, int in, int out) {
        if (b != null) {
            for (int i = 0; i < n; i++) System.arraycopy(b, 0, y, i * out, out);
        }
        Gemm.gemm(false, false, n, out, in, x, 0, in, w, 0, out, y, 0, out, b != null);
    }

    static void backward(Tensor x, Tensor w, Tensor b, float[] dy, int n, int in, int out) {
        if (x.requiresGrad()) {
            Gemm.gemm(false, true, n, in, out, dy, 0, out, w.data, 0, out, x.grad(), 0, in, true);
        }
        if (w.requiresGrad()) {
            Gemm.gemm(true, false, in, out, n, x.data, 0, in, dy, 0, out, w.grad(), 0, out, true);
        }
        if (b != null && b.requiresGrad()) {
            float[] db = b.grad();
            // Columns are independent outputs; each sums its rows in order.
            Parallel.forRange(out, 64, (lo, hi) -> {
                for (int i = 0; i < n; i++) {
                    for (int j = lo; j < hi; j++) db[j] += dy[i * out + j];
                }
            });
        }
    }
}
