package io.ardm.ardm;

import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * Sampling and infilling under a {@link Policy} (spec §2.6, §4.7): network call i shows the positions σ &lt; p_i
 * and fills every position with p_i ≤ σ &lt; p_{i+1} in parallel. {@link Policy#sequential} is the D-step ARDM.
 */
public final class Generation {
    private Generation() {}

    /** Generated data (row-major [count, D]) and the number of network calls it took. */
    public record Result(int[] values, int networkCalls) {}

    /** Unconditional samples, each item with its own random order. */
    public static Result sample(ArdmNetwork net, int count, Policy policy, float temperature, SplittableRandom rng) {
        int d = net.length();
        return infill(net, new int[count * d], new boolean[count * d], count, policy, temperature, rng);
    }

    /**
     * Samples from a {@link ArdmNetwork#leftToRight} model in its only order, position 0 first. With a
     * {@link ArdmNetwork#leftToRightStream} each step is a single position's work; without, a full call per position.
     * {@link Result#networkCalls} counts one step per position either way.
     */
    public static Result sampleLeftToRight(ArdmNetwork net, int count, float temperature, SplittableRandom rng) {
        if (!net.leftToRight()) throw new IllegalArgumentException("not a left-to-right model");
        int d = net.length();
        int k = net.classes();
        int[] x = new int[count * d];
        for (int b = 0; b < count; b++) {
            int[] item = new int[d];
            Arrays.fill(item, net.absorbing());
            IntFunction<float[]> stream = net.leftToRightStream().orElse(null);
            for (int j = 0; j < d; j++) {
                float[] logits = stream != null ? stream.apply(j == 0 ? net.absorbing() : item[j - 1])
                        : Arrays.copyOfRange(net.logits(Tape.inference(), item, new int[] {j}, 1).data, j * k, (j + 1) * k);
                item[j] = Logits.sample(logits, 0, k, temperature, rng);
            }
            System.arraycopy(item, 0, x, b * d, d);
        }
        return new Result(x, count * d);
    }

    /**
     * Fills the unknown positions of {@code count} items ({@code known} marks the given ones). The given positions
     * are placed first in each order, so generation starts at step t₀ = #known; the policy's boundaries below
     * t₀ are dropped and t₀ itself becomes the first boundary.
     */
    public static Result infill(ArdmNetwork net, int[] values, boolean[] known, int count, Policy policy, float temperature,
                                SplittableRandom rng) {
        int d = net.length();
        int k = net.classes();
        if (policy.steps() != d) throw new IllegalArgumentException("policy covers " + policy.steps() + " steps, the model " + d);
        if (values.length != count * d || known.length != count * d) throw new IllegalArgumentException("expected " + count + "×" + d + " values");
        int[] x = new int[values.length];
        Order[] orders = new Order[count];
        int[] start = new int[count];
        for (int b = 0; b < count; b++) {
            orders[b] = Order.random(d, rng).withKnownFirst(Arrays.copyOfRange(known, b * d, (b + 1) * d));
            for (int j = 0; j < d; j++) {
                x[b * d + j] = known[b * d + j] ? values[b * d + j] : net.absorbing();
                if (known[b * d + j]) start[b]++;
            }
        }
        int calls = 0;
        // Items may know different numbers of positions; each walks its own clipped policy, batched per round.
        int[][] plans = new int[count][];
        int rounds = 0;
        for (int b = 0; b < count; b++) {
            plans[b] = policy.boundariesFrom(start[b]);
            rounds = Math.max(rounds, plans[b].length);
        }
        for (int round = 0; round < rounds; round++) {
            int[] steps = new int[count];
            boolean any = false;
            for (int b = 0; b < count; b++) {
                steps[b] = round < plans[b].length ? plans[b][round] : d;
                any |= steps[b] < d;
            }
            if (!any) break;
            Tensor logits = net.logits(Tape.inference(), x, steps, count);
            calls++;
            for (int b = 0; b < count; b++) {
                if (round >= plans[b].length) continue;
                int lo = plans[b][round];
                int hi = round + 1 < plans[b].length ? plans[b][round + 1] : d;
                for (int t = lo; t < hi; t++) {
                    int j = orders[b].positionAt(t);
                    x[b * d + j] = Logits.sample(logits.data, (b * d + j) * k, k, temperature, rng);
                }
            }
        }
        return new Result(x, calls);
    }
}
