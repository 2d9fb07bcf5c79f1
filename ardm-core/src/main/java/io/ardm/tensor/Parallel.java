package io.ardm.tensor;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicBoolean;

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

    /** Set on threads that must keep their work to themselves ({@link #serially}). */
    private static final ThreadLocal<Boolean> SERIAL = ThreadLocal.withInitial(() -> false);

    private Parallel() {}

    /**
     * Runs {@code work} with every split of it kept on the calling thread: for callers that already run one such thread
     * per core (Spark tasks), where handing chunks to the pool would only make more threads than cores. Same results:
     * they never depend on the thread count.
     */
    public static <T> T serially(java.util.function.Supplier<T> work) {
        if (SERIAL.get()) return work.get();
        SERIAL.set(true);
        try {
            return work.get();
        } finally {
            SERIAL.set(false);
        }
    }

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

    /**
     * Replaces the pool, the thread count becoming its parallelism (tests: a pool that cannot start a worker); returns
     * the one it replaced. Not while work is running.
     */
    static synchronized ForkJoinPool replacePool(ForkJoinPool replacement) {
        ForkJoinPool old = pool;
        pool = replacement;
        threads = replacement.getParallelism();
        return old;
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
        if (chunks <= 1 || ForkJoinTask.inForkJoinPool() || SERIAL.get()) {
            if (n > 0) body.run(0, n);
            return;
        }
        // Chunks 1.. go to the pool; the caller runs chunk 0, then every chunk no worker has started. A chunk runs once,
        // wherever it is claimed, so a pool that cannot start a worker (out of memory) slows the call instead of
        // leaving it waiting for ever; the chunks, and so the results, are the same either way.
        int[] bounds = new int[chunks + 1];
        for (int c = 0; c <= chunks; c++) bounds[c] = Math.min(n, (int) ((long) units * c / chunks) * grain);
        AtomicBoolean[] claimed = new AtomicBoolean[chunks];
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[chunks];
        for (int c = 1; c < chunks; c++) {
            int from = bounds[c], to = bounds[c + 1];
            AtomicBoolean mine = claimed[c] = new AtomicBoolean();
            if (from < to) tasks[c] = pool.submit(() -> {
                if (mine.compareAndSet(false, true)) body.run(from, to);
            });
        }
        // Wait for every chunk before reporting a failure, so no work outlives the call.
        RuntimeException failure = null;
        for (int c = 0; c < chunks; c++) {
            if (bounds[c] >= bounds[c + 1]) continue;
            try {
                if (c == 0 || claimed[c].compareAndSet(false, true)) body.run(bounds[c], bounds[c + 1]);
                else tasks[c].join();
            } catch (RuntimeException | Error e) {
                if (failure == null) failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
        }
        if (failure != null) throw failure;
    }

    /** The CPU's model name from /proc/cpuinfo, printed beside benchmark figures (they compare only on one machine). */
    public static String cpuModel() {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst()
                    .orElse("CPU model unknown");
        } catch (java.io.IOException e) {
            return "CPU model unknown";
        }
    }
}
