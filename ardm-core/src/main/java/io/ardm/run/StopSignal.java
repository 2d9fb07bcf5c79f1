package io.ardm.run;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C (SIGINT/SIGTERM) during training: the JVM's shutdown waits (up to 5 minutes) while the trainer finishes its
 * current step and writes a checkpoint, so {@code --resume} loses nothing. Closing it releases the shutdown.
 */
final class StopSignal implements AutoCloseable {
    private final AtomicBoolean requested = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook = new Thread(this::await);

    private StopSignal() {}

    static StopSignal install() {
        StopSignal s = new StopSignal();
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    boolean requested() {
        return requested.get();
    }

    private void await() {
        requested.set(true);
        try {
            finished.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        // During shutdown the hook is running and cannot be removed; releasing it lets the JVM exit.
        if (!requested.get()) Runtime.getRuntime().removeShutdownHook(hook);
        finished.countDown();
    }
}
