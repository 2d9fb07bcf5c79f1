package io.ardm.tensor.op;

import io.ardm.tensor.DetMath;
import io.ardm.tensor.Parallel;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Pointwise nonlinearities y = f(x); the backward pass uses f'(x) from the saved input. Written once, lane-wise
 * (whole vectors unmasked, a mask for the tail only: a masked load or store in every iteration ran several times
 * slower), with {@link DetMath}'s deterministic exp: every element gets the same bits whatever the vector width.
 */
public enum Activation {
    /** GELU, tanh approximation (GPT-2 / Flax's default {@code approximate=True}). */
    GELU {
        @Override FloatVector f(FloatVector x) {
            FloatVector th = DetMath.tanh(geluInner(x));
            return x.mul(0.5f).mul(th.add(1f));
        }

        @Override FloatVector df(FloatVector x) {
            FloatVector th = DetMath.tanh(geluInner(x));
            FloatVector du = x.mul(x).mul(3f * GELU_A).add(1f).mul(GELU_C);
            FloatVector sech2 = th.mul(th).neg().add(1f);
            return th.add(1f).mul(0.5f).add(x.mul(0.5f).mul(sech2).mul(du));
        }
    },
    /** SiLU / swish: x·σ(x). */
    SILU {
        @Override FloatVector f(FloatVector x) {
            return x.mul(DetMath.sigmoid(x));
        }

        @Override FloatVector df(FloatVector x) {
            FloatVector s = DetMath.sigmoid(x);
            return s.mul(x.mul(s.neg().add(1f)).add(1f));
        }
    },
    TANH {
        @Override FloatVector f(FloatVector x) {
            return DetMath.tanh(x);
        }

        @Override FloatVector df(FloatVector x) {
            FloatVector t = DetMath.tanh(x);
            return t.mul(t).neg().add(1f);
        }
    },
    SIGMOID {
        @Override FloatVector f(FloatVector x) {
            return DetMath.sigmoid(x);
        }

        @Override FloatVector df(FloatVector x) {
            FloatVector s = DetMath.sigmoid(x);
            return s.mul(s.neg().add(1f));
        }
    },
    RELU {
        @Override FloatVector f(FloatVector x) {
            return x.max(0f);
        }

        @Override FloatVector df(FloatVector x) {
            return x.broadcast(0f).blend(1f, x.compare(jdk.incubator.vector.VectorOperators.GT, 0f));
        }
    };

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final float GELU_C = 0.7978845608f; // sqrt(2/pi)
    private static final float GELU_A = 0.044715f;

    abstract FloatVector f(FloatVector x);

    abstract FloatVector df(FloatVector x);

    private static FloatVector geluInner(FloatVector x) {
        return x.mul(x).mul(x).mul(GELU_A).add(x).mul(GELU_C);
    }

    /** f at one point (for tests and scalar callers). */
    public float at(float x) {
        return f(FloatVector.broadcast(S, x)).lane(0);
    }

    public Tensor apply(Tape tape, Tensor x) {
        boolean grad = tape.records(x);
        Tensor y = Tensor.overwrittenOutput(grad, x.shape());
        float[] in = x.data;
        float[] out = y.data;
        Parallel.forRange(in.length, 4096, (lo, hi) -> {
            int i = lo;
            for (int full = lo + S.loopBound(hi - lo); i < full; i += S.length()) {
                f(FloatVector.fromArray(S, in, i)).intoArray(out, i);
            }
            if (i < hi) {
                VectorMask<Float> m = S.indexInRange(i, hi);
                f(FloatVector.fromArray(S, in, i, m)).intoArray(out, i, m);
            }
        });
        if (grad) tape.record(y, () -> {
            float[] dy = y.grad();
            float[] dx = x.grad();
            Parallel.forRange(in.length, 4096, (lo, hi) -> {
                int i = lo;
                for (int full = lo + S.loopBound(hi - lo); i < full; i += S.length()) {
                    FloatVector g = FloatVector.fromArray(S, dy, i).mul(df(FloatVector.fromArray(S, in, i)));
                    FloatVector.fromArray(S, dx, i).add(g).intoArray(dx, i);
                }
                if (i < hi) {
                    VectorMask<Float> m = S.indexInRange(i, hi);
                    FloatVector g = FloatVector.fromArray(S, dy, i, m).mul(df(FloatVector.fromArray(S, in, i, m)));
                    FloatVector.fromArray(S, dx, i, m).add(g).intoArray(dx, i, m);
                }
            });
        });
        return y;
    }
}
