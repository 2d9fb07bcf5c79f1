package io.ardm.spark;

import io.ardm.ardm.Objective;
import io.ardm.run.MicroBatches;
import io.ardm.run.ModelKinds;
import io.ardm.run.RunConfig;
import io.ardm.run.RunConfigs;
import io.ardm.run.TrainableArdm;
import io.ardm.run.TrainingStep;
import io.ardm.tensor.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Computes a step's micro-batch gradients on the executors: the driver broadcasts the step's weights, each task
 * computes one micro-batch's gradient from zero on its thread's copy of the network, and the driver gets them back
 * (the trainer sums them in micro-batch order, so the result is the one machine's bits).
 */
final class ExecutorNetworks implements TrainingStep.MicroBatchRunner {
    private final JavaSparkContext spark;
    private final String config;
    private final TrainableArdm driverNetwork;
    private final int tasks;

    /** @param tasks at most this many tasks per step (micro-batches are shared out among them) */
    ExecutorNetworks(JavaSparkContext spark, RunConfig config, TrainableArdm driverNetwork, int tasks) {
        try {
            this.config = RunConfigs.toJson(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.spark = spark;
        this.driverNetwork = driverNetwork;
        this.tasks = tasks;
    }

    @Override
    public List<MicroBatches.Gradient> run(List<MicroBatches.Part> parts) {
        Broadcast<float[]> weights = spark.broadcast(driverNetwork.parameters().flatValues());
        String json = config;
        try {
            return spark.parallelize(parts, Math.min(tasks, parts.size()))
                    .map(part -> Worker.forThread(json).gradient(part, weights))
                    .collect();
        } finally {
            weights.destroy();
        }
    }

    /** A task thread's network and workspace, built once per executor thread; weights are loaded once per step. */
    static final class Worker {
        private static final ThreadLocal<Worker> WORKERS = new ThreadLocal<>();

        private final String config;
        private final TrainableArdm net;
        private final Objective objective;
        private final Workspace workspace = new Workspace();
        private long loadedBroadcast = -1;

        private Worker(String config) throws IOException {
            RunConfig c = RunConfigs.fromJson(config);
            this.config = config;
            this.net = ModelKinds.build(c, 0);
            this.objective = c.objective();
        }

        static Worker forThread(String config) throws IOException {
            Worker w = WORKERS.get();
            if (w == null || !w.config.equals(config)) {
                w = new Worker(config);
                WORKERS.set(w);
            }
            return w;
        }

        MicroBatches.Gradient gradient(MicroBatches.Part part, Broadcast<float[]> weights) {
            if (weights.id() != loadedBroadcast) {
                net.parameters().setFlatValues(weights.value());
                loadedBroadcast = weights.id();
            }
            return Jobs.onTaskCores(() -> MicroBatches.compute(net, objective, part, workspace));
        }
    }
}
