package io.ardm.nn;

import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import io.ardm.tensor.op.Conv2d;
import java.util.SplittableRandom;

/**
 * A k×k 'SAME' convolution layer, channels-first ([C_out, C_in, k, k] kernel, bias [C_out]): Glorot-uniform kernel
 * with the convolution's fans (C_in·k² in, C_out·k² out), zero bias, as Flax's {@code nn.Conv}; or all zeros for the
 * output convolutions a residual branch starts from (spec §6.2: the block starts as the identity).
 */
public final class Conv {
    final Tensor weight;
    final Tensor bias;

    public Conv(Parameters params, String name, int in, int out, int kernel, boolean zeroInit) {
        weight = params.create(name + ".weight", zeroInit ? Initializer.zeros() : Conv::glorot, out, in, kernel, kernel);
        bias = params.create(name + ".bias", Initializer.zeros(), out);
    }

    public Tensor apply(Tape tape, Tensor x) {
        return Conv2d.apply(tape, x, weight, bias);
    }

    private static void glorot(float[] values, int[] shape, SplittableRandom rng) {
        double receptive = (double) shape[2] * shape[3];
        double limit = Math.sqrt(6 / (receptive * shape[1] + receptive * shape[0]));
        for (int i = 0; i < values.length; i++) values[i] = (float) (limit * (2 * rng.nextDouble() - 1));
    }
}
