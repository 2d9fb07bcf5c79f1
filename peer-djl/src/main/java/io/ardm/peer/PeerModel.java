package io.ardm.peer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.List;

/** What the convolutional references share: their trainable arrays, how they are made, and the step embedding. */
abstract class PeerModel {
    private final List<NDArray> parameters = new ArrayList<>();

    List<NDArray> parameters() {
        return parameters;
    }

    /** A table of {@code steps} rows of {@code channels} → Dense(4·channels) → SiLU → Dense(4·channels), as ardm's networks embed the step. */
    final class StepEmbedding {
        private final NDArray table, weight1, bias1, weight2, bias2;

        StepEmbedding(NDManager m, int steps, int channels) {
            int e = 4 * channels;
            table = m.randomNormal(new Shape(steps, channels));
            weight1 = dense(m, e, channels);
            bias1 = zeros(m, e);
            weight2 = dense(m, e, e);
            bias2 = zeros(m, e);
        }

        /** [B, 4·channels] for one step id per item (int64 [B]). */
        NDArray apply(NDArray steps) {
            return linear(Activation.swish(linear(table.get(steps), weight1, bias1), 1f), weight2, bias2);
        }
    }

    static NDArray linear(NDArray x, NDArray w, NDArray b) {
        return Linear.linear(x, w, b).singletonOrThrow();
    }

    /** A Dense weight [out, in] (PyTorch's layout), Glorot-uniform. */
    NDArray dense(NDManager m, int out, int in) {
        float limit = (float) Math.sqrt(6.0 / (in + out));
        return parameter(m.randomUniform(-limit, limit, new Shape(out, in)));
    }

    /** A convolution kernel [out, in, k…] (one k per spatial dimension), Glorot-uniform. */
    NDArray glorot(NDManager m, int out, int in, int k, int dimensions) {
        double fan = Math.pow(k, dimensions) * (in + out);
        float limit = (float) Math.sqrt(6.0 / fan);
        long[] shape = new long[2 + dimensions];
        shape[0] = out;
        shape[1] = in;
        for (int i = 0; i < dimensions; i++) shape[2 + i] = k;
        return parameter(m.randomUniform(-limit, limit, new Shape(shape)));
    }

    NDArray zeros(NDManager m, int n) {
        return parameter(m.zeros(new Shape(n)));
    }

    NDArray ones(NDManager m, int n) {
        return parameter(m.ones(new Shape(n)));
    }

    NDArray parameter(NDArray a) {
        a.setRequiresGradient(true);
        parameters.add(a);
        return a;
    }
}
