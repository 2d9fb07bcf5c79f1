package io.ardm.nn;

import io.ardm.tensor.Tensor;
import java.util.SplittableRandom;

/** TEMPORARY initialisers (to be merged with the optimizer work's). */
final class Init {
    private Init() {}

    static Tensor xavierUniform(Tensor t, int fanIn, int fanOut, SplittableRandom rng) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        for (int i = 0; i < t.data.length; i++) t.data[i] = (float) ((rng.nextDouble() * 2 - 1) * limit);
        return t;
    }

    static Tensor normal(Tensor t, double std, SplittableRandom rng) {
        for (int i = 0; i < t.data.length; i++) t.data[i] = (float) (gaussian(rng) * std);
        return t;
    }

    static Tensor fill(Tensor t, float v) {
        java.util.Arrays.fill(t.data, v);
        return t;
    }

    private static double gaussian(SplittableRandom rng) {
        double u = 1.0 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
