package io.ardm.tensor;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits work over independent outputs only (numerics rule 4), so results never depend on the thread
 * count. The thread count defaults to the number of cores and can be set with {@code -Dardm.threads=N}.
 */
public final class Parallel {
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static volatile int threads = Integer.getInteger("ardm.threads", Runtime.getRuntime().availableProcessors());
    private static volatile ForkJoinPool pool = new ForkJoinPool(Math.max(1, threads));

    private Parallel() {}

    public static int threads() {
        return threads;
    }

    /** Changes the worker count (tests use it to prove results do not depend on it); not while work is running. */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be >= 1, got " + n);
        if (n == threads) return;
        ForkJoinPool old = pool;
        pool = new ForkJoinPool(n);
        threads = n;
        old.shutdown();
    }

    /** Runs {@code body} over [0, n) in at most {@link #threads()} contiguous chunks. */
    public static void forRange(int n, RangeBody body) {
        forRange(n, 1, body);
    }

    /**
     * Like {@link #forRange(int, RangeBody)}, but chunk boundaries are multiples of {@code grain}
     * and work smaller than one grain per thread stays on the calling thread.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        int t = threads;
        int units = (n + grain - 1) / grain;
        int chunks = Math.min(t, units);
        if (chunks <= 1 || ForkJoinTask.inForkJoinPool()) {
            if (n > 0) body.run(0, n);
            return;
        }
        List<ForkJoinTask<?>> tasks = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            int from = Math.min(n, (int) ((long) units * c / chunks) * grain);
            int to = Math.min(n, (int) ((long) units * (c + 1) / chunks) * grain);
            if (from < to) tasks.add(pool.submit(() -> body.run(from, to)));
        }
        // Wait for every chunk before reporting a failure, so no work outlives the call.
        RuntimeException failure = null;
        for (ForkJoinTask<?> task : tasks) {
            try {
                task.join();
            } catch (RuntimeException | Error e) {
                if (failure == null) failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
        }
        if (failure != null) throw failure;
    }
}
