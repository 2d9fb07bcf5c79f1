package io.ardm.serve;

import io.javalin.http.HttpResponseException;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Model work is CPU-bound, so at most {@code workers} jobs run at once and at most {@code waiting} more wait; a
 * request beyond that is refused at once with 503 and Retry-After rather than piling up threads and memory.
 */
final class WorkQueue {
    static final int RETRY_AFTER_SECONDS = 2;

    private final Semaphore admitted;
    private final Semaphore running;

    WorkQueue(int workers, int waiting) {
        if (workers < 1 || waiting < 0) throw new IllegalArgumentException("workers must be >= 1 and waiting >= 0");
        admitted = new Semaphore(workers + waiting);
        running = new Semaphore(workers, true);
    }

    <T> T run(Supplier<T> job) {
        if (!admitted.tryAcquire()) throw new Busy();
        try {
            running.acquireUninterruptibly();
            try {
                return job.get();
            } catch (OutOfMemoryError e) { // the job's memory is garbage now; say so in one line, as back-pressure
                throw new HttpResponseException(503, String.format("out of memory (the server's heap is %,d MB); retry, or raise ARDM_HEAP",
                        Runtime.getRuntime().maxMemory() >> 20));
            } finally {
                running.release();
            }
        } finally {
            admitted.release();
        }
    }

    /** 503 Service Unavailable: the queue is full. */
    static final class Busy extends HttpResponseException {
        Busy() {
            super(503, "busy: every worker is taken and the queue is full; retry in " + RETRY_AFTER_SECONDS + " s");
        }
    }
}
