package io.ardm.nn;

/**
 * A learning-rate schedule. {@code step} is the number of updates already applied (0 for the first
 * update), as in the official code, where the schedule reads the train state's step before incrementing
 * it: with warm-up the very first update therefore uses lr = 0.
 */
@FunctionalInterface
public interface LearningRate {
    double at(long step);

    /**
     * This schedule, then a linear decay to zero over the last {@code decaySteps} of {@code totalSteps} (the
     * "warm-up, stable, decay" shape): annealing at the end lowers the final loss well below what the constant rate
     * reaches, and since the decay starts late, a run can be lengthened or stopped early until then.
     */
    default LearningRate decayingToZero(long totalSteps, long decaySteps) {
        if (decaySteps < 0 || decaySteps > totalSteps) {
            throw new IllegalArgumentException("decay steps must be in 0.." + totalSteps + ", got " + decaySteps);
        }
        if (decaySteps == 0) return this;
        return step -> at(step) * Math.min(1.0, Math.max(0.0, (double) (totalSteps - step) / decaySteps));
    }

    static LearningRate constant(double base) {
        return step -> base;
    }

    /** base · min(1, step / warmupSteps); warmupSteps = 0 means no warm-up. */
    static LearningRate linearWarmup(double base, long warmupSteps) {
        if (warmupSteps < 0) throw new IllegalArgumentException("warm-up steps must be >= 0, got " + warmupSteps);
        if (warmupSteps == 0) return constant(base);
        return step -> base * Math.min(1.0, (double) step / warmupSteps);
    }

    /**
     * The share of the rate left at {@code elapsed} seconds of a {@code budget}-second run whose last {@code decayShare}
     * of the time anneals linearly to zero: 1 until then, 0 at the budget and after (a decay fitted to wall time, for
     * runs given hours rather than steps).
     */
    static double wallClockDecay(double elapsed, double budget, double decayShare) {
        if (!(budget > 0) || decayShare < 0 || decayShare > 1) throw new IllegalArgumentException("a budget > 0 and a decay share in 0..1");
        if (decayShare == 0) return elapsed < budget ? 1 : 0;
        return Math.min(1.0, Math.max(0.0, (budget - elapsed) / (decayShare * budget)));
    }
}
