package io.ardm.run;

import io.ardm.ardm.Objective;
import io.ardm.nn.Parameters;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import io.ardm.tensor.Workspace;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Gradient accumulation that any number of machines reproduces: a step's batch is cut into micro-batches, each one's
 * gradient (of its share of the batch's mean loss) is computed from zero on its own, and the gradients are added in
 * micro-batch order. A micro-batch's σ, t and dropout come from its own seed, so its gradient is the same bits wherever
 * it is computed, and so is the sum — one machine running them one after another, or Spark executors in any order.
 */
public final class MicroBatches {
    private MicroBatches() {}

    /** Micro-batch {@code index} of a step: {@code rows} rows of the step's {@code batch}, and the seed of its draws. */
    public record Part(int index, int[] data, int rows, int batch, long seed) implements Serializable {
        @Serial private static final long serialVersionUID = 1L;
    }

    /**
     * What a part contributes: the gradient of (rows/batch)·(its mean loss), flat as {@link Parameters#flatGradients},
     * with that loss share and its items' terms.
     */
    public record Gradient(int index, float[] values, double loss, double[] elboBits, double[] componentBits, int[] steps) implements Serializable {
        @Serial private static final long serialVersionUID = 1L;
    }

    /** The step's batch [batch, D] as parts of {@code rows} rows (the last may be shorter), seeded from the step's generator. */
    public static List<Part> split(int[] data, int batch, int rows, int d, SplittableRandom stepRandom) {
        long base = stepRandom.nextLong();
        List<Part> parts = new ArrayList<>();
        for (int first = 0, index = 0; first < batch; first += rows, index++) {
            int m = Math.min(rows, batch - first);
            parts.add(new Part(index, Arrays.copyOfRange(data, first * d, (first + m) * d), m, batch,
                    base + index * 0x9E3779B97F4A7C15L));
        }
        return parts;
    }

    /** One part's gradient, computed from zero with {@code net}'s current weights. */
    public static Gradient compute(TrainableArdm net, Objective objective, Part part, Workspace workspace) {
        Parameters params = net.parameters();
        params.zeroGrad();
        SplittableRandom rng = new SplittableRandom(part.seed());
        Objective.Batch b = objective.sample(part.data(), part.rows(), rng);
        float[] rowNll = new float[b.targets().length];
        float share = (float) part.rows() / part.batch();
        double loss;
        try (Workspace.Scope scope = workspace.enter()) {
            Tape tape = Tape.training(rng);
            Tensor logits = net.logits(tape, b.input(), b.lossRows(Workspace.ROW_MULTIPLE));
            Tensor mean = objective.loss(tape, logits, b, rowNll);
            tape.backward(mean, new float[] {share});
            loss = (double) mean.item() * share;
        }
        float[] values = params.flatGradients();
        Objective.ItemTerms terms = objective.terms(b, rowNll);
        return new Gradient(part.index(), values, loss, terms.elboBits(), terms.componentBits(), terms.steps());
    }

    /**
     * Writes the sum of the parts' gradients, added in part order from zero, into the parameters' gradients; returns
     * the step's loss and its items' terms (in batch order).
     */
    public static Sum sumInto(Parameters params, List<Gradient> gradients) {
        List<Gradient> ordered = gradients.stream().sorted((a, b) -> Integer.compare(a.index(), b.index())).toList();
        for (int i = 0; i < ordered.size(); i++) {
            if (ordered.get(i).index() != i) throw new IllegalArgumentException("micro-batch " + i + " is missing");
        }
        int at = 0;
        for (String name : params.names()) {
            float[] g = params.get(name).grad();
            Arrays.fill(g, 0f);
            for (Gradient part : ordered) {
                for (int i = 0; i < g.length; i++) g[i] += part.values()[at + i];
            }
            at += g.length;
        }
        double loss = 0;
        for (Gradient part : ordered) loss += part.loss();
        double[] elbo = ordered.stream().flatMapToDouble(p -> Arrays.stream(p.elboBits())).toArray();
        double[] components = ordered.stream().flatMapToDouble(p -> Arrays.stream(p.componentBits())).toArray();
        int[] steps = ordered.stream().flatMapToInt(p -> Arrays.stream(p.steps())).toArray();
        return new Sum(loss, new Objective.ItemTerms(elbo, components, steps));
    }

    /** The step's loss and per-item terms. */
    public record Sum(double loss, Objective.ItemTerms terms) {}
}
