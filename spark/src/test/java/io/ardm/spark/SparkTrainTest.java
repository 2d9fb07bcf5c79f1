package io.ardm.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ardm.ardm.StepSampler;
import io.ardm.nn.Checkpoint;
import io.ardm.run.RunConfig;
import io.ardm.run.RunConfigs;
import io.ardm.run.TinyRuns;
import io.ardm.run.Trainer;
import io.ardm.run.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data-parallel training on local[2,2] gives, to the bit, the parameters of the same run on one machine. */
class SparkTrainTest {
    @TempDir static Path dir;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2,2]").appName("ardm-spark train tests").config("spark.ui.enabled", "false").getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.stop();
    }

    /** Batch 4 in micro-batches of one row: what `ardm train --config run.json` computes on one machine. */
    static RunConfig config(int steps) {
        RunConfig c = TinyRuns.config(steps, 7);
        return c.withTraining(c.training().withMicroBatch(1));
    }

    static Checkpoint checkpoint(Path run) throws Exception {
        return Checkpoint.load(run.resolve(Trainer.CHECKPOINT));
    }

    static void assertSameParameters(Checkpoint want, Checkpoint got, String what) throws Exception {
        for (String group : List.of(Checkpoint.PARAMS, Checkpoint.EMA)) {
            for (var e : want.tensors(group).entrySet()) {
                assertArrayEquals(e.getValue().data, got.tensors(group).get(e.getKey()).data, what + ": " + group + "/" + e.getKey());
            }
        }
    }

    @Test
    void oneTwoOrFourTasksPerStepGiveTheBitsOfOneMachine() throws Exception {
        new Trainer(config(5), TinyRuns.corpus(), dir.resolve("one-machine"), TinyRuns.QUIET, TrainingListener.NONE).train(false);
        Checkpoint want = checkpoint(dir.resolve("one-machine"));
        for (int tasks : new int[] {1, 2, 4}) {
            Path run = dir.resolve("spark-" + tasks);
            TrainJob.train(spark, config(5), TinyRuns.corpus(), run, tasks, false, false, Double.POSITIVE_INFINITY);
            assertSameParameters(want, checkpoint(run), tasks + " tasks");
            assertArrayEquals(want.array("loss_components.ema"), checkpoint(run).array("loss_components.ema"));
        }
    }

    @Test
    void eitherResumesTheOthersCheckpoint() throws Exception {
        new Trainer(config(5), TinyRuns.corpus(), dir.resolve("straight"), TinyRuns.QUIET, TrainingListener.NONE).train(false);
        Path run = dir.resolve("mixed");
        TrainJob.train(spark, config(3), TinyRuns.corpus(), run, 2, false, false, Double.POSITIVE_INFINITY);
        new Trainer(config(4), TinyRuns.corpus(), run, TinyRuns.QUIET, TrainingListener.NONE).train(true);
        TrainJob.train(spark, config(5), TinyRuns.corpus(), run, 2, true, false, Double.POSITIVE_INFINITY);
        assertEquals(5, checkpoint(run).metadata().path("step").asLong());
        assertSameParameters(checkpoint(dir.resolve("straight")), checkpoint(run), "Spark, then one machine, then Spark");
    }

    @Test
    void theCommandLineRefusesAConfigWithoutMicroBatches() throws Exception {
        Path config = dir.resolve("whole-batch.json");
        Files.writeString(config, RunConfigs.toJson(TinyRuns.config(2, 7)));
        SparkJobsTest.Output o = SparkJobsTest.run("train", "--config", config.toString(), "--run", dir.resolve("never").toString());
        assertEquals(1, o.exit());
        assertTrue(o.err().contains("the config has no micro-batches to spread"), o.err());
        Path annealing = dir.resolve("annealing.json");
        RunConfig withDecay = config(2);
        RunConfig.Training t = withDecay.training();
        withDecay = withDecay.withTraining(new RunConfig.Training(t.batch(), 2, t.learningRate(), 0, 1, t.beta1(), t.beta2(), t.weightDecay(),
                t.clipNorm(), t.emaDecay(), t.ceWeight(), t.stepSampler(), t.evalEvery(), t.evalSegments(), t.checkpointEvery(), t.seed(),
                t.microBatch(), false, 0, StepSampler.UNIFORM, 0, 0));
        Files.writeString(annealing, RunConfigs.toJson(withDecay));
        SparkJobsTest.Output refused = SparkJobsTest.run("train", "--config", annealing.toString(), "--run", dir.resolve("never").toString());
        assertTrue(refused.exit() == 1 && refused.err().contains("remove training.decayStepSampler"), refused.err());

        Path good = dir.resolve("micro.json");
        Files.writeString(good, RunConfigs.toJson(config(2)));
        SparkJobsTest.Output trained = SparkJobsTest.run("train", "--config", good.toString(), "--run", dir.resolve("cli").toString(), "--partitions", "2");
        assertEquals(0, trained.exit(), trained.err());
        assertTrue(trained.out().startsWith("trained 2 steps"), trained.out());
    }

    @Test
    void benchPrintsBothSidesOfEachComparison() throws Exception {
        SparkJobsTest.Output o = SparkJobsTest.run("bench", "--records", "3", "--record-bytes", "300", "--preset", "tiny", "--micro-batch", "4",
                "--steps", "1", "--work-dir", dir.resolve("bench").toString(), "--partitions", "2");
        assertEquals(0, o.exit(), o.err());
        assertTrue(o.out().matches("(?s).*compress 3 records of 300 bytes with bytes-ltr: one process [0-9.]+ s .* Spark job [0-9.]+ s .*overhead [+-][0-9]+ %.*"), o.out());
        assertTrue(o.out().matches("(?s).*training step of the tiny preset .* one process [0-9.]+ s \\(micro-batches of 4: [0-9.]+ s\\), micro-batches on 2 Spark tasks [0-9.]+ s.*"), o.out());
    }
}
