package io.ardm.nn;

import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import io.ardm.tensor.op.MatMul;

/** A fully connected layer y = x·W + b: Xavier-uniform kernel, bias ~ N(0, 1e-6) as in the official code. */
public final class Dense {
    final Tensor weight;
    final Tensor bias;

    public Dense(Parameters params, String name, int in, int out, boolean withBias) {
        this(params, name, in, out, withBias, Initializer.xavierUniform());
    }

    /** With another kernel initialiser (zeros for a residual branch's last layer, which then starts as the identity). */
    public Dense(Parameters params, String name, int in, int out, boolean withBias, Initializer kernel) {
        weight = params.create(name + ".weight", kernel, in, out);
        bias = withBias ? params.create(name + ".bias", Initializer.normal(1e-6), out) : null;
    }

    public Tensor apply(Tape tape, Tensor x) {
        return MatMul.apply(tape, x, weight, bias);
    }
}
