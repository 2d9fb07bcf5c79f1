package io.ardm.ardm;

import io.ardm.tensor.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Optimal parallel schedules by dynamic programming (spec §4.4, the official
 * {@code dynamic_programming.py}). With kl sorted in descending order:
 * <pre>
 *   cost_0[0] = 0, cost_0[t&gt;0] = +∞
 *   cost_k[t] = min over s ∈ 0..D of cost_{k−1}[s] + N[s][t],   N[s][t] = kl[s]·(t − s) if s &lt; t else 0
 *   dims_k[t] = the first s attaining that minimum
 * </pre>
 * This is the official recurrence term for term (same products and sums in doubles, first index on
 * ties), so costs and raw paths match it exactly; only rows k ≤ maxBudget are computed and only the
 * previous cost row is kept: O(maxBudget·D²) time, O(maxBudget·D) memory.
 *
 * <p>Speed: for s ≥ t the candidate is cost_{k−1}[s] itself, so that part is a suffix minimum shared by
 * all t; the part s &lt; t is vectorised over s, four outputs t at a time sharing the loads. Outputs t are
 * independent and split over {@link Parallel} threads; every lane computes exactly the scalar
 * expression and min/first-index selection is order-free, so the result does not depend on the vector
 * width or thread count.
 */
public final class PolicySolver {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Outputs t per kernel call: they share every load of cost_{k−1}, kl and s. */
    private static final int BLOCK = 4;

    private PolicySolver() {}

    /**
     * Solves every budget 1..{@code maxBudget} for the per-step loss components {@code components}
     * (length D, finite, ≥ 0). They are sorted in descending order first, as the official code does
     * (smoothing noise, using that L_t decreases); the boundaries found are used on the real steps.
     */
    public static OptimalPolicies solve(double[] components, int maxBudget) {
        int n = components.length;
        if (n == 0) throw new IllegalArgumentException("no loss components to schedule");
        if (maxBudget < 1 || maxBudget > n) {
            throw new IllegalArgumentException("budget must be in [1, D=" + n + "], got " + maxBudget);
        }
        for (int t = 0; t < n; t++) {
            double v = components[t];
            if (!Double.isFinite(v) || v < 0) {
                throw new IllegalArgumentException("loss component " + t + " must be finite and >= 0, got " + v);
            }
        }
        Row row = new Row(sortedDescending(components));
        double[] costs = new double[maxBudget];
        int[][] lastStart = new int[maxBudget][];
        for (int k = 1; k <= maxBudget; k++) {
            lastStart[k - 1] = row.advance();
            costs[k - 1] = row.previous[n];
        }
        return new OptimalPolicies(n, costs, lastStart);
    }

    /** The components as the DP sees them: sorted, largest first (costs of policies are comparable on these). */
    public static double[] sortedDescending(double[] components) {
        double[] sorted = components.clone();
        Arrays.sort(sorted);
        for (int i = 0, j = sorted.length - 1; i < j; i++, j--) {
            double tmp = sorted[i];
            sorted[i] = sorted[j];
            sorted[j] = tmp;
        }
        return sorted;
    }

    /** One DP row at a time: {@link #advance()} turns cost_{k−1} into cost_k. */
    private static final class Row {
        final int n;
        final double[] kl;
        /** s as doubles, loaded next to kl so that (t − s) is formed in the lanes. */
        final double[] stepIndex;
        double[] previous;
        double[] current;
        /** min over s ≥ t of cost_{k−1}[s] + 0, and its first index. */
        final double[] suffixMin;
        final int[] suffixArg;
        int[] arg;

        Row(double[] kl) {
            n = kl.length;
            this.kl = kl;
            stepIndex = new double[n];
            for (int s = 0; s < n; s++) stepIndex[s] = s;
            previous = new double[n + 1];
            Arrays.fill(previous, Double.POSITIVE_INFINITY);
            previous[0] = 0;
            current = new double[n + 1];
            suffixMin = new double[n + 1];
            suffixArg = new int[n + 1];
        }

