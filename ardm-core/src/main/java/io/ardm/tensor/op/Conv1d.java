package io.ardm.tensor.op;

import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;

/**
 * 1-D convolution (cross-correlation, stride 1, 'SAME' zero padding, optional dilation), channels-first:
 * input [B, C_in, L], weight [C_out, C_in, kW] with odd kW, bias [C_out] or null, output [B, C_out, L].
 * It is {@link Conv2d} on a height-1 image: the reshaped views share values and gradients, so the
 * arithmetic (and its determinism contract) is exactly Conv2d's.
 */
public final class Conv1d {
    private Conv1d() {}

    public static Tensor apply(Tape tape, Tensor x, Tensor weight, Tensor bias) {
        return apply(tape, x, weight, bias, 1);
    }

    public static Tensor apply(Tape tape, Tensor x, Tensor weight, Tensor bias, int dilation) {
        if (x.rank() != 3) throw new IllegalArgumentException("conv1d: input must be [B, C_in, L], got " + x);
        if (weight.rank() != 3) throw new IllegalArgumentException("conv1d: weight must be [C_out, C_in, kW], got " + weight);
        Tensor y = Conv2d.apply(tape, x.reshape(x.dim(0), x.dim(1), 1, x.dim(2)),
                weight.reshape(weight.dim(0), weight.dim(1), 1, weight.dim(2)), bias, 1, dilation);
        return y.reshape(x.dim(0), weight.dim(0), x.dim(2));
    }
}
