package io.ardm.spark;

import io.ardm.ArdmModel;
import io.ardm.modality.CropSampler;
import io.ardm.modality.Dataset;
import io.ardm.modality.Modalities;
import io.ardm.nn.AdamW;
import io.ardm.run.ModelKinds;
import io.ardm.run.RunConfig;
import io.ardm.run.TrainableArdm;
import io.ardm.run.Trainer;
import io.ardm.run.TrainingStep;
import io.ardm.tensor.Parallel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ardm-spark bench}: what Spark costs on top of the same work done in one process, measured side by side in one
 * run — compressing records, and training steps of the small text preset.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Spark's overhead, side by side in one run: compressing records with a bundled model, in one process "
                + "(as ardm compress codes them) and as a Spark job; and the small text preset's training step on one machine "
                + "(whole batch, and in micro-batches) and with its micro-batches on the executors."})
final class BenchJob implements Callable<Integer> {
    @Option(names = "--records", defaultValue = "120", description = "Records to compress. Default: ${DEFAULT-VALUE}.")
    int records;

    @Option(names = "--record-bytes", defaultValue = "2000", description = "Bytes per record (English text). Default: ${DEFAULT-VALUE}.")
    int recordBytes;

    @Option(names = {"-m", "--model"}, defaultValue = io.ardm.Ardm.DEFAULT_BYTES_MODEL, description = "Model to compress with. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--steps", defaultValue = "6", description = "Timed training steps per variant (after one warm-up step). Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--preset", defaultValue = "small", description = "Text preset whose training step is timed. Default: ${DEFAULT-VALUE}.")
    String preset;

    @Option(names = "--micro-batch", defaultValue = "16", description = "Rows per micro-batch of the batch of 32. Default: ${DEFAULT-VALUE}.")
    int microBatch;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where the records and the job's output go (default: a temporary folder).")
    Path workDir;

    @Mixin SparkOptions spark;

    @Override
    public Integer call() throws Exception {
        SparkSession session = spark.session("bench");
        int tasks = spark.partitions != null ? spark.partitions : session.sparkContext().defaultParallelism();
        System.out.printf("ardm-spark bench on %s: %d kernel threads, Spark master %s, %d tasks%n", Parallel.cpuModel(), Parallel.threads(),
                session.sparkContext().master(), tasks);
        Path dir = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("ardm-spark-bench");
        compression(session, dir, tasks);
        training(session, tasks);
        return 0;
    }

    private void compression(SparkSession session, Path dir, int tasks) throws Exception {
        List<byte[]> data = englishRecords();
        Path jsonl = dir.resolve("records.jsonl");
        List<String> lines = new ArrayList<>();
        for (byte[] r : data) lines.add("{\"text\": " + com.fasterxml.jackson.databind.node.TextNode.valueOf(new String(r, StandardCharsets.UTF_8)) + "}");
        Files.write(jsonl, lines);
        long bytes = data.stream().mapToLong(r -> r.length).sum();
        ArdmModel m = Jobs.model(model);
        m.compress(data.getFirst()); // loads and compiles before timing
        long started = System.nanoTime();
        long out = 0;
        for (byte[] r : data) out += m.compress(r).length;
        double oneProcess = (System.nanoTime() - started) / 1e9;
        // A first job compiles Spark's queries and our kernels on the executors: its time is not Spark's steady cost.
        CompressJob.compress(session, jsonl.toString(), new RecordOptions(), tasks, model, m.defaultBudget(), dir.resolve("warm-up").toString());
        String output = dir.resolve("blobs").toString();
        started = System.nanoTime();
        CompressJob.compress(session, jsonl.toString(), new RecordOptions(), tasks, model, m.defaultBudget(), output);
        double job = (System.nanoTime() - started) / 1e9;
        System.out.printf("compress %d records of %,d bytes with %s: one process %.1f s (%.1f records/s, %.1f KB/s), Spark job %.1f s "
                        + "(%.1f records/s, %.1f KB/s, Parquet in and out): Spark's overhead %+.0f %% (%.3f bits per byte)%n",
                data.size(), recordBytes, model, oneProcess, data.size() / oneProcess, bytes / oneProcess / 1e3, job, data.size() / job,
                bytes / job / 1e3, 100 * (job / oneProcess - 1), 8.0 * out / bytes);
    }

    /** Records of English from the bytes modality's bundled sample, consecutive slices of {@code recordBytes}. */
    private List<byte[]> englishRecords() {
        Dataset sample = Modalities.BYTES.bundledSample();
        int[] symbols = sample.segments(Dataset.Split.TRAIN, recordBytes, 0, records);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            byte[] r = new byte[recordBytes];
            for (int j = 0; j < recordBytes; j++) r[j] = (byte) symbols[i * recordBytes + j];
            out.add(r);
        }
        return out;
    }

    private void training(SparkSession session, int tasks) {
        RunConfig whole = RunConfig.preset(preset);
        RunConfig split = whole.withTraining(whole.training().withMicroBatch(microBatch));
        JavaSparkContext context = JavaSparkContext.fromSparkContext(session.sparkContext());
        double[] wholeBatch = stepSeconds(whole, null);
        double[] inMicroBatches = stepSeconds(split, null);
        double[] executors = stepSeconds(split, net -> new ExecutorNetworks(context, split, net, tasks));
        System.out.printf("training step of the %s preset (batch %d, D %d): one process %.2f s (micro-batches of %d: %.2f s), "
                        + "micro-batches on %d Spark tasks %.2f s: Spark's overhead %+.0f %% against the whole batch, %+.0f %% against the same micro-batches%n",
                preset, whole.training().batch(), whole.length(), median(wholeBatch), microBatch, median(inMicroBatches), tasks, median(executors),
                100 * (median(executors) / median(wholeBatch) - 1), 100 * (median(executors) / median(inMicroBatches) - 1));
    }

    /** Seconds of each timed step (after one warm-up step) with the given micro-batch runner (null: here). */
    private double[] stepSeconds(RunConfig config, java.util.function.Function<TrainableArdm, TrainingStep.MicroBatchRunner> runner) {
        RunConfig.Training t = config.training();
        TrainableArdm net = ModelKinds.build(config, t.seed());
        AdamW optimizer = Trainer.optimizer(t, net);
        TrainingStep step = new TrainingStep(net, config.objective(), optimizer, t.clipNorm());
        if (t.microBatch() > 0) step.inMicroBatches(t.microBatch(), runner == null ? null : runner.apply(net));
        CropSampler crops = Modalities.TEXT8.bundledSample().trainingCrops(config.data().trainingBlock(config.length()), config.length(), 1);
        double[] seconds = new double[steps];
        for (int i = -1; i < steps; i++) {
            long started = System.nanoTime();
            step.run(crops.nextBatch(t.batch()), t.batch(), t.learningRate(), new SplittableRandom(i));
            if (i >= 0) seconds[i] = (System.nanoTime() - started) / 1e9;
        }
        return seconds;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
