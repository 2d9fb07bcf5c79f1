package io.ardm.nn;

import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import io.ardm.tensor.op.MatMul;
import java.util.SplittableRandom;

/** A fully connected layer y = x·W + b: Xavier-uniform kernel, bias ~ N(0, 1e-6) as in the official code. */
public final class Dense {
    final Tensor weight;
    final Tensor bias;

    public Dense(Parameters params, String name, int in, int out, boolean withBias, SplittableRandom rng) {
        weight = params.add(name + ".weight", Init.xavierUniform(Tensor.parameter(in, out), in, out, rng));
        bias = withBias ? params.add(name + ".bias", Init.normal(Tensor.parameter(out), 1e-6, rng)) : null;
    }

    public Tensor apply(Tape tape, Tensor x) {
        return MatMul.apply(tape, x, weight, bias);
    }
}
