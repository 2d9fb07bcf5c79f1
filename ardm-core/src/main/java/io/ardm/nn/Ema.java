package io.ardm.nn;

import io.ardm.tensor.Parallel;
import io.ardm.tensor.Tensor;
import java.util.function.Supplier;

/**
 * Exponential moving average of the parameters, as the official code keeps it: initialised to the
 * initial parameters, updated after every step with shadow = decay·shadow + (1−decay)·param in float32,
 * and no bias correction. The paper evaluates, samples and codes with these weights.
 */
public final class Ema {
    private static final int GRAIN = 1 << 14;

    private final Parameters live;
    private final Parameters shadow;

    public Ema(Parameters live) {
        this.live = live;
        this.shadow = live.copy();
    }

    public void update(double decay) {
        if (!(decay >= 0 && decay <= 1)) throw new IllegalArgumentException("EMA decay must be in [0, 1], got " + decay);
        float keep = (float) decay;
        float take = (float) (1 - decay);
        for (var e : live.asMap().entrySet()) {
            float[] p = e.getValue().data;
            float[] s = shadow.get(e.getKey()).data;
            Parallel.forRange(p.length, GRAIN, (from, to) -> {
                for (int i = from; i < to; i++) s[i] = keep * s[i] + take * p[i];
            });
        }
    }

    /** The averaged weights (same names and shapes as the live parameters): save or restore them here. */
    public Parameters shadow() {
        return shadow;
    }

    /**
     * Runs {@code evaluation} with the averaged weights in the live tensors (so the model object needs no
     * rebuilding), then puts the training weights back, also when {@code evaluation} throws.
     */
    public <T> T withAveragedWeights(Supplier<T> evaluation) {
        swap();
        try {
            return evaluation.get();
        } finally {
            swap();
        }
    }

    /** Exchanges live and shadow values in place; swapping twice restores both bit for bit. */
    private void swap() {
        for (var e : live.asMap().entrySet()) {
            Tensor p = e.getValue();
            float[] a = p.data;
            float[] b = shadow.get(e.getKey()).data;
            for (int i = 0; i < a.length; i++) {
                float t = a[i];
                a[i] = b[i];
                b[i] = t;
            }
        }
    }
}
