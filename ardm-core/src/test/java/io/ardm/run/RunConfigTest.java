package io.ardm.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ardm.ardm.process.AbsorbingProcess;
import io.ardm.ardm.process.MixtureAbsorbingProcess;
import io.ardm.ardm.process.UpscaleProcess;
import io.ardm.ardm.StepSampler;
import io.ardm.modality.Modalities;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run configs name one network and one process, and read back from JSON as they were written, old ones included. */
class RunConfigTest {
    @Test
    void imageConfigsRoundTripThroughJson(@TempDir Path dir) throws Exception {
        RunConfig up = RunConfig.preset("small", Modalities.IMAGE).withUpscale(16);
        Path file = Files.writeString(dir.resolve("c.json"), RunConfigs.toJson(up));
        RunConfig back = RunConfigs.read(file);
        assertEquals(up, back);
        assertInstanceOf(UpscaleProcess.class, back.process());
        assertEquals(2, back.process().stages(), "256 levels in base 16: two digits");
        assertEquals(3072, back.length());
        assertEquals(ModelKinds.UNET, ModelKinds.kindOf(back));
    }

    @Test
    void anImageOaArdmWithAMixtureHeadReadsThreeOutputsPerLogisticAndOldImageConfigsKeepTheCategoricalHead(@TempDir Path dir) throws Exception {
        RunConfig mixture = RunConfig.preset("small", Modalities.IMAGE).withMixtures(10).withInputSkip(true);
        assertEquals(mixture, RunConfig.preset("small", Modalities.IMAGE), "the small image preset's head and read-out");
        RunConfig back = RunConfigs.read(Files.writeString(dir.resolve("m.json"), RunConfigs.toJson(mixture)));
        assertEquals(mixture, back);
        assertTrue(back.unet().readsInput());
        MixtureAbsorbingProcess p = assertInstanceOf(MixtureAbsorbingProcess.class, back.process());
        assertEquals(30, p.logitsPerPosition());
        assertEquals(256, p.classes());
        assertEquals(30, ModelKinds.build(back, 0).logits(io.ardm.tensor.Tape.inference(),
                new io.ardm.ardm.StepInput(new int[3072], new boolean[3072], new int[] {5}, 1)).dim(2), "the U-Net gives 30 outputs per sub-pixel");

        RunConfig paperHead = RunConfig.preset("small", Modalities.IMAGE).withMixtures(0).withInputSkip(false);
        assertEquals(RunConfig.preset("paper", Modalities.IMAGE).unet().mixtures(), paperHead.unet().mixtures(), "M = 0: the paper's head");
        String categorical = RunConfigs.toJson(paperHead);
        assertFalse(categorical.contains("mixtures") || categorical.contains("inputSkip"), "an image config without them keeps the JSON it had");
        RunConfig old = RunConfigs.read(Files.writeString(dir.resolve("c.json"), categorical));
        assertInstanceOf(AbsorbingProcess.class, old.process());
        assertEquals(256, old.process().logitsPerPosition());
        assertFalse(old.unet().readsInput());

        UpscaleProcess up = assertInstanceOf(UpscaleProcess.class, mixture.withUpscale(4).process());
        assertEquals(10, up.mixture().outputs() / 3, "an upscale ARDM's data parametrization takes the mixture as its θ");
        assertEquals(30, up.logitsPerPosition());
        assertFalse(up.direct());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunConfig.preset("tiny").withMixtures(4)).getMessage().contains("transformer"));
        assertThrows(IllegalArgumentException.class, () -> RunConfig.preset("tiny", Modalities.IMAGE).withMixtures(-1));
    }

    @Test
    void transformerConfigsKeepTheirJsonAndProcess() throws Exception {
        String json = RunConfigs.toJson(RunConfig.preset("tiny"));
        assertFalse(json.contains("unet") || json.contains("upscale") || json.contains("rope"), "nothing new in a text model's config (fingerprints stay)");
        RunConfig text = RunCheckpoint.JSON.readValue(json, RunConfig.class);
        assertInstanceOf(AbsorbingProcess.class, text.process());
        assertEquals(ModelKinds.TRANSFORMER, ModelKinds.kindOf(text));
    }

    @Test
    void rotaryPositionsAreWrittenOnlyWhenChosen(@TempDir Path dir) throws Exception {
        RunConfig rotary = RunConfig.preset("tiny").withRope();
        String json = RunConfigs.toJson(rotary);
        assertTrue(json.contains("\"rope\" : true"), json);
        assertEquals(rotary, RunConfigs.read(Files.writeString(dir.resolve("rope.json"), json)));
        RunConfig older = RunConfigs.read(Files.writeString(dir.resolve("old.json"), RunConfigs.toJson(RunConfig.preset("tiny"))));
        assertFalse(older.model().rope(), "a config written before rotary positions existed has none");
    }

    @Test
    void muonIsWrittenOnlyWhenChosen(@TempDir Path dir) throws Exception {
        RunConfig muon = RunConfig.preset("tiny").withTraining(RunConfig.preset("tiny").training().withMuon(true));
        String json = RunConfigs.toJson(muon);
        assertTrue(json.contains("\"muon\" : true"), json);
        assertEquals(muon, RunConfigs.read(Files.writeString(dir.resolve("muon.json"), json)));
        assertTrue(RunConfig.preset("small").training().muon(), "the 2-hour preset steps its matrices with Muon");
        assertEquals(List.of(16, 32), List.of(RunConfig.preset("small").training().batchAt(0.49), RunConfig.preset("small").training().batchAt(0.5)),
                "the 2-hour preset's steps take 32 sequences from half the run on");
        assertFalse(RunConfigs.toJson(RunConfig.preset("tiny")).contains("lateBatch"), "configs without a late batch keep their JSON");
        String plain = RunConfigs.toJson(RunConfig.preset("tiny"));
        assertFalse(plain.contains("muon"), "configs without Muon keep their JSON (fingerprints stay)");
        assertFalse(RunConfigs.read(Files.writeString(dir.resolve("old.json"), plain)).training().muon());
        RunConfig image = RunConfig.preset("small", Modalities.IMAGE);
        var e = assertThrows(IllegalArgumentException.class, () -> image.withTraining(image.training().withMuon(true)));
        assertTrue(e.getMessage().contains("U-Net"), e.getMessage());
        assertFalse(RunConfigs.toJson(RunConfig.preset("small")).contains("muonLearningRate"), "Muon at AdamW's rate writes no rate of its own");
        RunConfig faster = RunConfig.preset("small").withTraining(RunConfig.preset("small").training().withMuonLearningRate(9e-3));
        assertEquals(3.0, faster.training().muonRateRatio(), 1e-12);
        assertEquals(faster, RunConfigs.read(Files.writeString(dir.resolve("faster.json"), RunConfigs.toJson(faster))));
        assertEquals(0, faster.training().withMuon(false).muonLearningRate(), "back on AdamW: one rate again");
        var lone = assertThrows(IllegalArgumentException.class, () -> RunConfig.preset("tiny").training().withMuonLearningRate(1e-2));
        assertTrue(lone.getMessage().contains("--muon"), lone.getMessage());
    }

    @Test
    void aDecayStepSamplerIsWrittenOnlyWhenChosen(@TempDir Path dir) throws Exception {
        RunConfig small = RunConfig.preset("small");
        assertFalse(RunConfigs.toJson(small).contains("decayStepSampler"), "configs without one keep their JSON (fingerprints stay)");
        RunConfig annealed = small.withTraining(small.training().withDecayStepSampler(StepSampler.UNIFORM));
        assertEquals(annealed, RunConfigs.read(Files.writeString(dir.resolve("annealed.json"), RunConfigs.toJson(annealed))));
        assertEquals(StepSampler.BELL_NARROW, annealed.training().stepSampler(false));
        assertEquals(StepSampler.UNIFORM, annealed.training().stepSampler(true));
        assertEquals(StepSampler.BELL_NARROW, small.training().stepSampler(true), "without one, the run's sampler to the end");
        RunConfig.Training t = small.training();
        var e = assertThrows(IllegalArgumentException.class, () -> new RunConfig.Training(t.batch(), t.steps(), t.learningRate(),
                t.warmupSteps(), 0, t.beta1(), t.beta2(), t.weightDecay(), t.clipNorm(), t.emaDecay(), t.ceWeight(), t.stepSampler(),
                t.evalEvery(), t.evalSegments(), t.checkpointEvery(), t.seed(), 0, true, 0, StepSampler.UNIFORM, 0, 0));
        assertTrue(e.getMessage().contains("needs a decay"), e.getMessage());
    }

    @Test
    void inconsistentConfigsAreOneLineErrors() {
        RunConfig image = RunConfig.preset("tiny", Modalities.IMAGE);
        assertTrue(assertThrows(IllegalArgumentException.class, image::asLeftToRight).getMessage().contains("transformer"));
        assertTrue(assertThrows(IllegalArgumentException.class, image::withRope).getMessage().contains("U-Net"));
        assertTrue(assertThrows(IllegalArgumentException.class, RunConfig.preset("tiny", Modalities.AUDIO)::withAlibi).getMessage().contains("WaveNet"));
        assertThrows(IllegalArgumentException.class, () -> image.withUpscale(1));
        assertThrows(IllegalArgumentException.class, () -> RunConfig.preset("tiny").withUpscale(4), "upscaling is built on the U-Net");
        assertThrows(IllegalArgumentException.class, () -> new RunConfig("text8", null, image.unet(), null, image.training()));
    }

    @Test
    void eachTrainingWitherChangesOnlyItsOwnField() throws Exception {
        // Every field distinct and non-zero, so a wither that dropped or swapped one would show.
        RunConfig.Training all = new RunConfig.Training(20, 900, 4e-3, 30, 90, 0.8, 0.95, 2e-3, 0.5, 0.99, 3e-4,
                StepSampler.BELL, 11, 13, 17, 19, 5, true, 6e-3, StepSampler.ANTITHETIC, 40, 0.7);
        Map<String, java.util.function.UnaryOperator<RunConfig.Training>> withers = Map.of(
                "seed", t -> t.withSeed(23), "learningRate", t -> t.withLearningRate(1e-3), "stepSampler", t -> t.withStepSampler(StepSampler.UNIFORM),
                "batch", t -> t.withBatch(24), "microBatch", t -> t.withMicroBatch(4), "muonLearningRate", t -> t.withMuonLearningRate(8e-3),
                "decayStepSampler", t -> t.withDecayStepSampler(StepSampler.UNIFORM), "lateBatch", t -> t.withLateBatch(48, 0.7),
                "lateBatchFrom", t -> t.withLateBatch(40, 0.6));
        for (var w : withers.entrySet()) {
            RunConfig.Training changed = w.getValue().apply(all);
            for (RecordComponent c : RunConfig.Training.class.getRecordComponents()) {
                Object before = c.getAccessor().invoke(all), after = c.getAccessor().invoke(changed);
                if (c.getName().equals(w.getKey())) assertNotEquals(before, after, w.getKey() + " changes");
                else assertEquals(before, after, w.getKey() + "'s wither leaves " + c.getName() + " alone");
            }
        }
        RunConfig.Training longer = all.withSteps(1800);
        assertEquals(1800, longer.steps());
        assertEquals(180, longer.decaySteps(), "--steps keeps the decay's share");
        assertEquals(all, longer.withSteps(900));
        assertEquals(5, all.withBatch(12).microBatch(), "a micro-batch that still fits is kept");
        assertEquals(0, all.withBatch(4).microBatch(), "a micro-batch larger than the new batch becomes the whole batch");
        assertEquals(0, all.withMuon(false).muonLearningRate(), "back on AdamW: one rate");
        assertThrows(IllegalArgumentException.class, () -> all.withMicroBatch(21), "the constructor validates a wither's result");
        assertThrows(IllegalArgumentException.class, () -> all.withMuonLearningRate(Double.POSITIVE_INFINITY));
    }
}
