package io.ardm.tensor.op;

import io.ardm.tensor.Parallel;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Inverted dropout: while the tape is training, each element is zeroed with probability p and survivors are
 * scaled by 1/(1−p), so the expected value is unchanged and inference needs no rescaling. Otherwise (eval and
 * inference tapes, or p = 0) it is the identity and returns its input. Any shape; the mask is drawn in
 * row-major order from the caller's generator, so a seed reproduces it.
 */
public final class Dropout {
    private Dropout() {}

    public static Tensor apply(Tape tape, Tensor x, float p, RandomGenerator rng) {
        if (!(p >= 0f && p < 1f)) throw new IllegalArgumentException("dropout: rate must be in [0, 1), got " + p);
        if (!tape.isTraining() || p == 0f) return x;
        float keptScale = 1f / (1f - p);
        float[] mask = new float[x.size()];
        for (int i = 0; i < mask.length; i++) mask[i] = rng.nextFloat() < p ? 0f : keptScale;
        boolean grad = tape.records(x);
        Tensor y = Tensor.output(grad, x.shape());
        multiply(x.data, mask, y.data, false);
        if (grad) tape.record(y, () -> multiply(y.grad(), mask, x.grad(), true));
        return y;
    }

    /** out (+)= in · mask, element-wise: the forward pass, and (accumulating) its own backward pass. */
    private static void multiply(float[] in, float[] mask, float[] out, boolean accumulate) {
        Parallel.forRange(in.length, 4096, (lo, hi) -> {
            for (int i = lo; i < hi; i++) out[i] = (accumulate ? out[i] : 0f) + in[i] * mask[i];
        });
    }
}
