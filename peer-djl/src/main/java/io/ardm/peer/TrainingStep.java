package io.ardm.peer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One optimiser step as ardm trains its networks: the loss (position-weighted cross-entropy), backward, global-norm
 * gradient clipping, AdamW (DJL's, which calls PyTorch's fused Adam kernel), then zeroed gradients.
 */
final class TrainingStep {
    private static final float LEARNING_RATE = 5e-4f;
    private static final float CLIP_NORM = 0.25f;

    private final List<NDArray> parameters;
    private final Optimizer optimizer = Optimizer.adamW()
            .optLearningRateTracker(Tracker.fixed(LEARNING_RATE))
            .optBeta1(0.9f).optBeta2(0.99f).optEpsilon(1e-8f)
            .optWeightDecays(0.001f)
            .build();

    TrainingStep(List<NDArray> parameters) {
        this.parameters = parameters;
    }

    /** Runs one step whose loss {@code loss} computes (inside the gradient collector) and returns it; everything it allocates is freed with {@code step}. */
    float run(NDManager step, Function<NDManager, NDArray> loss) {
        NDArray value;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            value = loss.apply(step);
            collector.backward(value);
        }
        List<NDArray> gradients = new ArrayList<>(parameters.size());
        for (NDArray parameter : parameters) {
            NDArray gradient = parameter.getGradient(); // a fresh handle on the parameter's grad storage
            gradient.attach(step);
            gradients.add(gradient);
        }
        clipByGlobalNorm(step, gradients);
        for (int i = 0; i < parameters.size(); i++) {
            optimizer.update("p" + i, parameters.get(i), gradients.get(i));
            gradients.get(i).subi(gradients.get(i)); // PyTorch accumulates into .grad: zero it, as DJL's Trainer does
        }
        return value.getFloat();
    }

    /** Scales all gradients by min(1, clip / ‖g‖) as optax.clip_by_global_norm (and torch's clip_grad_norm_). */
    private static void clipByGlobalNorm(NDManager step, List<NDArray> gradients) {
        NDArray squares = step.zeros(new Shape());
        for (NDArray gradient : gradients) {
            squares = squares.add(gradient.square().sum());
        }
        float norm = (float) Math.sqrt(1e-10 + squares.getFloat());
        if (norm > CLIP_NORM) {
            float scale = CLIP_NORM / norm;
            for (NDArray gradient : gradients) {
                gradient.muli(scale);
            }
        }
    }
}
