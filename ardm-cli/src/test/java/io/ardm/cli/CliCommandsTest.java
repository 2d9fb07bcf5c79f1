package io.ardm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ardm.run.TrainingListener;
import io.ardm.ardm.Likelihood;
import io.ardm.ardm.StagePolicies;
import io.ardm.modality.Dataset;
import io.ardm.nn.Checkpoint;
import io.ardm.run.InfillEvaluation;
import io.ardm.run.LoadedModel;
import io.ardm.run.RunCheckpoint;
import io.ardm.run.RunConfig;
import io.ardm.run.TinyRuns;
import io.ardm.run.Trainer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What each inference command prints, checked against the library computing the same thing. */
class CliCommandsTest {
    @TempDir static Path dir;
    static Path model;

    @BeforeAll
    static void trainATinyModel() throws Exception {
        new Trainer(TinyRuns.config(6, 3), TinyRuns.corpus(), dir.resolve("m"), TinyRuns.QUIET, TrainingListener.NONE).train(false);
        model = dir.resolve("m").resolve(Trainer.CHECKPOINT);
    }

    record Output(int exit, String out, String err) {}

    /** Runs a command in-process, capturing what it prints on System.out, System.err and picocli's error writer. */
    static synchronized Output run(String... args) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            CommandLine cl = Main.commandLine();
            cl.setErr(new PrintWriter(err));
            int exit = cl.execute(args);
            return new Output(exit, out.toString(StandardCharsets.UTF_8), err + stderr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }

