package io.ardm.tensor.op;

import io.ardm.tensor.DetMath;
import io.ardm.tensor.Parallel;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;

/** Pointwise nonlinearities y = f(x); the backward pass uses f'(x) computed from the saved input. */
public enum Activation {
    /** GELU, tanh approximation (as in GPT-2 / Flax's default {@code approximate=True}). */
    GELU {
        @Override float f(float x) {
            return 0.5f * x * (1f + DetMath.tanh(GELU_C * (x + 0.044715f * x * x * x)));
        }

        @Override float df(float x) {
            float u = GELU_C * (x + 0.044715f * x * x * x);
            float th = DetMath.tanh(u);
            float du = GELU_C * (1f + 3f * 0.044715f * x * x);
            return 0.5f * (1f + th) + 0.5f * x * (1f - th * th) * du;
        }
    },
    /** SiLU / swish: x·σ(x). */
    SILU {
        @Override float f(float x) {
            return x * DetMath.sigmoid(x);
        }

        @Override float df(float x) {
            float s = DetMath.sigmoid(x);
            return s * (1f + x * (1f - s));
        }
    },
    TANH {
        @Override float f(float x) {
            return DetMath.tanh(x);
        }

        @Override float df(float x) {
            float t = DetMath.tanh(x);
            return 1f - t * t;
        }
    },
    SIGMOID {
        @Override float f(float x) {
            return DetMath.sigmoid(x);
        }

        @Override float df(float x) {
            float s = DetMath.sigmoid(x);
            return s * (1f - s);
        }
    },
    RELU {
        @Override float f(float x) {
            return x > 0f ? x : 0f;
        }

        @Override float df(float x) {
            return x > 0f ? 1f : 0f;
        }
    };

    private static final float GELU_C = 0.7978845608f; // sqrt(2/pi)

    abstract float f(float x);

    abstract float df(float x);

    public Tensor apply(Tape tape, Tensor x) {
        boolean grad = tape.records(x);
        Tensor y = Tensor.output(grad, x.shape());
        forward(x.data, y.data);
        if (grad) tape.record(() -> backward(x.data, y.grad(), x.grad()));
        return y;
    }

    void forward(float[] x, float[] y) {
        Parallel.forRange(x.length, 4096, (lo, hi) -> {
            for (int i = lo; i < hi; i++) y[i] = f(x[i]);
        });
    }

    void backward(float[] x, float[] dy, float[] dx) {
        Parallel.forRange(x.length, 4096, (lo, hi) -> {
            for (int i = lo; i < hi; i++) dx[i] += dy[i] * df(x[i]);
        });
    }
}
