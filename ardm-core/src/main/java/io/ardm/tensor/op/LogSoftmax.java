package io.ardm.tensor.op;

import io.ardm.tensor.DetMath;
import io.ardm.tensor.Parallel;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;

/** y = x − logΣexp(x) over the last dimension. */
public final class LogSoftmax {
    private LogSoftmax() {}

    public static Tensor apply(Tape tape, Tensor x) {
        int k = x.cols();
        int n = x.rows();
        boolean grad = tape.records(x);
        Tensor y = Tensor.output(grad, x.shape());
        Parallel.forRange(n, 16, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                float lse = Softmax.logSumExp(x.data, r * k, k);
                for (int j = 0; j < k; j++) y.data[r * k + j] = x.data[r * k + j] - lse;
            }
        });
        if (grad) tape.record(y, () -> {
            float[] dy = y.grad();
            float[] dx = x.grad();
            Parallel.forRange(n, 16, (lo, hi) -> {
                for (int r = lo; r < hi; r++) {
                    float sum = 0f;
                    for (int j = 0; j < k; j++) sum += dy[r * k + j];
                    for (int j = 0; j < k; j++) dx[r * k + j] += dy[r * k + j] - DetMath.exp(y.data[r * k + j]) * sum;
                }
            });
        });
        return y;
    }
}
