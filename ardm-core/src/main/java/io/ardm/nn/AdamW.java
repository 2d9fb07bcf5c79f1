package io.ardm.nn;

import io.ardm.tensor.Parallel;
import io.ardm.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Adam with decoupled weight decay, computed as {@code optax.adamw} does, in float32 per element:
 * <pre>
 *   mu = (1−β1)·g + β1·mu          nu = (1−β2)·g² + β2·nu          count = count + 1
 *   update = (mu / (1−β1^count)) / (√(nu / (1−β2^count)) + eps) + wd·p      p = p − lr·update
 * </pre>
 * The decay is multiplied by the learning rate (optax's {@code scale_by_learning_rate} comes last), and with
 * wd = 0 this is plain Adam. By default every parameter is decayed, biases and norm scales included, as
 * optax's adamw without a mask (what the official code uses); pass a {@code decayed} predicate to exempt
 * some names.
 *
 * <p>With a {@link Muon} attached, the hidden matrices it {@linkplain Muon#steps steps} move along their
 * orthogonalised momentum instead, at the same learning rate and decay (times Muon's rate ratio, if it has one); their momentum lives in {@code mu} (and
 * {@code nu} stays zero), so checkpoints keep one layout.
 *
 * <p>The update is elementwise, so splitting it across threads cannot change any bit.
 */
public final class AdamW {
    /** Optimiser hyper-parameters; the learning rate is passed to each {@link #step}. */
    public record Settings(double beta1, double beta2, double eps, double weightDecay) {
        public Settings {
            if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
            if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
            if (!(eps >= 0)) throw new IllegalArgumentException("eps must be >= 0, got " + eps);
            if (!(weightDecay >= 0)) throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        }

        /** Adam: no weight decay. */
        public static Settings adam(double beta1, double beta2, double eps) {
            return new Settings(beta1, beta2, eps, 0);
        }
    }

    /**
     * The optimiser state for checkpoints: the number of updates applied and the moment tensors, named
     * {@code "mu/<param>"} and {@code "nu/<param>"} in parameter order. The tensors are the live ones.
     */
    public record State(long count, Map<String, Tensor> moments) {}

    private static final String MU = "mu/";
    private static final String NU = "nu/";
    private static final int GRAIN = 1 << 14;

    private final Parameters params;
    private final Settings settings;
    private final Predicate<String> decayed;
    private final Map<String, Tensor> moments = new LinkedHashMap<>();
    private final Muon muon;
    private long count;

    /** AdamW that decays every parameter. */
    public AdamW(Parameters params, Settings settings) {
        this(params, settings, name -> true);
    }

    /** AdamW that decays only the parameters whose names {@code decayed} accepts. */
    public AdamW(Parameters params, Settings settings, Predicate<String> decayed) {
        this(params, settings, decayed, null);
    }

    /** AdamW whose hidden matrices take {@code muon}'s update (null: none). */
    public AdamW(Parameters params, Settings settings, Predicate<String> decayed, Muon muon) {
        this.params = params;
        this.settings = settings;
        this.decayed = decayed;
        this.muon = muon;
        for (var e : params.asMap().entrySet()) moments.put(MU + e.getKey(), Tensor.zeros(e.getValue().shape()));
        for (var e : params.asMap().entrySet()) moments.put(NU + e.getKey(), Tensor.zeros(e.getValue().shape()));
    }

    /** Applies one update from the parameters' current gradients (which are left untouched). */
    public void step(double learningRate) {
        if (!(learningRate >= 0)) throw new IllegalArgumentException("learning rate must be >= 0, got " + learningRate);
        count++;
        float b1 = (float) settings.beta1();
        float b2 = (float) settings.beta2();
        float oneMinusB1 = (float) (1 - settings.beta1());
        float oneMinusB2 = (float) (1 - settings.beta2());
        float correction1 = (float) (1 - Math.pow(settings.beta1(), count));
        float correction2 = (float) (1 - Math.pow(settings.beta2(), count));
        float eps = (float) settings.eps();
        float lr = (float) learningRate;
        List<Muon.Matrix> matrices = new ArrayList<>();
        for (var e : params.asMap().entrySet()) {
            float wd = decayed.test(e.getKey()) ? (float) settings.weightDecay() : 0f;
            float[] p = e.getValue().data;
            float[] g = e.getValue().grad();
            float[] mu = moments.get(MU + e.getKey()).data;
            Tensor param = e.getValue();
            if (muon != null && muon.steps(e.getKey())) {
                matrices.add(new Muon.Matrix(e.getKey(), p, g, mu, param.dim(0), param.dim(1), wd));
                continue;
            }
            float[] nu = moments.get(NU + e.getKey()).data;
            Parallel.forRange(p.length, GRAIN, (from, to) -> {
                for (int i = from; i < to; i++) {
                    mu[i] = oneMinusB1 * g[i] + b1 * mu[i];
                    nu[i] = oneMinusB2 * (g[i] * g[i]) + b2 * nu[i];
                    float muHat = mu[i] / correction1;
                    float nuHat = nu[i] / correction2;
                    float update = muHat / ((float) Math.sqrt(nuHat) + eps) + wd * p[i];
                    p[i] -= lr * update;
                }
            });
        }
        if (!matrices.isEmpty()) muon.step(matrices, lr);
    }

    /** Number of updates applied so far (optax's {@code count}). */
    public long count() {
        return count;
    }

    public Settings settings() {
        return settings;
    }

    public State state() {
        return new State(count, Collections.unmodifiableMap(moments));
    }

    /** Sets the update count when resuming; the moments are restored in place through {@link #state()}. */
    void resumeAt(long restoredCount) {
        if (restoredCount < 0) throw new IllegalArgumentException("optimizer count must be >= 0, got " + restoredCount);
        count = restoredCount;
    }
}
