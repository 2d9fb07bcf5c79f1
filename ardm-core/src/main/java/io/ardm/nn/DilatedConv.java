package io.ardm.nn;

import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import io.ardm.tensor.op.Conv1d;
import java.util.SplittableRandom;

/**
 * A 1-D 'SAME' convolution layer with a dilation, channels-first ([C_out, C_in, k] kernel, bias [C_out]): Glorot-uniform
 * kernel with the convolution's fans, zero bias; or all zeros for an output layer that must start silent. Kernel 1 is
 * the WaveNet's 1×1 convolution.
 */
public final class DilatedConv {
    final Tensor weight;
    final Tensor bias;
    private final int dilation;

    public DilatedConv(Parameters params, String name, int in, int out, int kernel, int dilation, boolean zeroInit) {
        if (dilation < 1) throw new IllegalArgumentException("dilation must be >= 1, got " + dilation);
        weight = params.create(name + ".weight", zeroInit ? Initializer.zeros() : DilatedConv::glorot, out, in, kernel);
        bias = params.create(name + ".bias", Initializer.zeros(), out);
        this.dilation = dilation;
    }

    public Tensor apply(Tape tape, Tensor x) {
        return Conv1d.apply(tape, x, weight, bias, dilation);
    }

    private static void glorot(float[] values, int[] shape, SplittableRandom rng) {
        double limit = Math.sqrt(6.0 / ((double) shape[2] * (shape[1] + shape[0])));
        for (int i = 0; i < values.length; i++) values[i] = (float) (limit * (2 * rng.nextDouble() - 1));
    }
}
