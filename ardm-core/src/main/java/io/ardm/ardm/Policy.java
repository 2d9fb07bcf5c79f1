package io.ardm.ardm;

import java.util.Arrays;

/**
 * A parallel generation schedule (spec §4.2): strictly increasing step boundaries
 * p_0 = 0 &lt; p_1 &lt; … &lt; p_{B−1} &lt; D. Network call i generates, in parallel, every position whose
 * step lies in [p_i, p_{i+1}) (with p_B = D), conditioned on the steps before p_i.
 */
public final class Policy {
    /** The steps [from, to) that one network call generates. */
    public record StepRange(int from, int to) {
        public int size() {
            return to - from;
        }
    }

    private final int steps;
    private final int[] starts;

    private Policy(int steps, int[] starts) {
        if (steps < 1) throw new IllegalArgumentException("a policy needs at least one step, got D=" + steps);
        if (starts.length == 0 || starts[0] != 0) {
            throw new IllegalArgumentException("a policy must start at step 0: " + Arrays.toString(starts));
        }
        for (int i = 1; i < starts.length; i++) {
            if (starts[i] <= starts[i - 1]) {
                throw new IllegalArgumentException("policy boundaries must increase strictly: " + Arrays.toString(starts));
            }
        }
        if (starts[starts.length - 1] >= steps) {
            throw new IllegalArgumentException("policy boundaries must be below D=" + steps + ": " + Arrays.toString(starts));
        }
        this.steps = steps;
        this.starts = starts;
    }

    /** The policy with these boundaries (strictly increasing, from 0, below {@code steps}). */
    public static Policy of(int steps, int... starts) {
        return new Policy(steps, starts.clone());
    }

    /**
     * Accepts the official code's raw paths, which may repeat a boundary (zero-width steps, spec §4.5),
     * and drops the repeats: the cost is unchanged and no network call is wasted.
     */
    public static Policy deduplicated(int steps, int[] raw) {
        int[] out = new int[raw.length];
        int n = 0;
        for (int i = 0; i < raw.length; i++) {
            if (i > 0 && raw[i] < raw[i - 1]) {
                throw new IllegalArgumentException("raw policy must not decrease: " + Arrays.toString(raw));
            }
            if (n == 0 || raw[i] != out[n - 1]) out[n++] = raw[i];
        }
        return new Policy(steps, Arrays.copyOf(out, n));
    }

    /** All D steps one by one: the sequential ARDM (D network calls). */
    public static Policy sequential(int steps) {
        int[] starts = new int[steps];
        for (int i = 0; i < steps; i++) starts[i] = i;
        return new Policy(steps, starts);
    }

    /**
     * The evenly spaced policy (spec §4.6, {@code integer_linspace}): p_i = round(i·D/B), rounded half to
     * even as NumPy does. Computed in exact integer arithmetic, so it does not depend on float rounding.
     */
    public static Policy naive(int steps, int budget) {
        if (budget < 1 || budget > steps) {
            throw new IllegalArgumentException("naive policy budget must be in [1, D=" + steps + "], got " + budget);
        }
        int[] starts = new int[budget];
        for (int i = 0; i < budget; i++) {
            long numerator = (long) i * steps;
            long quotient = numerator / budget;
            long twiceRemainder = 2 * (numerator % budget);
            if (twiceRemainder > budget || twiceRemainder == budget && (quotient & 1) == 1) quotient++;
            starts[i] = (int) quotient;
        }
        return new Policy(steps, starts);
    }

    /**
     * This policy of the last {@code steps()} steps, placed after {@code start} given ones in a policy of
     * {@code start + steps()} steps: its boundaries shifted by {@code start} ({@link #boundariesFrom}(start) gives them
     * back), behind one call for the given steps that infilling never makes.
     */
    public Policy after(int start) {
        if (start < 0) throw new IllegalArgumentException("start " + start + " < 0");
        if (start == 0) return this;
        int[] shifted = new int[starts.length + 1];
        for (int i = 0; i < starts.length; i++) shifted[i + 1] = start + starts[i];
        return new Policy(start + steps, shifted);
    }

    /**
     * This policy over {@code length} ≥ D steps, for a network that reads D' = {@code length} positions as its trained D
     * (step t of D' shown as ⌊t·D/D'⌋): boundary p becomes ⌈p·D'/D⌉, the first step shown as p, so each call covers the
     * same share of the positions with the same number of calls (no DP over D' steps).
     */
    public Policy stretchedTo(int length) {
        if (length < steps) throw new IllegalArgumentException("cannot stretch a policy of " + steps + " steps to " + length);
        if (length == steps) return this;
        int[] stretched = new int[starts.length];
        for (int i = 0; i < starts.length; i++) stretched[i] = (int) Math.ceilDiv((long) starts[i] * length, steps);
        return new Policy(length, stretched);
    }

    /** D, the number of generation steps the policy covers. */
    public int steps() {
        return steps;
    }

    /** B, the number of network calls. */
    public int networkCalls() {
        return starts.length;
    }

    /** The steps generated by network call {@code i}. */
    public StepRange stepRange(int i) {
        if (i < 0 || i >= starts.length) {
            throw new IllegalArgumentException("network call " + i + " outside [0, " + starts.length + ")");
        }
        return new StepRange(starts[i], i + 1 < starts.length ? starts[i + 1] : steps);
    }

    /**
     * The boundaries for generating only steps start..D−1 (the first {@code start} steps are given, as in infilling
     * or a short final segment): boundaries at or below {@code start} are dropped and {@code start} becomes the first.
     */
    public int[] boundariesFrom(int start) {
        if (start < 0 || start > steps) throw new IllegalArgumentException("start " + start + " outside [0, " + steps + "]");
        if (start == steps) return new int[0];
        int[] kept = Arrays.stream(starts).filter(p -> p > start).toArray();
        int[] out = new int[kept.length + 1];
        out[0] = start;
        System.arraycopy(kept, 0, out, 1, kept.length);
        return out;
    }

    /** p_0 … p_{B−1}. */
    public int[] boundaries() {
        return starts.clone();
    }

    /**
     * Expected cost in bits/dim of generating with this policy when the per-step components are
     * {@code components}: Σ_i kl[p_i]·(p_{i+1} − p_i) ({@code compute_cost_with_policy}, summed in the
     * same order). Use it to score a policy found on training components against other components.
     */
    public double cost(double[] components) {
        if (components.length != steps) {
            throw new IllegalArgumentException("policy covers D=" + steps + " steps but got "
                    + components.length + " components");
        }
        double cost = 0;
        for (int i = 0; i < starts.length; i++) {
            int end = i + 1 < starts.length ? starts[i + 1] : steps;
            cost += components[starts[i]] * (end - starts[i]);
        }
        return cost;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Policy p && p.steps == steps && Arrays.equals(p.starts, starts);
    }

    @Override
    public int hashCode() {
        return 31 * steps + Arrays.hashCode(starts);
    }

    @Override
    public String toString() {
        return "Policy(D=" + steps + ", " + Arrays.toString(starts) + ")";
    }
}
