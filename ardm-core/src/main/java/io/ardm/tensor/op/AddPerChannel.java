package io.ardm.tensor.op;

import io.ardm.tensor.Parallel;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;

/**
 * y[b, c, …] = x[b, c, …] + e[b, c]: one value per item and channel added at every spatial position of a
 * channels-first tensor [B, C, spatial…] — how a U-Net block receives its step embedding. The backward pass sums the
 * gradient over each (item, channel)'s positions in order.
 */
public final class AddPerChannel {
    private AddPerChannel() {}

    public static Tensor apply(Tape tape, Tensor x, Tensor e) {
        if (x.rank() < 2 || e.rank() != 2 || e.dim(0) != x.dim(0) || e.dim(1) != x.dim(1)) {
            throw new IllegalArgumentException("add per channel: " + e + " does not match the [B, C] of " + x);
        }
        int rows = e.size();
        int spatial = x.size() / rows;
        boolean grad = tape.records(x, e);
        Tensor y = Tensor.overwrittenOutput(grad, x.shape());
        Parallel.forRange(rows, Add.rowsPerTask(spatial), (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                float v = e.data[r];
                for (int i = r * spatial; i < (r + 1) * spatial; i++) y.data[i] = x.data[i] + v;
            }
        });
        if (grad) tape.record(y, () -> {
            float[] dy = y.grad();
            float[] dx = x.requiresGrad() ? x.grad() : null;
            float[] de = e.requiresGrad() ? e.grad() : null;
            Parallel.forRange(rows, Add.rowsPerTask(spatial), (lo, hi) -> {
                for (int r = lo; r < hi; r++) {
                    float sum = 0f;
                    for (int i = r * spatial; i < (r + 1) * spatial; i++) {
                        if (dx != null) dx[i] += dy[i];
                        sum += dy[i];
                    }
                    if (de != null) de[r] += sum;
                }
            });
        });
        return y;
    }
}
