package io.ardm.spark;

import io.ardm.modality.Dataset;
import io.ardm.run.RunConfig;
import io.ardm.run.RunConfigs;
import io.ardm.run.Trainer;
import io.ardm.run.TrainingListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ardm-spark train}: synchronous data parallelism. Every step's micro-batches are computed on the executors and
 * summed in micro-batch order on the driver, which clips and takes the optimiser step: the parameters are the bits
 * {@code ardm train} gives for the same config on one machine (any config but one with a decay step sampler), with any number of executors; checkpoints are the
 * command line's, and either resumes the other's.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train with synchronous data parallelism: each step's micro-batches on the executors, one optimiser step on the driver.",
                "%nThe run config comes from `ardm train ... --micro-batch ROWS --print-config > run.json`; the result is, to the bit, "
                        + "what `ardm train --config run.json` gives on one machine, and the checkpoint is the command line's "
                        + "(either resumes the other's). The driver reads --data; executors get the micro-batches."})
final class TrainJob implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE.json", description = "The run config (training.microBatch must be set).")
    Path configFile;

    @Option(names = "--data", paramLabel = "PATH", description = "The corpus, as `ardm train --data` reads it (default: the modality's bundled sample).")
    Path data;

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "Run directory (checkpoint.ardm, metrics.jsonl).")
    Path runDir;

    @Option(names = "--resume", description = "Continue the run in --run from its checkpoint (written by this job or by ardm train).")
    boolean resume;

    @Option(names = "--force", description = "Start over in a --run directory that already holds a checkpoint.")
    boolean force;

    @Option(names = "--time-limit", paramLabel = "MINUTES", description = "Stop with a checkpoint after this much wall time; --resume continues.")
    Double timeLimitMinutes;

    @Mixin SparkOptions spark;

    @Override
    public Integer call() throws IOException {
        RunConfig config = RunConfigs.read(configFile);
        if (config.training().decayStepSampler() != null) {
            throw new IllegalArgumentException("executors draw t with the run's sampler throughout: remove training.decayStepSampler from " + configFile);
        }
        Dataset corpus = data == null ? config.data().bundledSample() : config.data().read(data);
        SparkSession session = spark.session("train");
        int tasks = spark.partitions != null ? spark.partitions : session.sparkContext().defaultParallelism();
        Trainer.Summary s = train(session, config, corpus, runDir, tasks, resume, force,
                timeLimitMinutes == null ? Double.POSITIVE_INFINITY : timeLimitMinutes * 60);
        System.out.println(s.describe(config.data()) + "; checkpoint " + runDir.resolve(Trainer.CHECKPOINT));
        return 0;
    }

    /** Trains with each step's micro-batches spread over at most {@code tasks} tasks. */
    static Trainer.Summary train(SparkSession session, RunConfig config, Dataset corpus, Path runDir, int tasks, boolean resume, boolean force,
                                 double timeLimitSeconds) throws IOException {
        if (config.training().microBatch() == 0) {
            throw new IllegalArgumentException("the config has no micro-batches to spread: write it with ardm train ... --micro-batch ROWS --print-config");
        }
        JavaSparkContext context = JavaSparkContext.fromSparkContext(session.sparkContext());
        Trainer trainer = new Trainer(config, corpus, runDir, System.err, TrainingListener.NONE)
                .computingMicroBatchesWith(net -> new ExecutorNetworks(context, config, net, tasks));
        if (force) trainer.overwriting();
        return trainer.train(resume, timeLimitSeconds);
    }
}
