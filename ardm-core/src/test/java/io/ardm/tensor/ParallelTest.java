package io.ardm.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** Parallel.forRange runs every index once, in the same chunks, whether or not its pool can start a worker. */
class ParallelTest {
    @Test
    void everyIndexRunsOnceInChunksOfTheGrain() {
        AtomicIntegerArray runs = new AtomicIntegerArray(1000);
        int[] chunkStarts = new int[1000];
        Parallel.forRange(1000, 8, (from, to) -> {
            assertEquals(0, from % 8, "chunks start at multiples of the grain");
            chunkStarts[from] = 1;
            for (int i = from; i < to; i++) runs.incrementAndGet(i);
        });
        for (int i = 0; i < 1000; i++) assertEquals(1, runs.get(i), "index " + i);
        assertEquals(Math.min(Parallel.threads(), 125), Arrays.stream(chunkStarts).sum(), "one chunk per thread");
    }

    @Test
    void seriallyKeepsEverySplitOnTheCallingThread() {
        Parallel.setThreads(2);
        Thread caller = Thread.currentThread();
        java.util.Set<Thread> ran = java.util.concurrent.ConcurrentHashMap.newKeySet();
        int chunks = Parallel.serially(() -> {
            int[] count = {0};
            Parallel.forRange(1000, (from, to) -> {
                ran.add(Thread.currentThread());
                count[0]++;
            });
            return count[0];
        });
        assertEquals(1, chunks, "one chunk: the whole range");
        assertEquals(java.util.Set.of(caller), ran);
        java.util.Set<Thread> after = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.CountDownLatch both = new java.util.concurrent.CountDownLatch(2);
        Parallel.forRange(2, (from, to) -> {
            after.add(Thread.currentThread());
            both.countDown();
            try {
                both.await(); // each chunk waits for the other: only two threads at once finish
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(2, after.size(), "outside serially, the work is split over two threads again");
    }

    @Test
    void aPoolThatCannotStartAWorkerSlowsTheCallInsteadOfHangingIt() {
        ForkJoinPool starved = new ForkJoinPool(4, p -> null, null, false); // as when a worker thread can't be made (out of memory)
        ForkJoinPool old = Parallel.replacePool(starved);
        try {
            int[] seen = new int[100];
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Parallel.forRange(100, (from, to) -> {
                for (int i = from; i < to; i++) seen[i]++;
            }));
            int[] ones = new int[100];
            Arrays.fill(ones, 1);
            assertArrayEquals(ones, seen, "every index once, on the calling thread");
            IllegalStateException failure = assertThrows(IllegalStateException.class, () -> Parallel.forRange(100, (from, to) -> {
                if (from > 0) throw new IllegalStateException("chunk at " + from);
            }));
            assertEquals("chunk at 25", failure.getMessage(), "the first failing chunk is reported");
        } finally {
            Parallel.replacePool(old);
            starved.shutdownNow();
        }
    }
}
