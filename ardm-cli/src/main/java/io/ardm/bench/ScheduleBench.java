package io.ardm.bench;

import io.ardm.ardm.OptimalPolicies;
import io.ardm.ardm.Policy;
import io.ardm.ardm.PolicySolver;
import io.ardm.tensor.Parallel;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * Times {@link PolicySolver} on synthetic decreasing components for CIFAR-10's D = 3072 and SC09's
 * D = 16000, all budgets up to 100 (targets: under 2 s and under 60 s with under 1 GB).
 * Each size is solved twice: the first run includes JIT warm-up.
 * Run: {@code java --add-modules jdk.incubator.vector -cp target/classes io.ardm.bench.ScheduleBench [quick]}.
 */
public final class ScheduleBench {
    private static final int MAX_BUDGET = 100;

    private ScheduleBench() {}

    /** Prints one line per size; {@code quick} runs only D = 3072. */
    public static void run(boolean quick) {
        System.out.printf("PolicySolver, budgets 1..%d, %d threads%n", MAX_BUDGET, Parallel.threads());
        time(3072);
        if (!quick) time(16000);
    }

    private static void time(int steps) {
        double[] kl = syntheticComponents(steps);
        System.gc();
        long before = usedHeap();
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        OptimalPolicies opt = PolicySolver.solve(kl, MAX_BUDGET);
        double cold = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        opt = PolicySolver.solve(kl, MAX_BUDGET);
        double warm = (System.nanoTime() - start) / 1e9;
        // Sum of per-pool peaks: an upper estimate of the peak heap, garbage included.
        long peak = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        System.gc();
        long retained = usedHeap() - before;
        System.out.printf("D=%5d: %.2f s first run, %.2f s second, heap retained by the result %.1f MB, peak heap (all pools) %.1f MB;"
                        + " cost B=20 %.4f, B=100 %.4f (naive B=100 %.4f, sequential %.4f) bits/dim%n",
                steps, cold, warm, retained / 1e6, peak / 1e6, opt.cost(20), opt.cost(100),
                Policy.naive(steps, 100).cost(kl), sum(kl));
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** A smooth decreasing curve summing to about 3 bits/dim, the shape ARDM components have. */
    private static double[] syntheticComponents(int steps) {
        double[] kl = new double[steps];
        for (int t = 0; t < steps; t++) kl[t] = (1.0 + 8.0 * Math.exp(-6.0 * t / steps)) / steps;
        return kl;
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) s += v;
        return s;
    }
}
