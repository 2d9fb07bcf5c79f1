package io.ardm.spark;

import io.ardm.Ardm;
import io.ardm.ArdmModel;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.ardm.tensor.Parallel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** What the jobs share: models loaded once per executor, one-line messages, and outputs that never overwrite. */
final class Jobs {
    /** Models by name or path, one per executor JVM: every task of the JVM codes with the same immutable model. */
    private static final Map<String, ArdmModel> MODELS = new ConcurrentHashMap<>();

    private Jobs() {}

    static ArdmModel model(String nameOrPath) {
        return MODELS.computeIfAbsent(nameOrPath, Ardm::load);
    }

    /** Fails before any work when a local output exists (Spark's own check comes only after the whole computation). */
    static void requireNew(String output) {
        if (!output.contains("://") && Files.exists(Path.of(output))) {
            throw new IllegalArgumentException(output + " exists: choose another output (nothing was overwritten)");
        }
    }

    /**
     * The written output's totals: records without an error, records with one, then each of {@code more} (sums over
     * no rows count as 0).
     */
    static long[] totals(Dataset<Row> written, Column... more) {
        Column[] sums = new Column[2 + more.length];
        sums[0] = sum(when(col("error").isNull(), 1).otherwise(0));
        sums[1] = sum(when(col("error").isNull(), 0).otherwise(1));
        System.arraycopy(more, 0, sums, 2, more.length);
        Row row = written.agg(sums[0], Arrays.copyOfRange(sums, 1, sums.length)).head();
        long[] values = new long[sums.length];
        for (int i = 0; i < values.length; i++) values[i] = row.isNullAt(i) ? 0 : row.getLong(i);
        return values;
    }

    /** The items one by one through {@code f}, as the task reads them: a partition is never held whole. */
    static <A, B> Iterator<B> mapEach(Iterator<A> items, Function<A, B> f) {
        return new Iterator<>() {
            @Override public boolean hasNext() {
                return items.hasNext();
            }

            @Override public B next() {
                return f.apply(items.next());
            }
        };
    }

    /**
     * Runs {@code work} on the task's cores: with one core per task (Spark's default, spark.task.cpus = 1) the kernels
     * stay on the task's thread, since the executor already runs one task per core; more cores per task use the pool.
     */
    static <T> T onTaskCores(Supplier<T> work) {
        TaskContext task = TaskContext.get();
        return task != null && task.cpus() <= 1 ? Parallel.serially(work) : work.get();
    }

    /** The first line of the innermost message: what a user reads instead of a stack trace. */
    static String oneLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t instanceof org.apache.spark.SparkException)) t = t.getCause();
        String m = t.getMessage();
        if (m == null || m.isBlank()) return t.getClass().getSimpleName();
        return m.lines().findFirst().orElse(m);
    }
}
