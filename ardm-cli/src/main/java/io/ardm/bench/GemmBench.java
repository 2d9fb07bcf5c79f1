package io.ardm.bench;

import io.ardm.tensor.Gemm;
import io.ardm.tensor.Parallel;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * SGEMM throughput at a cube and at every product shape of the reference transformer step (forward, and the backward's
 * transposed variants; attention's per-head products one per thread, as the step runs them), against the measured FMA peak.
 */
public final class GemmBench {
    /** One measured shape: GFLOPS is the median over the timed repetitions. */
    public record Result(String label, int m, int n, int k, int threads, double gflops, double peakGflops) {
        public double fractionOfPeak() {
            return gflops / peakGflops;
        }
    }

    /**
     * A product op(A)·op(B) of the reference training step; {@code perThread}: as attention runs its heads, one
     * product on each thread at once ({@link Gemm#serial}), instead of one product split over the threads.
     */
    private record Shape(String label, boolean transA, boolean transB, int m, int n, int k, boolean perThread) {
        Shape(String label, int m, int n, int k) {
            this(label, false, false, m, n, k, false);
        }
    }

    private static final List<Shape> SHAPES = List.of(
            new Shape("cube", 1024, 1024, 1024),
            new Shape("tokens x d -> d", 4096, 256, 256),
            new Shape("tokens x d -> 4d (MLP up)", 4096, 1024, 256),
            new Shape("tokens x 4d -> d (MLP down)", 4096, 256, 1024),
            new Shape("MLP up, dX = dY·Wᵀ", false, true, 4096, 256, 1024, false),
            new Shape("MLP down, dX = dY·Wᵀ", false, true, 4096, 1024, 256, false),
            new Shape("MLP up, dW = Xᵀ·dY", true, false, 256, 1024, 4096, false),
            new Shape("MLP down, dW = Xᵀ·dY", true, false, 1024, 256, 4096, false),
            new Shape("small (attention head)", 256, 256, 64),
            new Shape("head scores Q·Kᵀ, per thread", false, true, 256, 256, 64, true),
            new Shape("head output P·V, per thread", false, false, 256, 64, 256, true),
            new Shape("head dV = Pᵀ·dO, per thread", true, false, 256, 64, 256, true));

    private GemmBench() {}

    /** Runs every shape on {@link Parallel#threads()} threads: about 15 s, or under 10 s when {@code quick}. */
    public static List<Result> run(boolean quick) {
        double peak = PeakFlops.measure(quick ? 2 : 5);
        // Until C2 has compiled the kernels, one large product runs for seconds in the interpreter.
        measure(new Shape("warm-up", 384, 384, 384), quick ? 1.0 : 2.0, 3);
        List<Result> results = new ArrayList<>();
        for (Shape s : SHAPES) {
            double gflops = measure(s, quick ? 0.3 : 1.5, quick ? 5 : 11);
            results.add(new Result(s.label(), s.m(), s.n(), s.k(), Parallel.threads(), gflops, peak));
        }
        return results;
    }

    /** Median GFLOPS of {@code reps} timed runs, each repeating the product for about seconds/reps. */
    private static double measure(Shape s, double seconds, int reps) {
        int m = s.m(), n = s.n(), k = s.k();
        int copies = s.perThread() ? Parallel.threads() : 1;
        Random rnd = new Random(42);
        float[] a = randomArray(rnd, m * k), b = randomArray(rnd, k * n), c = new float[copies * m * n];
        int lda = s.transA() ? m : k, ldb = s.transB() ? k : n;
        Runnable product = s.perThread()
                ? () -> Parallel.forRange(copies, (lo, hi) -> {
                    for (int t = lo; t < hi; t++) Gemm.serial(s.transA(), s.transB(), m, n, k, a, 0, lda, b, 0, ldb, c, t * m * n, n, false);
                })
                : () -> Gemm.gemm(s.transA(), s.transB(), m, n, k, a, 0, lda, b, 0, ldb, c, 0, n, false);
        long warmStart = System.nanoTime();
        long perCall = 0;
        for (int calls = 0; System.nanoTime() - warmStart < seconds * 0.4e9 || calls < 3; calls++) {  // JIT, caches
            long start = System.nanoTime();
            product.run();
            perCall = System.nanoTime() - start;
        }
        int callsPerRep = (int) Math.max(1, seconds * 1e9 / reps / perCall);
        double[] gflops = new double[reps];
        for (int r = 0; r < reps; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < callsPerRep; i++) product.run();
            double elapsed = (System.nanoTime() - start) * 1e-9;
            gflops[r] = 2.0 * m * n * k * copies * callsPerRep / elapsed * 1e-9;
        }
        Arrays.sort(gflops);
        return gflops[reps / 2];
    }

    private static float[] randomArray(Random rnd, int length) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) x[i] = rnd.nextFloat() - 0.5f;
        return x;
    }

    /** Prints the results as an aligned table. */
    public static void print(List<Result> results, PrintStream out) {
        if (results.isEmpty()) return;
        out.printf("SGEMM, %d-bit vectors, %d thread(s); measured peak %.0f GFLOPS%n",
                Gemm.vectorBits(), results.getFirst().threads(), results.getFirst().peakGflops());
        out.printf("%-31s %6s %6s %6s %9s %8s%n", "shape", "M", "N", "K", "GFLOPS", "of peak");
        for (Result r : results) {
            out.printf("%-31s %6d %6d %6d %9.1f %7.0f%%%n", r.label(), r.m(), r.n(), r.k(), r.gflops(), 100 * r.fractionOfPeak());
        }
    }

    /** {@code GemmBench [--quick]}. */
}
