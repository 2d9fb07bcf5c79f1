package io.ardm.bench;

import io.ardm.tensor.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Measures the machine's peak fp32 multiply-add throughput: every worker thread runs independent FMA
 * chains on vectors of the preferred width, with enough accumulators to hide the FMA latency.
 */
public final class PeakFlops {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int ITERATIONS = 20_000_000;
    /** Twelve independent chains: more than latency (4 cycles) × FMA ports (2) on current x86 cores. */
    private static final int CHAINS = 12;

    private PeakFlops() {}

    /** Peak GFLOPS (an FMA counts as two) over {@link Parallel#threads()} threads: the best of {@code reps} runs. */
    public static double measure(int reps) {
        int threads = Parallel.threads();
        float[] sink = new float[threads * S.length()];
        double best = 0;
        for (int r = 0; r < reps + 2; r++) {  // the first two runs warm up the JIT
            long start = System.nanoTime();
            Parallel.forRange(threads, (lo, hi) -> {
                for (int t = lo; t < hi; t++) chains(sink, t * S.length());
            });
            double seconds = (System.nanoTime() - start) * 1e-9;
            if (r >= 2) best = Math.max(best, 2.0 * CHAINS * S.length() * ITERATIONS * threads / seconds * 1e-9);
        }
        return best;
    }

    private static void chains(float[] sink, int at) {
        FloatVector x = FloatVector.broadcast(S, 0.999999f), y = FloatVector.broadcast(S, 1e-7f);
        FloatVector a0 = FloatVector.broadcast(S, 0f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0,
                a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (int i = 0; i < ITERATIONS; i++) {
            a0 = a0.fma(x, y);
            a1 = a1.fma(x, y);
            a2 = a2.fma(x, y);
            a3 = a3.fma(x, y);
            a4 = a4.fma(x, y);
            a5 = a5.fma(x, y);
            a6 = a6.fma(x, y);
            a7 = a7.fma(x, y);
            a8 = a8.fma(x, y);
            a9 = a9.fma(x, y);
            a10 = a10.fma(x, y);
            a11 = a11.fma(x, y);
        }
        // Keeps the chains live; the sum's order is irrelevant here (nothing deterministic depends on it).
        a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11).intoArray(sink, at);
    }
}
