package io.ardm.tensor;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Finite-difference gradient check. The function's (any-shaped) output y is reduced to
 * L = Σ w·y with fixed random weights w; analytic dL/dx comes from the tape seeded with w, numeric dL/dx
 * from central differences with the loss summed in double.
 */
public final class GradCheck {
    private GradCheck() {}

    /** Fills a tensor with uniform values in [-scale, scale]. */
    public static Tensor randomize(Tensor t, long seed, float scale) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < t.data.length; i++) t.data[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        return t;
    }

    public static void check(String name, Function<Tape, Tensor> f, Tensor... inputs) {
        check(name, f, 1e-2f, 2e-2, 1e-3, inputs);
    }

    public static void check(String name, Function<Tape, Tensor> f, float eps, double rtol, double atol, Tensor... inputs) {
        Tensor probe = f.apply(Tape.inference());
        float[] w = new float[probe.size()];
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < w.length; i++) w[i] = (float) (r.nextDouble() * 2 - 1);

        for (Tensor x : inputs) x.zeroGrad();
        Tape tape = Tape.recordingEval();
        Tensor y = f.apply(tape);
        tape.backward(y, w);

        for (int in = 0; in < inputs.length; in++) {
            Tensor x = inputs[in];
            float[] analytic = x.grad().clone();
            int n = x.size();
            int stride = Math.max(1, n / 64); // at most ~64 probed elements per input
            for (int i = 0; i < n; i += stride) {
                float saved = x.data[i];
                x.data[i] = saved + eps;
                double plus = weighted(f.apply(Tape.inference()), w);
                x.data[i] = saved - eps;
                double minus = weighted(f.apply(Tape.inference()), w);
                x.data[i] = saved;
                double numeric = (plus - minus) / (2.0 * eps);
                double err = Math.abs(numeric - analytic[i]);
                if (err > atol + rtol * Math.max(Math.abs(numeric), Math.abs(analytic[i]))) {
                    fail(String.format("%s: input %d element %d: analytic %.6g vs numeric %.6g", name, in, i, analytic[i], numeric));
                }
            }
        }
    }

    private static double weighted(Tensor y, float[] w) {
        double s = 0;
        for (int i = 0; i < w.length; i++) s += (double) w[i] * y.data[i];
        return s;
    }
}
