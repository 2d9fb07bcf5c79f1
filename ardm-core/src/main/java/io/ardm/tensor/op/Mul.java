package io.ardm.tensor.op;

import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;

/** Elementwise y = a ⊙ b, with b broadcast over a's leading dimensions as in {@link Add}. */
public final class Mul {
    private Mul() {}

    public static Tensor apply(Tape tape, Tensor a, Tensor b) {
        int n = a.size();
        int m = b.size();
        if (m == 0 || n % m != 0) throw new IllegalArgumentException("mul: cannot broadcast " + b + " onto " + a);
        boolean grad = tape.records(a, b);
        Tensor y = Tensor.output(grad, a.shape());
        for (int i = 0; i < n; i++) y.data[i] = a.data[i] * b.data[i % m];
        if (grad) tape.record(() -> {
            float[] dy = y.grad();
            if (a.requiresGrad()) {
                float[] da = a.grad();
                for (int i = 0; i < n; i++) da[i] += dy[i] * b.data[i % m];
            }
            if (b.requiresGrad()) {
                float[] db = b.grad();
                for (int i = 0; i < n; i++) db[i % m] += dy[i] * a.data[i];
            }
        });
        return y;
    }
}
