package io.ardm.nn;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Fills a new parameter's values. Random initialisers draw only from the stream they are given and use
 * {@link StrictMath}, so a model built from the same seed has the same bits on every JVM and machine.
 */
@FunctionalInterface
public interface Initializer {
    void fill(float[] values, int[] shape, SplittableRandom rng);

    static Initializer zeros() {
        return constant(0f);
    }

    static Initializer ones() {
        return constant(1f);
    }

    static Initializer constant(float value) {
        return (values, shape, rng) -> Arrays.fill(values, value);
    }

    /** Independent N(0, std²) values (Box–Muller; not truncated, as {@code jax.nn.initializers.normal}). */
    static Initializer normal(double std) {
        if (!(std >= 0)) throw new IllegalArgumentException("std must be >= 0, got " + std);
        return (values, shape, rng) -> {
            for (int i = 0; i < values.length; i += 2) {
                // 1 - nextDouble() is in (0, 1], so the log is finite.
                double radius = StrictMath.sqrt(-2 * StrictMath.log(1 - rng.nextDouble()));
                double angle = 2 * Math.PI * rng.nextDouble();
                values[i] = (float) (std * radius * StrictMath.cos(angle));
                if (i + 1 < values.length) values[i + 1] = (float) (std * radius * StrictMath.sin(angle));
            }
        };
    }

    /**
     * Glorot/Xavier uniform, U(−a, a) with a = √(6 / (fanIn + fanOut)), with JAX's fan convention: the last
     * axis is the output, the one before it the input, and any leading axes (a convolution's window) are a
     * receptive field that multiplies both fans. A dense kernel therefore has shape [in, out].
     */
    static Initializer xavierUniform() {
        return (values, shape, rng) -> {
            if (shape.length < 2) {
                throw new IllegalArgumentException("xavierUniform needs a kernel of rank >= 2, got shape " + Arrays.toString(shape));
            }
            long receptive = 1;
            for (int i = 0; i < shape.length - 2; i++) receptive *= shape[i];
            double fanIn = (double) receptive * shape[shape.length - 2];
            double fanOut = (double) receptive * shape[shape.length - 1];
            double limit = Math.sqrt(6 / (fanIn + fanOut));
            for (int i = 0; i < values.length; i++) values[i] = (float) (limit * (2 * rng.nextDouble() - 1));
        };
    }
}
