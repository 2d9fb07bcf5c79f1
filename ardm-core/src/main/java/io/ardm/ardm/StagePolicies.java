package io.ardm.ardm;

import java.util.List;

/**
 * One policy per stage of a process (upscale ARDMs plan each stage on its own loss components, as the official
 * {@code bit_ao.py}); the OA-ARDM has one. Network calls add up over the stages.
 */
public record StagePolicies(List<Policy> stages) {
    public StagePolicies {
        stages = List.copyOf(stages);
        if (stages.isEmpty()) throw new IllegalArgumentException("at least one stage");
        int d = stages.getFirst().steps();
        for (Policy p : stages) {
            if (p.steps() != d) throw new IllegalArgumentException("every stage's policy must cover " + d + " steps, one covers " + p.steps());
        }
    }

    public static StagePolicies of(Policy... perStage) {
        return new StagePolicies(List.of(perStage));
    }

    /** The evenly spaced policy with {@code budget} calls in each of {@code stages} stages of D steps. */
    public static StagePolicies naive(int stages, int d, int budget) {
        return new StagePolicies(java.util.Collections.nCopies(stages, Policy.naive(d, budget)));
    }

    /** One step per position in each stage. */
    public static StagePolicies sequential(int stages, int d) {
        return new StagePolicies(java.util.Collections.nCopies(stages, Policy.sequential(d)));
    }

    public Policy stage(int g) {
        return stages.get(g);
    }

    public int count() {
        return stages.size();
    }

    /** Steps per stage (D). */
    public int steps() {
        return stages.getFirst().steps();
    }

    public int networkCalls() {
        return stages.stream().mapToInt(Policy::networkCalls).sum();
    }

    /** Every stage's first step of each call, from step {@code start} of each stage on ({@link Policy#boundariesFrom}). */
    public int[][] boundariesFrom(int start) {
        int[][] b = new int[stages.size()][];
        for (int g = 0; g < b.length; g++) b[g] = stages.get(g).boundariesFrom(start);
        return b;
    }
}
