package io.ardm.ardm;

/**
 * The result of {@link PolicySolver#solve}: for every budget B ≤ {@link #maxBudget()}, the optimal
 * expected cost on the (sorted) components and the back-pointers to recover its policy.
 */
public final class OptimalPolicies {
    private final int steps;
    private final double[] costs;
    /** lastStart[k−1][t]: where the k-th call starts in the best way to generate steps [0, t) with k calls. */
    private final int[][] lastStart;

    OptimalPolicies(int steps, double[] costs, int[][] lastStart) {
        this.steps = steps;
        this.costs = costs;
        this.lastStart = lastStart;
    }

    /** D. */
    public int steps() {
        return steps;
    }

    /** The largest budget solved for. */
    public int maxBudget() {
        return lastStart.length;
    }

    /** The optimal expected cost (bits/dim) with {@code budget} calls, on the sorted components. */
    public double cost(int budget) {
        checkBudget(budget);
        return costs[budget - 1];
    }

    /**
     * The boundaries exactly as the official {@code get_optimal_path_with_budget} returns them: length
     * {@code budget}, non-decreasing, possibly with repeats (zero-width steps) when components tie.
     */
    public int[] rawBoundaries(int budget) {
        checkBudget(budget);
        int[] path = new int[budget];
        int t = steps;
        for (int k = budget; k >= 1; k--) {
            t = lastStart[k - 1][t];
            path[k - 1] = t;
        }
        return path;
    }

    /** The optimal policy for {@code budget}, repeats removed: it may use fewer than {@code budget} calls. */
    public Policy policy(int budget) {
        return Policy.deduplicated(steps, rawBoundaries(budget));
    }

    private void checkBudget(int budget) {
        if (budget < 1 || budget > maxBudget()) {
            throw new IllegalArgumentException("budget " + budget + " outside the solved range [1, " + maxBudget() + "]");
        }
    }
}
