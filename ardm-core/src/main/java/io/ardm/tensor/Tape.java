package io.ardm.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Reverse-mode autodiff: ops append their backward step while the forward pass runs, and
 * {@link #backward} replays them in reverse. An inference tape records nothing, so the same model code
 * serves training and the (allocation-light) forward pass of sampling and coding.
 */
public final class Tape {
    private final boolean enabled;
    private final List<Runnable> steps = new ArrayList<>();
    private final List<Tensor> outputs = new ArrayList<>();
    private final RandomGenerator random;

    private Tape(boolean enabled, RandomGenerator random) {
        this.enabled = enabled;
        this.random = random;
    }

    /** Records gradients; dropout is active and draws its masks from {@code random}. */
    public static Tape training(RandomGenerator random) {
        return new Tape(true, random);
    }

    /** Records gradients; dropout is active (masks from a fixed seed). */
    public static Tape training() {
        return training(new SplittableRandom(0));
    }

    /** Records gradients but runs the model as at inference (no dropout): for gradient checks. */
    public static Tape recordingEval() {
        return new Tape(true, null);
    }

    /** Records nothing; dropout is off. */
    public static Tape inference() {
        return new Tape(false, null);
    }

    /** Whether layers with train/eval behaviour (dropout) should act as in training. */
    public boolean isTraining() {
        return random != null;
    }

    /** The random stream of a training pass (dropout masks). */
    public RandomGenerator random() {
        if (random == null) throw new IllegalStateException("only a training tape has a random stream");
        return random;
    }

    /** True when an op on these inputs must record a backward step (and its output needs a gradient). */
    public boolean records(Tensor... inputs) {
        if (!enabled) return false;
        for (Tensor t : inputs) {
            if (t != null && t.requiresGrad()) return true;
        }
        return false;
    }

    /**
     * Records the backward step of the op that made {@code output}. Once the step has run, every op that read the output
     * has passed its gradient back, so the output's gradient buffer is dead and goes back to the {@link Workspace}.
     */
    public void record(Tensor output, Runnable backwardStep) {
        steps.add(backwardStep);
        outputs.add(output);
    }

    /** Seeds d(loss)/d(loss) = 1 for a scalar loss and runs every recorded step in reverse order. */
    public void backward(Tensor loss) {
        if (loss.size() != 1) throw new IllegalArgumentException("backward() needs a scalar loss, got " + loss);
        backward(loss, new float[] {1f});
    }

    /** Seeds the gradient of {@code output} with {@code seed} (a vector-Jacobian product) and runs the tape. */
    public void backward(Tensor output, float[] seed) {
        if (seed.length != output.size()) throw new IllegalArgumentException("seed length " + seed.length + " != " + output.size());
        float[] g = output.grad();
        for (int i = 0; i < g.length; i++) g[i] += seed[i];
        for (int i = steps.size() - 1; i >= 0; i--) {
            steps.get(i).run();
            outputs.get(i).releaseGrad();
        }
        steps.clear();
        outputs.clear();
    }
}