        /** Computes the next row; afterwards {@link #previous} holds it. Returns its argmin row. */
        int[] advance() {
            suffixMin[n] = previous[n] + 0.0;
            suffixArg[n] = n;
            for (int s = n - 1; s >= 0; s--) {
                double v = previous[s] + 0.0;
                boolean take = v <= suffixMin[s + 1];
                suffixMin[s] = take ? v : suffixMin[s + 1];
                suffixArg[s] = take ? s : suffixArg[s + 1];
            }
            arg = new int[n + 1];
            // Block b costs ~b; pairing b with the mirrored block gives every unit the same work.
            int blocks = (n + BLOCK) / BLOCK;
            Parallel.forRange((blocks + 1) / 2, (from, to) -> {
                for (int u = from; u < to; u++) {
                    solveBlock(u * BLOCK);
                    int mirror = blocks - 1 - u;
                    if (mirror != u) solveBlock(mirror * BLOCK);
                }
            });
            double[] swap = previous;
            previous = current;
            current = swap;
            return arg;
        }

        /** Outputs t0 … t0+3 (clamped to n; a repeated t is computed twice, harmlessly). */
        private void solveBlock(int t0) {
            int t1 = Math.min(t0 + 1, n), t2 = Math.min(t0 + 2, n), t3 = Math.min(t0 + 3, n);
            DoubleVector tv0 = DoubleVector.broadcast(SPECIES, t0), tv1 = DoubleVector.broadcast(SPECIES, t1);
            DoubleVector tv2 = DoubleVector.broadcast(SPECIES, t2), tv3 = DoubleVector.broadcast(SPECIES, t3);
            DoubleVector inf = DoubleVector.broadcast(SPECIES, Double.POSITIVE_INFINITY);
            DoubleVector b0 = inf, b1 = inf, b2 = inf, b3 = inf;
            DoubleVector i0 = inf, i1 = inf, i2 = inf, i3 = inf;
            int vectorEnd = t0 - t0 % LANES;
            for (int s = 0; s < vectorEnd; s += LANES) {
                DoubleVector p = DoubleVector.fromArray(SPECIES, previous, s);
                DoubleVector c = DoubleVector.fromArray(SPECIES, kl, s);
                DoubleVector si = DoubleVector.fromArray(SPECIES, stepIndex, s);
                // Same operations as the scalar cost_{k-1}[s] + kl[s]*(t - s): mul, then add, no FMA.
                DoubleVector v0 = p.add(c.mul(tv0.sub(si)));
                VectorMask<Double> m0 = v0.lt(b0);
                b0 = b0.blend(v0, m0);
                i0 = i0.blend(si, m0);
                DoubleVector v1 = p.add(c.mul(tv1.sub(si)));
                VectorMask<Double> m1 = v1.lt(b1);
                b1 = b1.blend(v1, m1);
                i1 = i1.blend(si, m1);
                DoubleVector v2 = p.add(c.mul(tv2.sub(si)));
                VectorMask<Double> m2 = v2.lt(b2);
                b2 = b2.blend(v2, m2);
                i2 = i2.blend(si, m2);
                DoubleVector v3 = p.add(c.mul(tv3.sub(si)));
                VectorMask<Double> m3 = v3.lt(b3);
                b3 = b3.blend(v3, m3);
                i3 = i3.blend(si, m3);
            }
            finish(t0, b0, i0, vectorEnd);
            finish(t1, b1, i1, vectorEnd);
            finish(t2, b2, i2, vectorEnd);
            finish(t3, b3, i3, vectorEnd);
        }

        /**
         * Combines the lanes (each holds the first minimum of its residue class of s), the scalar tail
         * s ∈ [vectorEnd, t) and the suffix s ≥ t, always keeping the smallest index among equal values.
         */
        private void finish(int t, DoubleVector best, DoubleVector bestIndex, int vectorEnd) {
            double value = best.reduceLanes(VectorOperators.MIN);
            int index = -1;
            if (value < Double.POSITIVE_INFINITY) {
                index = (int) bestIndex.blend(Double.POSITIVE_INFINITY, best.compare(VectorOperators.NE, value))
                        .reduceLanes(VectorOperators.MIN);
            }
            for (int s = vectorEnd; s < t; s++) {
                double v = previous[s] + kl[s] * (double) (t - s);
                if (v < value) {
                    value = v;
                    index = s;
                }
            }
            // index < 0: no finite candidate below t (t = 0, or only infinite costs in row 0).
            if (suffixMin[t] < value || index < 0) {
                value = suffixMin[t];
                index = suffixArg[t];
            }
            current[t] = value;
            arg[t] = index;
        }
    }
}
