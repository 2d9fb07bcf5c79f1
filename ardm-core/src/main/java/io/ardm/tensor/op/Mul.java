package io.ardm.tensor.op;

import io.ardm.tensor.Parallel;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;

/**
 * Elementwise y = a ⊙ b, with b broadcast over a's leading dimensions as in {@link Add}. Rows of b's size are walked
 * with a nested loop rather than an index modulo per element (the WaveNet's gates and scales run through here); the
 * outputs split over threads, and b's gradient sums in the same element order whatever the shape.
 */
public final class Mul {
    private Mul() {}

    public static Tensor apply(Tape tape, Tensor a, Tensor b) {
        int n = a.size();
        int m = b.size();
        if (m == 0 || n % m != 0) throw new IllegalArgumentException("mul: cannot broadcast " + b + " onto " + a);
        boolean grad = tape.records(a, b);
        Tensor y = Tensor.overwrittenOutput(grad, a.shape());
        broadcastProduct(a.data, b.data, y.data, n, m, false);
        if (grad) tape.record(y, () -> {
            float[] dy = y.grad();
            if (a.requiresGrad()) broadcastProduct(dy, b.data, a.grad(), n, m, true);
            if (b.requiresGrad()) {
                float[] db = b.grad();
                for (int r = 0, i = 0; r < n / m; r++) {
                    for (int j = 0; j < m; j++, i++) db[j] += dy[i] * a.data[i];
                }
            }
        });
        return y;
    }

    /** out[i] (+)= x[i] · w[i mod m], split over threads by independent elements. */
    private static void broadcastProduct(float[] x, float[] w, float[] out, int n, int m, boolean accumulate) {
        if (m == 1) {
            float s = w[0];
            Parallel.forRange(n, 1 << 14, (lo, hi) -> {
                if (accumulate) for (int i = lo; i < hi; i++) out[i] += x[i] * s;
                else for (int i = lo; i < hi; i++) out[i] = x[i] * s;
            });
            return;
        }
        Parallel.forRange(n / m, Add.rowsPerTask(m), (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int base = r * m;
                if (accumulate) for (int j = 0; j < m; j++) out[base + j] += x[base + j] * w[j];
                else for (int j = 0; j < m; j++) out[base + j] = x[base + j] * w[j];
            }
        });
    }
}