    static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no match for " + regex + " in: " + text);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void trainPrintsTheConfigItWouldRun() throws Exception {
        Output o = run("train", "--modality", "bytes", "--preset", "small", "--steps", "700", "--step-sampler", "BELL", "--print-config");
        assertEquals(0, o.exit(), o.err());
        var config = new com.fasterxml.jackson.databind.ObjectMapper().readTree(o.out());
        assertEquals("bytes", config.path("modality").asText());
        assertEquals(257, config.path("model").path("inputVocab").asInt());
        assertEquals(256, config.path("model").path("outputVocab").asInt());
        assertEquals("BELL", config.path("training").path("stepSampler").asText());
        assertEquals(140, config.path("training").path("decaySteps").asInt(), "--steps keeps the decay's share");
        assertTrue(config.path("model").path("rope").asBoolean(), "the small preset rotates queries and keys");
        assertFalse(config.path("model").path("alibi").asBoolean(), "instead of ALiBi");
        Output tiny = run("train", "--preset", "tiny", "--print-config");
        assertTrue(new com.fasterxml.jackson.databind.ObjectMapper().readTree(tiny.out()).path("model").path("rope").isMissingNode(), tiny.out());
        Output rotary = run("train", "--preset", "tiny", "--rope", "--print-config");
        assertEquals(0, rotary.exit(), rotary.err());
        assertTrue(new com.fasterxml.jackson.databind.ObjectMapper().readTree(rotary.out()).path("model").path("rope").asBoolean(), rotary.out());
        assertTrue(new com.fasterxml.jackson.databind.ObjectMapper().readTree(tiny.out()).path("training").path("muon").isMissingNode(), tiny.out());
        Output muon = run("train", "--preset", "tiny", "--muon", "--print-config");
        assertEquals(0, muon.exit(), muon.err());
        assertTrue(new com.fasterxml.jackson.databind.ObjectMapper().readTree(muon.out()).path("training").path("muon").asBoolean(), muon.out());
        Output muonRate = run("train", "--preset", "small", "--muon-lr", "6e-3", "--print-config");
        assertEquals(0, muonRate.exit(), muonRate.err());
        assertEquals(6e-3, new com.fasterxml.jackson.databind.ObjectMapper().readTree(muonRate.out()).path("training").path("muonLearningRate").asDouble(), 0);
        Output annealed = run("train", "--preset", "small", "--decay-step-sampler", "UNIFORM", "--print-config");
        assertEquals(0, annealed.exit(), annealed.err());
        assertEquals("UNIFORM", new com.fasterxml.jackson.databind.ObjectMapper().readTree(annealed.out()).path("training").path("decayStepSampler").asText());
        Output late = run("train", "--preset", "small", "--late-batch", "64", "--late-batch-from", "0.25", "--print-config");
        assertEquals(0, late.exit(), late.err());
        var lateTraining = new com.fasterxml.jackson.databind.ObjectMapper().readTree(late.out()).path("training");
        assertEquals(64, lateTraining.path("lateBatch").asInt(), late.out());
        assertEquals(0.25, lateTraining.path("lateBatchFrom").asDouble(), 0, late.out());
        Output oneBatch = run("train", "--preset", "small", "--late-batch", "0", "--print-config");
        assertEquals(0, oneBatch.exit(), oneBatch.err());
        assertFalse(oneBatch.out().contains("lateBatch"), oneBatch.out());
        Output fromAlone = run("train", "--preset", "small", "--late-batch-from", "0.3", "--print-config");
        assertTrue(fromAlone.exit() != 0 && fromAlone.err().contains("needs --late-batch") && !fromAlone.err().contains("\tat "), fromAlone.err());
        Output lateBad = run("train", "--preset", "small", "--late-batch", "32", "--late-batch-from", "1", "--print-config");
        assertTrue(lateBad.exit() != 0 && lateBad.err().contains("strictly between 0 and 1") && !lateBad.err().contains("\tat "), lateBad.err());
        Output lone = run("train", "--preset", "tiny", "--muon-lr", "6e-3", "--print-config");
        assertTrue(lone.exit() != 0 && lone.err().contains("needs Muon (--muon)") && !lone.err().contains("\tat "), lone.err());
        Output bad = run("train", "--modality", "pixels", "--print-config");
        assertTrue(bad.exit() != 0 && bad.err().contains("unknown modality 'pixels'"), bad.err());
    }

    @Test
    void trainInitTakesTheModelsNetworkAndStartsFromItsWeights() throws Exception {
        Output o = run("train", "--init", model.toString(), "--preset", "small", "--steps", "900", "--lr", "5e-4", "--print-config");
        assertEquals(0, o.exit(), o.err());
        var config = new com.fasterxml.jackson.databind.ObjectMapper().readTree(o.out());
        assertEquals(16, config.path("model").path("dModel").asInt(), "the network is the model's, not the preset's 192");
        assertEquals(5e-4, config.path("training").path("learningRate").asDouble(), 0);
        assertEquals(16, config.path("training").path("batch").asInt(), "the training settings are the preset's");

        Path run = dir.resolve("from-m");
        Output t = run("train", "--init", model.toString(), "--preset", "tiny", "--steps", "1", "--lr", "1e-30", "--run", run.toString(), "--no-progress");
        assertEquals(0, t.exit(), t.err());
        assertTrue(t.err().contains("starting from the weights of a model trained 6 steps"), t.err());
        Checkpoint trained = Checkpoint.load(run.resolve(Trainer.CHECKPOINT));
        LoadedModel m = RunCheckpoint.loadForInference(model);
        for (var e : trained.tensors(Checkpoint.PARAMS).entrySet()) {
            assertArrayEquals(m.network().parameters().get(e.getKey()).data, e.getValue().data, e.getKey());
        }

        for (String[] bad : List.of(new String[] {"--modality", "bytes"}, new String[] {"--left-to-right"}, new String[] {"--resume"})) {
            List<String> args = new java.util.ArrayList<>(List.of("train", "--init", model.toString(), "--run", dir.resolve("bad").toString()));
            args.addAll(List.of(bad));
            Output refused = run(args.toArray(String[]::new));
            assertTrue(refused.exit() != 0 && refused.err().contains("--init"), String.join(" ", bad) + ": " + refused.err());
            assertFalse(refused.err().contains("\tat "), "one line, no stack trace: " + refused.err());
        }
        Output missing = run("train", "--init", dir.resolve("nothing.ardm").toString(), "--run", dir.resolve("bad").toString());
        assertTrue(missing.exit() != 0 && missing.err().contains("nothing.ardm"), missing.err());
    }

    @Test
    void trainResumeAloneContinuesTheRunsOwnConfig() throws Exception {
        Path run = dir.resolve("bytes-run");
        Output started = run("train", "--modality", "bytes", "--preset", "tiny", "--steps", "2", "--batch", "2", "--run", run.toString(), "--no-progress");
        assertEquals(0, started.exit(), started.err());
        Output resumed = run("train", "--resume", "--run", run.toString(), "--steps", "3", "--no-progress");
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(resumed.err().contains("resuming " + run.resolve(Trainer.CHECKPOINT) + " at step 2 of 3"), resumed.err());
        RunConfig config = RunCheckpoint.config(run.resolve(Trainer.CHECKPOINT));
        assertEquals("bytes", config.modality(), "not the default text8 preset");
        assertEquals(2, config.training().batch(), "the run's own batch, not the preset's");
        assertEquals(3, RunCheckpoint.loadForInference(run.resolve(Trainer.CHECKPOINT)).progress().step());

        Output other = run("train", "--resume", "--run", run.toString(), "--preset", "tiny", "--steps", "4", "--no-progress");
        assertTrue(other.exit() != 0 && other.err().contains("holds a different model (bytes"), "an explicit preset is still checked: " + other.err());
    }

    @Test
    void aBudgetEndsTheRunAtItsTimeWithTheRateAnnealed() throws Exception {
        Path run = dir.resolve("budget-run");
        Output o = run("train", "--preset", "tiny", "--budget", "0.1", "--steps", "1000000", "--batch", "2", "--run", run.toString(), "--no-progress");
        assertEquals(0, o.exit(), o.err());
        long steps = RunCheckpoint.loadForInference(run.resolve(Trainer.CHECKPOINT)).progress().step();
        assertTrue(steps > 0 && steps < 1_000_000, "the budget, not the steps, ended it: " + steps);
        List<String> train = Files.readAllLines(run.resolve("metrics.jsonl")).stream().filter(l -> l.contains("\"train\"")).toList();
        double lastRate = number(train.get(train.size() - 1), "\"lr\":([0-9.Ee-]+)");
        double peak = RunCheckpoint.config(run.resolve(Trainer.CHECKPOINT)).training().learningRate();
        assertTrue(lastRate < 0.5 * peak, "the last step ran in the annealed tail: lr " + lastRate + " of " + peak);
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var lifted = json.readTree(run("train", "--preset", "small", "--budget", "115", "--print-config").out()).path("training");
        assertEquals(100_000, lifted.path("steps").asInt(), "without --steps the budget, not the preset's 10,000 steps, ends the run");
        assertEquals(20_000, lifted.path("decaySteps").asInt(), "the decay keeps its share of the run");
        var capped = json.readTree(run("train", "--preset", "small", "--budget", "115", "--steps", "30000", "--print-config").out()).path("training");
        assertEquals(30_000, capped.path("steps").asInt(), "an explicit --steps still caps a budget run");
        var untimed = json.readTree(run("train", "--preset", "small", "--print-config").out()).path("training");
        assertEquals(10_000, untimed.path("steps").asInt(), "without a budget the preset's steps stand");
        Output both = run("train", "--budget", "1", "--time-limit", "1", "--print-config");
        assertTrue(both.exit() != 0 && both.err().contains("--budget takes a positive number of minutes and replaces --time-limit"), both.err());
    }

    @Test
    void evalPrintsTheElboTheLibraryComputes() throws Exception {
        Output o = run("eval", "-m", model.toString(), "--split", "test", "--segments", "6", "--passes", "2", "--seed", "4", "--exact");
        assertEquals(0, o.exit(), o.err());
        LoadedModel m = RunCheckpoint.loadForInference(model);
        Dataset test = m.modality().bundledSample();
        int[] x = test.segments(Dataset.Split.TEST, 250, 0, 6);
        Likelihood.Estimate want = Likelihood.stochasticElbo(m.network(), m.process(), x, 6, StagePolicies.sequential(1, 250), 2, 16, 4);
        assertEquals(want.bitsPerDim(), number(o.out(), "ELBO (\\d+\\.\\d+) ±"), 5e-5, o.out());
        double nll = 0;
        for (int i = 0; i < 6; i++) nll += m.exactBits(Arrays.copyOfRange(x, i * 250, (i + 1) * 250), StagePolicies.sequential(1, 250), 32) / 6;
        assertEquals(nll, number(o.out(), "coding order: (\\d+\\.\\d+) ±"), 5e-5, o.out());
    }

    @Test
    void everyKthSegmentIsASampleSpreadOverTheSplit() throws Exception {
        Output o = run("eval", "-m", model.toString(), "--split", "test", "--every", "3", "--segments", "2", "--passes", "2", "--seed", "4");
        assertEquals(0, o.exit(), o.err());
        LoadedModel m = RunCheckpoint.loadForInference(model);
        Dataset test = m.modality().bundledSample();
        int[] x = new int[500];
        System.arraycopy(test.segments(Dataset.Split.TEST, 250, 0, 1), 0, x, 0, 250);
        System.arraycopy(test.segments(Dataset.Split.TEST, 250, 3, 1), 0, x, 250, 250);
        Likelihood.Estimate want = Likelihood.stochasticElbo(m.network(), m.process(), x, 2, StagePolicies.sequential(1, 250), 2, 16, 4);
        assertEquals(want.bitsPerDim(), number(o.out(), "ELBO (\\d+\\.\\d+) ±"), 5e-5, o.out());
        Output bad = run("eval", "-m", model.toString(), "--every", "0");
        assertTrue(bad.exit() != 0 && bad.err().contains("--every must be >= 1"), bad.err());
    }

    @Test
    void evalInfillPrintsTheAccuracyAndConditionalBitsTheLibraryComputes() throws Exception {
        Output o = run("eval", "-m", model.toString(), "--split", "test", "--segments", "3", "--seed", "2", "--infill", "0.1");
        assertEquals(0, o.exit(), o.err());
        LoadedModel m = RunCheckpoint.loadForInference(model);
        int[] x = m.modality().bundledSample().segments(Dataset.Split.TEST, 250, 0, 3);
        InfillEvaluation.Result want = InfillEvaluation.run(m, null, x, 3, 25, new SplittableRandom(2));
        assertTrue(o.out().contains("25 of 250 positions blanked"), o.out());
        assertEquals(100 * want.accuracy(), number(o.out(), "accuracy (\\d+\\.\\d+) %"), 0.005, o.out());
        assertEquals(want.bitsPerBlank().bitsPerDim(), number(o.out(), "%; (\\d+\\.\\d+) ±"), 5e-5, o.out());
        assertTrue(want.bitsPerBlank().bitsPerDim() > 0);
        Output bad = run("eval", "-m", model.toString(), "--infill", "1.5");
        assertTrue(bad.exit() != 0 && bad.err().contains("--infill must be a fraction"), bad.err());
    }

    @Test
    void comparePairsEveryModelWithTheFirstOnTheSameStepsAndOrders() throws Exception {
        Path other = dir.resolve("other");
        new Trainer(TinyRuns.config(2, 9), TinyRuns.corpus(), other, TinyRuns.QUIET, TrainingListener.NONE).train(false);
        Output o = run("compare", model.toString(), model.toString(), other.resolve(Trainer.CHECKPOINT).toString(), "--segments", "5",
                "--passes", "2", "--seed", "3");
        assertEquals(0, o.exit(), o.err());
        List<String> rows = o.out().lines().filter(l -> l.startsWith("| " + dir)).toList();
        assertEquals(3, rows.size(), o.out());
        assertTrue(rows.get(1).endsWith("| +0.0000 ± 0.0000 |"), "a model against itself: the same σ and t, a zero difference: " + rows.get(1));
        assertFalse(rows.get(2).endsWith("| +0.0000 ± 0.0000 |"), rows.get(2));
        LoadedModel m = RunCheckpoint.loadForInference(model);
        int[] x = m.modality().bundledSample().segments(Dataset.Split.TEST, 250, 0, 5);
        Likelihood.Estimate want = Likelihood.stochasticElbo(m.network(), m.process(), x, 5, StagePolicies.sequential(1, 250), 2, 16, 3);
        assertEquals(want.bitsPerDim(), number(rows.get(0), "ELBO (\\d+\\.\\d+) ±"), 5e-5, o.out());
        Output one = run("compare", model.toString());
        assertTrue(one.exit() != 0, "needs two models");
    }

    @Test
    void sampleIsSeededAndInTheAlphabet() {
        Output a = run("sample", "-m", model.toString(), "-n", "2", "-b", "10", "--seed", "5");
        Output b = run("sample", "-m", model.toString(), "-n", "2", "-b", "10", "--seed", "5");
        Output c = run("sample", "-m", model.toString(), "-n", "2", "-b", "10", "--seed", "6");
        assertEquals(0, a.exit(), a.err());
        List<String> lines = a.out().lines().toList();
        assertEquals(2, lines.size());
        for (String line : lines) {
            assertEquals(250, line.length());
            assertTrue(line.chars().allMatch(ch -> ch == ' ' || ch >= 'a' && ch <= 'z'), line);
        }
        assertEquals(a.out(), b.out(), "same seed, same samples");
        assertNotEquals(a.out(), c.out(), "another seed, other samples");
        assertTrue(a.err().contains("(10 network calls)"), a.err());
    }

    @Test
    void infillKeepsWhatIsGivenAndFillsTheBlanks() {
        String text = "and god said let there be l_ght and there w_s li_ht";
        Output o = run("infill", "-m", model.toString(), "--text", text, "-n", "3", "--seed", "2");
        assertEquals(0, o.exit(), o.err());
        List<String> lines = o.out().lines().toList();
        assertEquals(3, lines.size());
        for (String line : lines) {
            assertEquals(text.length(), line.length());
            for (int j = 0; j < text.length(); j++) {
                if (text.charAt(j) == '_') assertTrue(line.charAt(j) == ' ' || Character.isLowerCase(line.charAt(j)), line);
                else assertEquals(text.charAt(j), line.charAt(j), line);
            }
        }
        assertTrue(o.err().contains("(" + (250 - text.length() + 3) + " network calls)"), "one call per unknown position: " + o.err());
    }

    @Test
    void scheduleSpendsTheBudgetAndBeatsNoPolicyOnItsOwnComponents() {
        Output o = run("schedule", "-m", model.toString(), "-b", "7");
        assertEquals(0, o.exit(), o.err());
        String policy = o.out().lines().filter(l -> l.startsWith("policy (dp): ")).findFirst().orElseThrow();
        assertEquals(7, policy.split(",").length, policy);
        assertTrue(policy.startsWith("policy (dp): [0,"), policy);
        assertEquals(7, (int) number(o.out(), "network calls: (\\d+)"));
        double dp = number(o.out(), "expected cost: dp (\\d+\\.\\d+)");
        double naive = number(o.out(), "naive (\\d+\\.\\d+)");
        double all = number(o.out(), "steps (\\d+\\.\\d+) bpc");
        assertTrue(dp <= naive + 1e-9 && all <= dp + 1e-9, o.out());
    }

    @Test
    void componentsSaveReplacesTheTrackedOnesAndTheFingerprint() throws Exception {
        Path copy = Files.copy(model, dir.resolve("components.ardm"));
        LoadedModel before = RunCheckpoint.loadForInference(copy);
        Output o = run("components", "-m", copy.toString(), "--samples", "2", "--save");
        assertEquals(0, o.exit(), o.err());
        LoadedModel after = RunCheckpoint.loadForInference(copy);
        double estimated = number(o.out(), "sum of L_t: (\\d+\\.\\d+) bpc estimated here");
        assertEquals(estimated, Arrays.stream(after.components().estimate()).sum(), 5e-5);
        assertFalse(Arrays.equals(before.components().estimate(), after.components().estimate()));
        assertFalse(Arrays.equals(before.fingerprint(), after.fingerprint()), "the policies changed, so the fingerprint must");
        Output notSaved = run("components", "-m", copy.toString(), "--samples", "2");
        assertArrayEquals(after.components().estimate(), RunCheckpoint.loadForInference(copy).components().estimate());
        assertTrue(notSaved.out().contains("not saved"));
    }

    @Test
    void codingOrderSaveStoresTheBestSeed() throws Exception {
        Path copy = Files.copy(model, dir.resolve("order.ardm"));
        Output o = run("coding-order", "-m", copy.toString(), "--tries", "3", "--segments", "2", "-b", "5", "--save");
        assertEquals(0, o.exit(), o.err());
        long best = (long) number(o.out(), "best: seed (\\d+)");
        assertEquals(best, RunCheckpoint.loadForInference(copy).codingOrderSeed());
        // the stored seed is the one with the fewest bits among those printed
        double bestBits = Double.POSITIVE_INFINITY;
        for (String line : o.out().lines().filter(l -> l.startsWith("order seed ")).toList()) {
            bestBits = Math.min(bestBits, number(line, ": (\\d+\\.\\d+) bpc"));
        }
        assertEquals(bestBits, number(o.out(), "best: seed \\d+ \\((\\d+\\.\\d+) bpc"), 0.0);
        Checkpoint raw = Checkpoint.load(copy);
        assertEquals(best == 0, !raw.hasArray("coding_order.seed") || raw.array("coding_order.seed")[0] == 0);
    }
}
