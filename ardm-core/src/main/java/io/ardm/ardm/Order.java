package io.ardm.ardm;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A generation order over D positions, in the official code's convention (spec §1): {@code step[i]} is the
 * step at which position i is generated. The inverse, {@link #positionAt}, lists positions in generation order.
 */
public final class Order {
    private final int[] stepOfPosition;
    private final int[] positionAtStep;

    private Order(int[] stepOfPosition) {
        this.stepOfPosition = stepOfPosition;
        this.positionAtStep = new int[stepOfPosition.length];
        Arrays.fill(positionAtStep, -1);
        for (int i = 0; i < stepOfPosition.length; i++) {
            int s = stepOfPosition[i];
            if (s < 0 || s >= stepOfPosition.length || positionAtStep[s] != -1) {
                throw new IllegalArgumentException("not a permutation of 0.." + (stepOfPosition.length - 1));
            }
            positionAtStep[s] = i;
        }
    }

    /** A uniformly random order (Fisher–Yates). */
    public static Order random(int d, SplittableRandom rng) {
        int[] steps = new int[d];
        for (int i = 0; i < d; i++) steps[i] = i;
        for (int i = d - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = steps[i];
            steps[i] = steps[j];
            steps[j] = tmp;
        }
        return new Order(steps);
    }

    /** Left to right: position i is generated at step i. */
    public static Order leftToRight(int d) {
        int[] steps = new int[d];
        for (int i = 0; i < d; i++) steps[i] = i;
        return new Order(steps);
    }

    /** Wraps (a copy of) an explicit position→step permutation, e.g. one read from a compressed file. */
    public static Order of(int[] stepOfPosition) {
        return new Order(stepOfPosition.clone());
    }

    /**
     * The same order with the {@code known} positions moved to the front (keeping the relative order within
     * both groups): generation then starts at step #known with exactly those positions shown.
     */
    public Order withKnownFirst(boolean[] known) {
        int d = stepOfPosition.length;
        if (known.length != d) throw new IllegalArgumentException("mask has " + known.length + " positions, the order " + d);
        int[] steps = new int[d];
        int next = 0;
        for (int pass = 0; pass < 2; pass++) {
            for (int t = 0; t < d; t++) {
                int j = positionAtStep[t];
                if (known[j] == (pass == 0)) steps[j] = next++;
            }
        }
        return new Order(steps);
    }

    public int length() {
        return stepOfPosition.length;
    }

    public int stepOf(int position) {
        return stepOfPosition[position];
    }

    public int positionAt(int step) {
        return positionAtStep[step];
    }

    /** Position i is already generated before step t: σ[i] < t (the mask m of spec §1). */
    public boolean isKnownBefore(int position, int t) {
        return stepOfPosition[position] < t;
    }

    public int[] toArray() {
        return stepOfPosition.clone();
    }
}
