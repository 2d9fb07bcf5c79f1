package io.ardm.tensor.op;

import io.ardm.tensor.Parallel;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.Arrays;

/**
 * Joins tensors along one axis (negative counts from the end); all other dimensions must agree. Seen as
 * [outer, dim, inner] row-major blocks, each part contributes one contiguous run of dim·inner values per
 * outer index, so e.g. channels-first [B, C_i, H, W] parts concatenated on axis 1 give [B, ΣC_i, H, W].
 * The backward pass hands each part its run of the output gradient.
 */
public final class Concat {
    private Concat() {}

    public static Tensor apply(Tape tape, int axis, Tensor... parts) {
        if (parts.length == 0) throw new IllegalArgumentException("concat: no tensors given");
        int[] shape = parts[0].shape();
        int a = Axes.resolve(axis, shape.length, "concat");
        int total = 0;
        for (Tensor p : parts) {
            int[] s = p.shape();
            boolean compatible = s.length == shape.length;
            for (int d = 0; compatible && d < s.length; d++) compatible = d == a || s[d] == shape[d];
            if (!compatible) {
                throw new IllegalArgumentException("concat: shapes " + Arrays.toString(shape) + " and " + Arrays.toString(s) + " differ outside axis " + axis);
            }
            total += s[a];
        }
        shape[a] = total;
        int outer = Axes.outer(shape, a);
        int inner = Axes.inner(shape, a);
        int outRun = total * inner;
        boolean grad = tape.records(parts);
        Tensor y = Tensor.output(grad, shape);
        Parallel.forRange(outer, (lo, hi) -> {
            for (int o = lo; o < hi; o++) {
                int offset = o * outRun;
                for (Tensor p : parts) {
                    int run = p.dim(a) * inner;
                    System.arraycopy(p.data, o * run, y.data, offset, run);
                    offset += run;
                }
            }
        });
        if (grad) tape.record(y, () -> {
            float[] dy = y.grad();
            int start = 0;
            for (Tensor p : parts) {
                int run = p.dim(a) * inner;
                if (p.requiresGrad()) {
                    float[] dp = p.grad();
                    int first = start;
                    Parallel.forRange(outer, (lo, hi) -> {
                        for (int o = lo; o < hi; o++) {
                            for (int j = 0; j < run; j++) dp[o * run + j] += dy[o * outRun + first + j];
                        }
                    });
                }
                start += run;
            }
        });
        return y;
    }
}
