package io.ardm.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ardm.data.TextDataset;
import io.ardm.nn.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextTrainerTest {
    @Test
    void resumingContinuesExactlyAsAnUninterruptedRun(@TempDir Path dir) throws Exception {
        TextDataset data = TinyRuns.corpus();
        new TextTrainer(TinyRuns.config(6, 7), data, dir.resolve("straight"), TinyRuns.QUIET, false).train(false);
        new TextTrainer(TinyRuns.config(3, 7), data, dir.resolve("resumed"), TinyRuns.QUIET, false).train(false);
        new TextTrainer(TinyRuns.config(6, 7), data, dir.resolve("resumed"), TinyRuns.QUIET, false).train(true);

        Checkpoint a = Checkpoint.load(dir.resolve("straight").resolve(TextTrainer.CHECKPOINT));
        Checkpoint b = Checkpoint.load(dir.resolve("resumed").resolve(TextTrainer.CHECKPOINT));
        assertEquals(6, b.metadata().path("step").asLong());
        for (String group : new String[] {Checkpoint.PARAMS, Checkpoint.EMA}) {
            for (var e : a.tensors(group).entrySet()) {
                assertArrayEquals(e.getValue().data, b.tensors(group).get(e.getKey()).data, group + "/" + e.getKey());
            }
        }
        assertArrayEquals(a.array("loss_components.ema"), b.array("loss_components.ema"));
        assertTrue(Files.exists(dir.resolve("resumed").resolve(TextTrainer.PLOT)));
        long evals = Files.readAllLines(dir.resolve("resumed").resolve(TextTrainer.METRICS)).stream().filter(l -> l.contains("\"eval\"")).count();
        assertEquals(2, evals, "the resumed run's metrics hold each evaluation once");
        assertEquals(lastTrainBits(dir.resolve("straight")), lastTrainBits(dir.resolve("resumed")),
                "the train-loss EMA continues across --resume");
    }

    @Test
    void loadedModelMatchesTheTrainedEmaWeights(@TempDir Path dir) throws Exception {
        new TextTrainer(TinyRuns.config(3, 7), TinyRuns.corpus(), dir, TinyRuns.QUIET, false).train(false);
        TextCheckpoint.Loaded loaded = TextCheckpoint.loadForInference(dir.resolve(TextTrainer.CHECKPOINT));
        Checkpoint raw = Checkpoint.load(dir.resolve(TextTrainer.CHECKPOINT));
        for (var e : raw.tensors(Checkpoint.EMA).entrySet()) {
            assertArrayEquals(e.getValue().data, loaded.network().parameters().get(e.getKey()).data, e.getKey());
        }
        assertEquals(32, loaded.fingerprint().length);
        assertEquals(3, loaded.progress().step());
    }

    @Test
    void learningRateDecaysToZeroOverTheConfiguredLastSteps(@TempDir Path dir) throws Exception {
        TextRunConfig config = TinyRuns.config(6, 7);
        TextRunConfig.Training t = config.training();
        TextRunConfig.Training decaying = new TextRunConfig.Training(t.batch(), 6, t.learningRate(), 0, 3, t.beta1(), t.beta2(),
                t.weightDecay(), t.clipNorm(), t.emaDecay(), t.ceWeight(), t.stepSampler(), t.evalEvery(), t.evalSegments(),
                t.checkpointEvery(), t.seed());
        new TextTrainer(config.withTraining(decaying), TinyRuns.corpus(), dir, TinyRuns.QUIET, false).train(false);
        // The last (6th) update ran at step index 5, one third into the last third: base / 3.
        assertEquals(t.learningRate() / 3, lastTrainRecord(dir).path("lr").asDouble(), 1e-15);
        assertEquals(2, decaying.withSteps(4).decaySteps(), "--steps keeps the decay's share of the run");
    }

    private static double lastTrainBits(Path run) throws Exception {
        return lastTrainRecord(run).path("train_bpc").asDouble();
    }

    private static com.fasterxml.jackson.databind.JsonNode lastTrainRecord(Path run) throws Exception {
        return new MetricsLog(run.resolve(TextTrainer.METRICS)).read().stream()
                .filter(r -> r.path("kind").asText().equals("train")).reduce((a, b) -> b).orElseThrow();
    }
}
