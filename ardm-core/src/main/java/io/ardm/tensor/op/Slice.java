package io.ardm.tensor.op;

import io.ardm.tensor.Parallel;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;

/**
 * The index range [from, to) of one axis (negative axis counts from the end), all other dimensions kept:
 * e.g. channels-first [B, C, H, W] sliced on axis 1 gives [B, to − from, H, W]. The result is a copy; the
 * backward pass adds its gradient into that range of the input gradient.
 */
public final class Slice {
    private Slice() {}

    public static Tensor apply(Tape tape, Tensor x, int axis, int from, int to) {
        int[] shape = x.shape();
        int a = Axes.resolve(axis, shape.length, "slice");
        if (from < 0 || to > shape[a] || from > to) {
            throw new IllegalArgumentException("slice: range [" + from + ", " + to + ") out of bounds for axis " + axis + " of " + x);
        }
        int outer = Axes.outer(shape, a);
        int inner = Axes.inner(shape, a);
        int inRun = shape[a] * inner;
        int run = (to - from) * inner;
        int skip = from * inner;
        shape[a] = to - from;
        boolean grad = tape.records(x);
        Tensor y = Tensor.output(grad, shape);
        Parallel.forRange(outer, (lo, hi) -> {
            for (int o = lo; o < hi; o++) System.arraycopy(x.data, o * inRun + skip, y.data, o * run, run);
        });
        if (grad) tape.record(y, () -> {
            float[] dy = y.grad();
            float[] dx = x.grad();
            Parallel.forRange(outer, (lo, hi) -> {
                for (int o = lo; o < hi; o++) {
                    for (int j = 0; j < run; j++) dx[o * inRun + skip + j] += dy[o * run + j];
                }
            });
        });
        return y;
    }
}
