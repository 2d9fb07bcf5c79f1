package io.ardm.spark;

import org.apache.spark.TaskContext;

/**
 * A test-only fault: the first attempt of one partition's task fails, so that a test can show that Spark's retry writes
 * the same bytes. Off (-1) unless a test sets it; in local mode executors share the test's JVM.
 */
final class TaskFaults {
    static volatile int failFirstAttemptOfPartition = -1;
    /** How many faults were injected (a test checks that its fault happened). */
    static final java.util.concurrent.atomic.AtomicInteger injected = new java.util.concurrent.atomic.AtomicInteger();

    private TaskFaults() {}

    static void maybeFail() {
        TaskContext task = TaskContext.get();
        if (task != null && task.partitionId() == failFirstAttemptOfPartition && task.attemptNumber() == 0) {
            injected.incrementAndGet();
            throw new IllegalStateException("injected fault: partition " + task.partitionId() + ", attempt 0");
        }
    }
}
