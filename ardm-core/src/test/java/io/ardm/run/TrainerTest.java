package io.ardm.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ardm.ardm.StepSampler;
import io.ardm.modality.Dataset;
import io.ardm.nn.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    @Test
    void resumingContinuesExactlyAsAnUninterruptedRun(@TempDir Path dir) throws Exception {
        Dataset data = TinyRuns.corpus();
        new Trainer(TinyRuns.config(6, 7), data, dir.resolve("straight"), TinyRuns.QUIET, TrainingListener.NONE).train(false);
        new Trainer(TinyRuns.config(3, 7), data, dir.resolve("resumed"), TinyRuns.QUIET, TrainingListener.NONE).train(false);
        List<String> heard = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override public void started(long step, int total) { heard.add("started " + step + "/" + total); }
            @Override public void stepped(long step, double trainBits, double tokensPerSecond) { heard.add("step " + step); }
            @Override public void evaluated(List<JsonNode> metrics) { heard.add("evaluated " + metrics.size()); }
            @Override public void close() { heard.add("closed"); }
        };
        new Trainer(TinyRuns.config(6, 7), data, dir.resolve("resumed"), TinyRuns.QUIET, listener).train(true);

        Checkpoint a = Checkpoint.load(dir.resolve("straight").resolve(Trainer.CHECKPOINT));
        Checkpoint b = Checkpoint.load(dir.resolve("resumed").resolve(Trainer.CHECKPOINT));
        assertEquals(6, b.metadata().path("step").asLong());
        for (String group : new String[] {Checkpoint.PARAMS, Checkpoint.EMA}) {
            for (var e : a.tensors(group).entrySet()) {
                assertArrayEquals(e.getValue().data, b.tensors(group).get(e.getKey()).data, group + "/" + e.getKey());
            }
        }
        assertArrayEquals(a.array("loss_components.ema"), b.array("loss_components.ema"));
        assertEquals(List.of("started 3/6", "step 4", "step 5", "step 6", "evaluated " + metricsLines(dir.resolve("resumed")), "closed"), heard,
                "the listener hears the resumed steps and the final evaluation with the whole log");
        long evals = Files.readAllLines(dir.resolve("resumed").resolve(Trainer.METRICS)).stream().filter(l -> l.contains("\"eval\"")).count();
        assertEquals(2, evals, "the resumed run's metrics hold each evaluation once");
        assertEquals(lastTrainBits(dir.resolve("straight")), lastTrainBits(dir.resolve("resumed")),
                "the train-loss EMA continues across --resume");
    }

    @Test
    void loadedModelMatchesTheTrainedEmaWeights(@TempDir Path dir) throws Exception {
        new Trainer(TinyRuns.config(3, 7), TinyRuns.corpus(), dir, TinyRuns.QUIET, TrainingListener.NONE).train(false);
        LoadedModel loaded = RunCheckpoint.loadForInference(dir.resolve(Trainer.CHECKPOINT));
        Checkpoint raw = Checkpoint.load(dir.resolve(Trainer.CHECKPOINT));
        for (var e : raw.tensors(Checkpoint.EMA).entrySet()) {
            assertArrayEquals(e.getValue().data, loaded.network().parameters().get(e.getKey()).data, e.getKey());
        }
        assertEquals(3, loaded.progress().step());
        // The coding fingerprint covers what decoding depends on: another coding order gives another fingerprint.
        assertArrayEquals(loaded.fingerprint(), RunCheckpoint.loadForInference(dir.resolve(Trainer.CHECKPOINT)).fingerprint());
        RunCheckpoint.storeCodingOrderSeed(dir.resolve(Trainer.CHECKPOINT), 5);
        assertFalse(java.util.Arrays.equals(loaded.fingerprint(), RunCheckpoint.loadForInference(dir.resolve(Trainer.CHECKPOINT)).fingerprint()));
    }

    @Test
    void aRunStartedFromAModelBeginsAtItsEmaWeights(@TempDir Path dir) throws Exception {
        new Trainer(TinyRuns.config(3, 7), TinyRuns.corpus(), dir.resolve("first"), TinyRuns.QUIET, TrainingListener.NONE).train(false);
        LoadedModel first = RunCheckpoint.loadForInference(dir.resolve("first").resolve(Trainer.CHECKPOINT));
        // A learning rate far below a float's resolution at these weights: one step leaves them exactly where they started.
        RunConfig still = TinyRuns.config(1, 8);
        still = still.withTraining(still.training().withLearningRate(1e-30));
        new Trainer(still, TinyRuns.corpus(), dir.resolve("second"), TinyRuns.QUIET, TrainingListener.NONE).startingFrom(first).train(false);
        Checkpoint second = Checkpoint.load(dir.resolve("second").resolve(Trainer.CHECKPOINT));
        Checkpoint fresh = trainedFromScratch(still, dir.resolve("fresh"));
        for (var e : second.tensors(Checkpoint.PARAMS).entrySet()) {
            float[] start = first.network().parameters().get(e.getKey()).data;
            assertArrayEquals(start, e.getValue().data, e.getKey());
            // keep·w + take·w rounds to within an ulp or two of w
            assertArrayEquals(start, second.tensors(Checkpoint.EMA).get(e.getKey()).data, 1e-6f, "EMA " + e.getKey());
        }
        assertFalse(java.util.Arrays.equals(fresh.tensors(Checkpoint.PARAMS).get("embed.tokens").data,
                        second.tensors(Checkpoint.PARAMS).get("embed.tokens").data),
                "without a model to start from, the same config starts from random weights");
        assertTrue(Files.readString(dir.resolve("second").resolve(Trainer.METRICS)).contains("\"from_steps\":3"), "the log says where the run started");

        RunConfig wider = new RunConfig("text8", new io.ardm.nn.arch.TransformerConfig(1, 32, 2, 32, 29, 28, 250, 0f, false, false), still.training());
        Trainer mismatched = new Trainer(wider, TinyRuns.corpus(), dir.resolve("third"), TinyRuns.QUIET, TrainingListener.NONE);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> mismatched.startingFrom(first));
        assertTrue(e.getMessage().startsWith("cannot start from a model of another network"), e.getMessage());
    }

    private static Checkpoint trainedFromScratch(RunConfig config, Path run) throws Exception {
        new Trainer(config, TinyRuns.corpus(), run, TinyRuns.QUIET, TrainingListener.NONE).train(false);
        return Checkpoint.load(run.resolve(Trainer.CHECKPOINT));
    }

    /** Micro-batch gradients computed elsewhere (another network, in reverse order) give the bits of computing them here. */
    @Test
    void microBatchesComputedElsewhereGiveTheBitsOfComputingThemHere(@TempDir Path dir) throws Exception {
        RunConfig config = TinyRuns.config(4, 7);
        config = config.withTraining(config.training().withMicroBatch(1));
        new Trainer(config, TinyRuns.corpus(), dir.resolve("here"), TinyRuns.QUIET, TrainingListener.NONE).train(false);
        TrainableArdm worker = ModelKinds.build(config, 99);
        io.ardm.tensor.Workspace workspace = new io.ardm.tensor.Workspace();
        io.ardm.ardm.Objective objective = config.objective();
        List<Integer> order = new ArrayList<>();
        new Trainer(config, TinyRuns.corpus(), dir.resolve("elsewhere"), TinyRuns.QUIET, TrainingListener.NONE)
                .computingMicroBatchesWith(net -> parts -> {
                    worker.parameters().copyValuesFrom(net.parameters());
                    List<MicroBatches.Gradient> out = new ArrayList<>();
                    for (MicroBatches.Part p : parts.reversed()) {
                        order.add(p.index());
                        out.add(MicroBatches.compute(worker, objective, p, workspace));
                    }
                    return out;
                }).train(false);
        assertEquals(List.of(3, 2, 1, 0), order.subList(0, 4), "four micro-batches of one row, computed last first");
        Checkpoint a = Checkpoint.load(dir.resolve("here").resolve(Trainer.CHECKPOINT));
        Checkpoint b = Checkpoint.load(dir.resolve("elsewhere").resolve(Trainer.CHECKPOINT));
        assertSameParameters(a, b, "");
        assertArrayEquals(a.array("loss_components.ema"), b.array("loss_components.ema"));
        assertEquals(lastTrainBits(dir.resolve("here")), lastTrainBits(dir.resolve("elsewhere")));

        new Trainer(TinyRuns.config(4, 7), TinyRuns.corpus(), dir.resolve("whole"), TinyRuns.QUIET, TrainingListener.NONE).train(false);
        Checkpoint whole = Checkpoint.load(dir.resolve("whole").resolve(Trainer.CHECKPOINT));
        assertFalse(java.util.Arrays.equals(whole.tensors(Checkpoint.PARAMS).get("embed.tokens").data, a.tensors(Checkpoint.PARAMS).get("embed.tokens").data),
                "micro-batches draw their own σ and t: not the whole batch's run");
    }

    @Test
    void theOptimiserStepsTheTransformersMatricesWithMuonAtItsOwnRate() {
        RunConfig config = TinyRuns.config(6, 7);
        RunConfig.Training t = config.training().withMuon(true).withMuonLearningRate(2 * config.training().learningRate());
        TrainableArdm net = ModelKinds.build(config, 7);
        float[] matrix = net.parameters().get("block0.mlp.in.weight").data, embedding = net.parameters().get("embed.tokens").data;
        float[] matrixBefore = matrix.clone(), embeddingBefore = embedding.clone();
        // With zero gradients both updates are the decoupled decay alone (Muon's orthogonalised zero is zero; Adam's 0/(0+eps)
        // is zero), so the matrix decays at Muon's rate, twice AdamW's, and the embedding at AdamW's.
        Trainer.optimizer(t, net).step(1e-2);
        float wd = (float) t.weightDecay();
        for (int i = 0; i < matrix.length; i++) assertEquals(matrixBefore[i] - (2f * 1e-2f) * (wd * matrixBefore[i]), matrix[i], 1e-9f);
        for (int i = 0; i < embedding.length; i++) assertEquals(embeddingBefore[i] - 1e-2f * (wd * embeddingBefore[i]), embedding[i], 1e-9f);
    }

    @Test
    void learningRateDecaysToZeroOverTheConfiguredLastSteps(@TempDir Path dir) throws Exception {
        RunConfig config = TinyRuns.config(6, 7);
        RunConfig.Training t = config.training();
        RunConfig.Training decaying = new RunConfig.Training(t.batch(), 6, t.learningRate(), 0, 3, t.beta1(), t.beta2(),
                t.weightDecay(), t.clipNorm(), t.emaDecay(), t.ceWeight(), t.stepSampler(), t.evalEvery(), t.evalSegments(),
                t.checkpointEvery(), t.seed());
        new Trainer(config.withTraining(decaying), TinyRuns.corpus(), dir, TinyRuns.QUIET, TrainingListener.NONE).train(false);
        // The last (6th) update ran at step index 5, one third into the last third: base / 3.
        assertEquals(t.learningRate() / 3, lastTrainRecord(dir).path("lr").asDouble(), 1e-15);
        assertEquals(2, decaying.withSteps(4).decaySteps(), "--steps keeps the decay's share of the run");
    }

    @Test
    void theDecaysOwnSamplerDrawsTFromTheFirstLoweredStep(@TempDir Path dir) throws Exception {
        RunConfig base = TinyRuns.config(6, 7);
        RunConfig.Training t = base.training();
        // Six steps, no warm-up, the last three decaying: steps 0-3 run at the full rate (step 3's factor is 3/3), 4 and 5 below it.
        RunConfig.Training six = new RunConfig.Training(t.batch(), 6, t.learningRate(), 0, 3, t.beta1(), t.beta2(), t.weightDecay(),
                t.clipNorm(), t.emaDecay(), t.ceWeight(), StepSampler.BELL_NARROW, t.evalEvery(), t.evalSegments(), t.checkpointEvery(), t.seed());
        Dataset data = TinyRuns.corpus();
        new Trainer(base.withTraining(six.withDecayStepSampler(StepSampler.UNIFORM)), data, dir.resolve("annealed"), TinyRuns.QUIET,
                TrainingListener.NONE).train(false);
        new Trainer(base.withTraining(six), data, dir.resolve("bell"), TinyRuns.QUIET, TrainingListener.NONE).train(false);
        // The same run by hand: four steps at the full rate with the bell, then the last two resumed with uniform t.
        RunConfig.Training four = new RunConfig.Training(t.batch(), 4, t.learningRate(), 0, 0, t.beta1(), t.beta2(), t.weightDecay(),
                t.clipNorm(), t.emaDecay(), t.ceWeight(), StepSampler.BELL_NARROW, t.evalEvery(), t.evalSegments(), t.checkpointEvery(), t.seed());
        new Trainer(base.withTraining(four), data, dir.resolve("by-hand"), TinyRuns.QUIET, TrainingListener.NONE).train(false);
        new Trainer(base.withTraining(six.withStepSampler(StepSampler.UNIFORM)), data, dir.resolve("by-hand"), TinyRuns.QUIET,
                TrainingListener.NONE).train(true);

        Checkpoint annealed = Checkpoint.load(dir.resolve("annealed").resolve(Trainer.CHECKPOINT));
        Checkpoint byHand = Checkpoint.load(dir.resolve("by-hand").resolve(Trainer.CHECKPOINT));
        Checkpoint bell = Checkpoint.load(dir.resolve("bell").resolve(Trainer.CHECKPOINT));
        assertSameParameters(annealed, byHand, "");
        assertFalse(java.util.Arrays.equals(annealed.tensors(Checkpoint.PARAMS).get("embed.tokens").data,
                bell.tensors(Checkpoint.PARAMS).get("embed.tokens").data), "the bell to the end is another run");
        // One step per call (a time limit of 0 stops after each): every resumed call finds its place in the decay again.
        RunConfig annealedConfig = base.withTraining(six.withDecayStepSampler(StepSampler.UNIFORM));
        for (int call = 0; call < 6; call++) {
            new Trainer(annealedConfig, data, dir.resolve("stepwise"), TinyRuns.QUIET, TrainingListener.NONE).train(call > 0, 0);
        }
        Checkpoint stepwise = Checkpoint.load(dir.resolve("stepwise").resolve(Trainer.CHECKPOINT));
        assertSameParameters(annealed, stepwise, "resumed step by step: ");
        assertEquals(List.of(4L), stepsOf("decay_sampler", dir.resolve("annealed")),
                "the metrics say where the decay's sampler took over");

        RunConfig annealing = base.withTraining(six.withDecayStepSampler(StepSampler.UNIFORM).withMicroBatch(2));
        var e = assertThrows(IllegalArgumentException.class, () -> new Trainer(annealing, data, dir.resolve("spread"), TinyRuns.QUIET,
                TrainingListener.NONE).computingMicroBatchesWith(net -> parts -> List.of()));
        assertTrue(e.getMessage().contains("decayStepSampler"), e.getMessage());
    }

    @Test
    void aLateBatchTakesOverAtItsShareOfTheRun(@TempDir Path dir) throws Exception {
        RunConfig base = TinyRuns.config(6, 7);
        RunConfig.Training t = base.training();
        RunConfig.Training six = new RunConfig.Training(t.batch(), 6, t.learningRate(), 0, 0, t.beta1(), t.beta2(), t.weightDecay(),
                t.clipNorm(), t.emaDecay(), t.ceWeight(), t.stepSampler(), t.evalEvery(), t.evalSegments(), t.checkpointEvery(), t.seed());
        Dataset data = TinyRuns.corpus();
        new Trainer(base.withTraining(six.withLateBatch(2 * t.batch(), 0.5)), data, dir.resolve("late"), TinyRuns.QUIET,
                TrainingListener.NONE).train(false);
        // The same run by hand: three steps of the first batch, then the last three resumed with twice the rows.
        new Trainer(base.withTraining(six.withSteps(3)), data, dir.resolve("by-hand"), TinyRuns.QUIET, TrainingListener.NONE).train(false);
        new Trainer(base.withTraining(six.withBatch(2 * t.batch())), data, dir.resolve("by-hand"), TinyRuns.QUIET, TrainingListener.NONE)
                .train(true);
        new Trainer(base.withTraining(six), data, dir.resolve("same"), TinyRuns.QUIET, TrainingListener.NONE).train(false);

        Checkpoint late = Checkpoint.load(dir.resolve("late").resolve(Trainer.CHECKPOINT));
        Checkpoint byHand = Checkpoint.load(dir.resolve("by-hand").resolve(Trainer.CHECKPOINT));
        assertSameParameters(late, byHand, "");
        assertFalse(java.util.Arrays.equals(late.tensors(Checkpoint.PARAMS).get("embed.tokens").data,
                Checkpoint.load(dir.resolve("same").resolve(Trainer.CHECKPOINT)).tensors(Checkpoint.PARAMS).get("embed.tokens").data),
                "one batch to the end is another run");
        assertEquals(List.of(3L), stepsOf("batch", dir.resolve("late")),
                "the metrics say where the late batch took over");
        // One step per call (a time limit of 0 stops after each): every resumed call finds its batch again.
        for (int call = 0; call < 6; call++) {
            new Trainer(base.withTraining(six.withLateBatch(2 * t.batch(), 0.5)), data, dir.resolve("stepwise"), TinyRuns.QUIET,
                    TrainingListener.NONE).train(call > 0, 0);
        }
        Checkpoint stepwise = Checkpoint.load(dir.resolve("stepwise").resolve(Trainer.CHECKPOINT));
        assertSameParameters(late, stepwise, "resumed step by step: ");
        assertEquals(List.of(3L), stepsOf("batch", dir.resolve("stepwise")),
                "resumed calls past the switch log no second batch record");
        var last = lastTrainRecord(dir.resolve("late"));
        assertEquals(3.0 * (t.batch() + 2 * t.batch()) * base.length(), last.path("tokens_per_s").asDouble() * last.path("elapsed_s").asDouble(),
                1e-6 * last.path("tokens_per_s").asDouble() * last.path("elapsed_s").asDouble(), "tokens/s counts each step's own batch");
        assertEquals(t.batch(), six.withLateBatch(16, 0.5).batchAt(0.49));
        assertThrows(IllegalArgumentException.class, () -> six.withLateBatch(16, 1.0));
    }

    @Test
    void aResumedBudgetRunGoesOnByTheWholeRunsClock(@TempDir Path dir) throws Exception {
        RunConfig base = TinyRuns.config(6, 7);
        RunConfig.Training t = base.training();
        // The budget ends the run (steps to spare), the decay takes its last fifth, the late batch its second half;
        // evaluations and checkpoints come only at the end.
        RunConfig config = base.withTraining(new RunConfig.Training(t.batch(), 1_000_000, t.learningRate(), 0, 200_000, t.beta1(),
                t.beta2(), t.weightDecay(), t.clipNorm(), t.emaDecay(), t.ceWeight(), t.stepSampler(), 1_000_000, t.evalSegments(),
                1_000_000, t.seed()).withLateBatch(2 * t.batch(), 0.5));
        Dataset data = TinyRuns.corpus();
        // A short run first, so the compiler's warm-up does not eat the budget's first half.
        new Trainer(TinyRuns.config(30, 7), data, dir.resolve("warm-up"), TinyRuns.QUIET, TrainingListener.NONE).train(false);
        Path run = dir.resolve("budget");
        new Trainer(config, data, run, TinyRuns.QUIET, TrainingListener.NONE).train(false, 3, true);
        JsonNode firstLaunch = lastTrainRecord(run);
        double first = firstLaunch.path("elapsed_s").asDouble();

        var e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(config, data, run, TinyRuns.QUIET, TrainingListener.NONE).train(true, 3, true));
        assertTrue(e.getMessage().contains("budget"), e.getMessage());
        // Resumed with a budget whose first nine tenths are spent: only its last tenth is left, and the late batch goes on.
        double budget = first / 0.9;
        new Trainer(config, data, run, TinyRuns.QUIET, TrainingListener.NONE).train(true, budget, true);
        double whole = lastTrainRecord(run).path("elapsed_s").asDouble();
        assertTrue(whole >= budget && whole < first + 0.5 * budget,
                "the resumed launch trains the budget's remainder, not a budget of its own: " + first + " s, then " + whole + " s of " + budget);
        List<Long> batchRecords = stepsOf("batch", run);
        assertEquals(1, batchRecords.size(), "the resumed launch starts with the late batch: " + batchRecords);
        assertTrue(batchRecords.get(0) < firstLaunch.path("step").asLong(), "the late batch took over in the first launch");
    }

    @Test
    void aBudgetRunThatRunsOutOfStepsSaysSo(@TempDir Path dir) throws Exception {
        var log = new java.io.ByteArrayOutputStream();
        new Trainer(TinyRuns.config(3, 7), TinyRuns.corpus(), dir.resolve("short"), new java.io.PrintStream(log, true),
                TrainingListener.NONE).train(false, 600, true);
        assertTrue(log.toString().contains("reached its 3 steps") && log.toString().contains("a higher --steps"), log.toString());
        var quiet = new java.io.ByteArrayOutputStream();
        new Trainer(TinyRuns.config(3, 7), TinyRuns.corpus(), dir.resolve("steps"), new java.io.PrintStream(quiet, true),
                TrainingListener.NONE).train(false);
        assertFalse(quiet.toString().contains("a higher --steps"), "a run without a budget ends by its steps: " + quiet);
    }

    /** Every parameter of {@code b} the same bits as in {@code a}; {@code what} prefixes the message. */
    private static void assertSameParameters(Checkpoint a, Checkpoint b, String what) throws Exception {
        for (var e : a.tensors(Checkpoint.PARAMS).entrySet()) {
            assertArrayEquals(e.getValue().data, b.tensors(Checkpoint.PARAMS).get(e.getKey()).data, what + e.getKey());
        }
    }

    /** The steps of a run's metrics records of one kind, in order. */
    private static List<Long> stepsOf(String kind, Path run) throws Exception {
        return new MetricsLog(run.resolve(Trainer.METRICS)).read().stream()
                .filter(r -> r.path("kind").asText().equals(kind)).map(r -> r.path("step").asLong()).toList();
    }

    private static double lastTrainBits(Path run) throws Exception {
        return lastTrainRecord(run).path("train_bpc").asDouble();
    }

    private static com.fasterxml.jackson.databind.JsonNode lastTrainRecord(Path run) throws Exception {
        return new MetricsLog(run.resolve(Trainer.METRICS)).read().stream()
                .filter(r -> r.path("kind").asText().equals("train")).reduce((a, b) -> b).orElseThrow();
    }

    private static long metricsLines(Path run) throws java.io.IOException {
        return Files.readAllLines(run.resolve(Trainer.METRICS)).size();
    }
}
