package io.ardm.nn;

import io.ardm.tensor.PackedWeights;
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

    /** This layer as it is now, for inference on a few rows at a time (a decoder's): see {@link PackedWeights}. */
    public Frozen frozen() {
        return new Frozen(PackedWeights.of(weight), bias == null ? null : bias.data.clone());
    }

    /** A copy of a layer's weights as they were: {@link #apply} gives the bits {@link Dense#apply} gave then, without a tape. */
    public record Frozen(PackedWeights weight, float[] bias) {
        public Tensor apply(Tensor x) {
            if (x.cols() != weight.rows()) throw new IllegalArgumentException("dense: input " + x + " does not fit " + weight.rows() + " inputs");
            int rows = x.rows();
            int[] shape = x.shape();
            int out = weight.columns();
            shape[shape.length - 1] = out;
            Tensor y = Tensor.zeros(shape);
            // As MatMul: each output's chain starts at its bias.
            if (bias != null) for (int i = 0; i < rows; i++) System.arraycopy(bias, 0, y.data, i * out, out);
            weight.multiply(rows, x.data, y.data, bias != null);
            return y;
        }
    }
}
