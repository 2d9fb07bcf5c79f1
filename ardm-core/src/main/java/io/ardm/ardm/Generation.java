package io.ardm.ardm;

import io.ardm.ardm.process.Process;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * Sampling and infilling under per-stage policies (spec §2.6, §3.6, §4.7): in each stage of the process, with a fresh
 * random order σ, network call i shows the positions σ &lt; p_i and fills every position with p_i ≤ σ &lt; p_{i+1} in
 * parallel. {@link Policy#sequential} in every stage is the (S·D)-step ARDM.
 */
public final class Generation {
    private Generation() {}

    /** Generated data (row-major [count, D]) and the number of network calls it took. */
    public record Result(int[] values, int networkCalls) {}

    /** Unconditional samples, each item with its own random orders. */
    public static Result sample(ArdmNetwork net, Process process, int count, StagePolicies policies, float temperature, SplittableRandom rng) {
        int d = net.length();
        return infill(net, process, new int[count * d], new boolean[count * d], count, policies, temperature, rng);
    }

    /**
     * Samples from a {@link ArdmNetwork#leftToRight} model in its only order, position 0 first. With a
     * {@link ArdmNetwork#leftToRightStream} each step is a single position's work; without, a full call per position.
     * {@link Result#networkCalls} counts one step per position either way.
     */
    public static Result sampleLeftToRight(ArdmNetwork net, Process process, int count, float temperature, SplittableRandom rng) {
        if (!net.leftToRight()) throw new IllegalArgumentException("not a left-to-right model");
        if (process.stages() != 1) throw new IllegalArgumentException("a left-to-right model has one stage");
        int d = net.length();
        int k = net.classes();
        double[] probs = new double[process.choices(0)];
        int[] x = new int[count * d];
        for (int b = 0; b < count; b++) {
            int[] item = new int[d];
            Arrays.fill(item, process.initial());
            IntFunction<float[]> stream = net.leftToRightStream().orElse(null);
            for (int j = 0; j < d; j++) {
                float[] logits = stream != null ? stream.apply(j == 0 ? process.initial() : item[j - 1])
                        : Arrays.copyOfRange(net.logits(Tape.inference(), new StepInput(item, new boolean[d], new int[] {j}, 1)).data, j * k, (j + 1) * k);
                process.choiceProbabilities(logits, 0, 0, item[j], temperature, probs);
                item[j] = process.valueAfter(0, item[j], Logits.draw(probs, rng));
            }
            System.arraycopy(item, 0, x, b * d, d);
        }
        return new Result(x, count * d);
    }

    /**
     * Fills the unknown positions of {@code count} items ({@code known} marks the given ones). In every stage the given
     * positions are placed first in the order and show their revealed value, so the stage starts at step t₀ = #known;
     * the policy's boundaries below t₀ are dropped and t₀ itself becomes the first boundary.
     */
    public static Result infill(ArdmNetwork net, Process process, int[] values, boolean[] known, int count, StagePolicies policies,
                                float temperature, SplittableRandom rng) {
        return infill(net, process, values, known, count, policies, temperature, rng, (stage, x) -> { });
    }

    /**
     * What the items show after each network call: their values, and {@code process.initial()} where nothing is shown
     * yet. The array is generation's own, changed by the next call: copy what you keep.
     */
    public interface Snapshots {
        void afterCall(int stage, int[] values);
    }

    /** {@link #infill}, handing {@code snapshots} the state after every network call (for pictures of generation). */
    public static Result infill(ArdmNetwork net, Process process, int[] values, boolean[] known, int count, StagePolicies policies,
                                float temperature, SplittableRandom rng, Snapshots snapshots) {
        return generate(net, process, values, known, 0, count, policies, temperature, rng, snapshots);
    }

    /**
     * Upscaling (paper §3.2 run from the middle): every position already shows the digits of the stages before
     * {@code fromStage}, x^(s−1) = {@code process.hidden(fromStage, v)} of {@code values}; stages fromStage..S−1 are
     * sampled, nothing else. For audio, 16-bit samples from the 8 most significant bits of an 8-bit recording.
     */
    public static Result upscale(ArdmNetwork net, Process process, int[] values, int fromStage, int count, StagePolicies policies,
                                 float temperature, SplittableRandom rng, Snapshots snapshots) {
        if (fromStage < 0 || fromStage >= process.stages()) {
            throw new IllegalArgumentException("stage " + fromStage + " is outside the process's " + process.stages() + " stages");
        }
        return generate(net, process, values, new boolean[values.length], fromStage, count, policies, temperature, rng, snapshots);
    }

    private static Result generate(ArdmNetwork net, Process process, int[] values, boolean[] known, int fromStage, int count,
                                   StagePolicies policies, float temperature, SplittableRandom rng, Snapshots snapshots) {
        int d = net.length();
        int k = net.classes();
        if (policies.steps() != d || policies.count() != process.stages()) {
            throw new IllegalArgumentException("policies cover " + policies.count() + " stages of " + policies.steps() + " steps, the model "
                    + process.stages() + " of " + d);
        }
        if (values.length != count * d || known.length != count * d) throw new IllegalArgumentException("expected " + count + "×" + d + " values");
        int[] x = new int[values.length];
        for (int i = 0; i < x.length; i++) x[i] = fromStage == 0 ? process.initial() : process.hidden(fromStage, values[i]);
        boolean[] revealed = new boolean[values.length];
        int calls = 0;
        for (int g = fromStage; g < process.stages(); g++) {
            double[] probs = new double[process.choices(g)];
            Order[] orders = new Order[count];
            int[][] plans = new int[count][];
            int rounds = 0;
            for (int b = 0; b < count; b++) {
                orders[b] = Order.random(d, rng).withKnownFirst(Arrays.copyOfRange(known, b * d, (b + 1) * d));
                int start = 0;
                for (int j = 0; j < d; j++) {
                    if (!known[b * d + j]) continue;
                    x[b * d + j] = process.revealed(g, values[b * d + j]);
                    start++;
                }
                // Items may know different numbers of positions; each walks its own clipped policy, batched per round.
                plans[b] = policies.stage(g).boundariesFrom(start);
                rounds = Math.max(rounds, plans[b].length);
            }
            for (int round = 0; round < rounds; round++) {
                int[] steps = new int[count];
                boolean any = false;
                for (int b = 0; b < count; b++) {
                    int t = round < plans[b].length ? plans[b][round] : d;
                    steps[b] = g * d + t;
                    any |= t < d;
                    for (int j = 0; j < d; j++) revealed[b * d + j] = orders[b].isKnownBefore(j, t);
                }
                if (!any) break;
                int[] rows = new int[0];
                for (int b = 0; b < count; b++) {
                    if (round < plans[b].length) rows = StepLogits.withPositions(rows, b * d, orders[b], plans[b], round, d);
                }
                Tensor logits = net.logits(Tape.inference(), new StepInput(x, revealed, steps, count), rows);
                calls++;
                for (int b = 0; b < count; b++) {
                    if (round >= plans[b].length) continue;
                    int lo = plans[b][round];
                    int hi = round + 1 < plans[b].length ? plans[b][round + 1] : d;
                    for (int t = lo; t < hi; t++) {
                        int i = b * d + orders[b].positionAt(t);
                        process.choiceProbabilities(logits.data, i * k, g, x[i], temperature, probs);
                        x[i] = process.valueAfter(g, x[i], Logits.draw(probs, rng));
                    }
                }
                snapshots.afterCall(g, x);
            }
        }
        return new Result(x, calls);
    }
}
