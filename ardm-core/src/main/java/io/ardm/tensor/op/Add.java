package io.ardm.tensor.op;

import io.ardm.tensor.Parallel;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;

/**
 * y = a + b, where b is either a's shape or broadcast over a's leading dimensions (b's size divides a's:
 * a bias [C], or position embeddings [T, d] added to every item of a batch [B, T, d]).
 */
public final class Add {
    private Add() {}

    /** Enough rows of b's size per task that a task is worth a thread hand-off. */
    static int rowsPerTask(int rowSize) {
        return Math.max(1, (1 << 14) / rowSize);
    }

    public static Tensor apply(Tape tape, Tensor a, Tensor b) {
        int n = a.size();
        int m = b.size();
        if (m == 0 || n % m != 0) throw new IllegalArgumentException("add: cannot broadcast " + b + " onto " + a);
        boolean grad = tape.records(a, b);
        Tensor y = Tensor.overwrittenOutput(grad, a.shape());
        Parallel.forRange(n / m, rowsPerTask(m), (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                for (int j = 0, i = r * m; j < m; j++, i++) y.data[i] = a.data[i] + b.data[j];
            }
        });
        if (grad) tape.record(y, () -> {
            float[] dy = y.grad();
            if (a.requiresGrad()) {
                float[] da = a.grad();
                Parallel.forRange(n, 1 << 14, (lo, hi) -> {
                    for (int i = lo; i < hi; i++) da[i] += dy[i];
                });
            }
            if (b.requiresGrad()) {
                float[] db = b.grad();
                for (int r = 0, i = 0; r < n / m; r++) {
                    for (int j = 0; j < m; j++, i++) db[j] += dy[i];
                }
            }
        });
        return y;
    }
}
