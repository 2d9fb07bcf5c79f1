package io.ardm.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ardm.ardm.Likelihood;
import io.ardm.ardm.LossComponents;
import io.ardm.ardm.Objective;
import io.ardm.modality.CropSampler;
import io.ardm.modality.Dataset;
import io.ardm.modality.Modality;
import io.ardm.nn.AdamW;
import io.ardm.nn.Muon;
import io.ardm.nn.Checkpoint;
import io.ardm.nn.Ema;
import io.ardm.nn.LearningRate;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Trains an OA-ARDM (or the left-to-right baseline, same code, causal model): AdamW with linear warm-up, global-norm clipping, an EMA of the weights, periodic
 * evaluation of the validation ELBO with the EMA weights, checkpoints and exact resume. A run directory holds
 * {@code checkpoint.ardm} and {@code metrics.jsonl} (and the command line's {@code bpc.png}); progress goes to a
 * {@link TrainingListener}.
 */
public final class Trainer {
    public static final String CHECKPOINT = "checkpoint.ardm";
    public static final String METRICS = "metrics.jsonl";

    private final RunConfig config;
    private final Dataset data;
    private final Path runDir;
    private final PrintStream log;
    private final TrainingListener listener;
    private boolean overwrite;
    private LoadedModel initial;
    private Function<TrainableArdm, TrainingStep.MicroBatchRunner> microBatchRunner = net -> null;

    public Trainer(RunConfig config, Dataset data, Path runDir, PrintStream log, TrainingListener listener) {
        this.config = config;
        this.data = data;
        this.runDir = runDir;
        this.log = log;
        this.listener = listener;
    }

    /** Allows a fresh run to replace an existing checkpoint in the run directory. */
    public Trainer overwriting() {
        overwrite = true;
        return this;
    }

    /**
     * Starts a fresh run from {@code model}'s weights instead of random ones (fine-tuning, or continuing a finished run
     * past its decay): the model must have this run's network; optimiser, schedule and data order start afresh.
     */
    public Trainer startingFrom(LoadedModel model) {
        RunConfig theirs = model.config().withTraining(config.training());
        if (!theirs.equals(config)) {
            throw new IllegalArgumentException("cannot start from a model of another network (" + model.config().modality() + ", "
                    + model.config().describeNetwork() + "; this run: " + config.modality() + ", " + config.describeNetwork() + ")");
        }
        initial = model;
        return this;
    }

    /**
     * Computes the micro-batches of every step with the runner made for the run's network (Spark executors, say)
     * instead of here; the config must split steps into micro-batches. Same bits as computing them here.
     */
    public Trainer computingMicroBatchesWith(Function<TrainableArdm, TrainingStep.MicroBatchRunner> runner) {
        if (config.training().microBatch() == 0) throw new IllegalArgumentException("the run has no micro-batches: set microBatch");
        if (config.training().decayStepSampler() != null) {
            throw new IllegalArgumentException("micro-batches computed elsewhere draw t with the run's sampler throughout: no decayStepSampler");
        }
        microBatchRunner = runner;
        return this;
    }

    /** What the run reached. */
    public record Summary(long steps, double trainBits, double validBits, double validStandardError, double seconds, double tokensPerSecond) {
        /** One line for the user, in the modality's units: steps, time, throughput, train and validation loss. */
        public String describe(Modality data) {
            String unit = data.bitsUnit();
            return String.format("trained %d steps in %.0f s (%.0f %ss/s): train %.3f %s, valid %.3f ± %.3f %s (EMA weights)",
                    steps, seconds, tokensPerSecond, data.symbolName(), trainBits, unit, validBits, validStandardError, unit);
        }
    }

    public Summary train(boolean resume) throws IOException {
        return train(resume, Double.POSITIVE_INFINITY);
    }

    /** What a run starts from: nothing (step 0) or its checkpoint. */
    private record Start(long step, double elapsedSeconds, double trainBits, LossComponents components) {}

    /** The objects one run trains and measures. */
    private record Model(TrainableArdm net, AdamW optimizer, Ema ema, CropSampler crops, MetricsLog metrics) {}

    /**
     * Trains until the configured number of steps, or until {@code timeLimitSeconds} of wall time have passed in this
     * call (then it checkpoints, so {@code --resume} can continue).
     */
    public Summary train(boolean resume, double timeLimitSeconds) throws IOException {
        return train(resume, timeLimitSeconds, false);
    }

    /**
     * As {@link #train(boolean, double)}; with {@code fitDecayToTime} the schedule's decay is fitted to the time limit
     * instead of the steps: the last decaySteps/steps share of the time anneals the rate to zero, however many steps a
     * second this machine runs (the rate is the lower of that and the step schedule's). That limit is then the whole
     * run's: a resumed run counts the wall time of its earlier launches.
     */
    public Summary train(boolean resume, double timeLimitSeconds, boolean fitDecayToTime) throws IOException {
        if (fitDecayToTime && Double.isInfinite(timeLimitSeconds)) throw new IllegalArgumentException("a decay fitted to time needs a time limit");
        Files.createDirectories(runDir);
        RunConfig.Training t = config.training();
        TrainableArdm net = ModelKinds.build(config, t.seed());
        if (initial != null && resume) throw new IllegalArgumentException("a resumed run continues from its own checkpoint, not from another model");
        if (initial != null) net.parameters().copyValuesFrom(initial.network().parameters()); // before the EMA copies them
        int d = config.length();
        AdamW optimizer = optimizer(t, net);
        Model m = new Model(net, optimizer,
                new Ema(net.parameters()), data.trainingCrops(config.data().trainingBlock(d), d, t.seed()),
                new MetricsLog(runDir.resolve(METRICS)));
        Start start = resume ? resumeFrom(m) : freshStart(m);
        log.printf("model: %s, %,d parameters; data: %s%n", config.describeNetwork(), net.parameters().count(), data.describe());
        try (StopSignal stop = StopSignal.install()) {
            return loop(m, start, timeLimitSeconds, fitDecayToTime, stop);
        }
    }

    /** The optimiser a run's settings ask for: AdamW on every parameter, or with Muon on the network's hidden matrices. */
    public static AdamW optimizer(RunConfig.Training t, TrainableArdm net) {
        return new AdamW(net.parameters(), new AdamW.Settings(t.beta1(), t.beta2(), 1e-8, t.weightDecay()), name -> true,
                t.muon() ? new Muon(net.hiddenMatrices(), Muon.MOMENTUM, t.muonRateRatio()) : null);
    }

    private Start freshStart(Model m) throws IOException {
        Path checkpoint = runDir.resolve(CHECKPOINT);
        if (Files.exists(checkpoint) && !overwrite) {
            throw new IllegalArgumentException(checkpoint + " exists: use --resume to continue it, or --force to start over");
        }
        Files.deleteIfExists(m.metrics().file());
        if (initial != null) {
            log.printf("starting from the weights of a model trained %,d steps%n", initial.progress().step());
            m.metrics().append(m.metrics().record("init", 0).put("from_steps", initial.progress().step())
                    .put("from_fingerprint", HexFormat.of().formatHex(initial.fingerprint(), 0, 8)));
        }
        return new Start(0, 0, Double.NaN, new LossComponents(config.process().steps()));
    }

    /** Restores weights, optimiser, components and the data position exactly, and drops metrics logged after the checkpoint. */
    private Start resumeFrom(Model m) throws IOException {
        Path checkpoint = runDir.resolve(CHECKPOINT);
        Checkpoint c = Checkpoint.load(checkpoint);
        RunConfig saved = RunCheckpoint.readConfig(checkpoint, c);
        if (!saved.withTraining(config.training()).equals(config)) {
            throw new IllegalArgumentException("cannot resume: " + checkpoint + " holds a different model (" + saved.modality() + ", "
                    + saved.describeNetwork() + "); --resume --run DIR without --config, --preset or --modality continues with its own");
        }
        RunCheckpoint.Resumed r = RunCheckpoint.restoreTraining(checkpoint, c, m.net().parameters(), m.ema().shadow(), m.optimizer(),
                config.process().steps());
        m.crops().seek(r.progress().cropPosition());
        m.metrics().truncateAfter(r.progress().step());
        log.printf("resuming %s at step %d of %d%n", checkpoint, r.progress().step(), config.training().steps());
        return new Start(r.progress().step(), r.progress().elapsedSeconds(), r.progress().trainBits(), r.components());
    }

    private Summary loop(Model m, Start start, double timeLimitSeconds, boolean fitDecayToTime, StopSignal stop) throws IOException {
        RunConfig.Training t = config.training();
        Schedule schedule = new Schedule(t, fitDecayToTime ? timeLimitSeconds : Double.NaN);
        TrainingStep trainingStep = new TrainingStep(m.net(), config.objective(), m.optimizer(), t.clipNorm());
        if (t.microBatch() > 0) trainingStep.inMicroBatches(t.microBatch(), microBatchRunner.apply(m.net()));
        double clockOffset = clockOffset(start, timeLimitSeconds, fitDecayToTime);
        Progress p = new Progress(start);
        long started = System.nanoTime();
        listener.started(p.step, t.steps());
        try (listener) {
            boolean outOfTime = false, decaying = false;
            // The previous step's batch: a resumed run logs a change only where its own first step makes one.
            int batch = p.step == 0 ? t.batch() : t.batchAt(schedule.share(p.step - 1, clockOffset));
            while (p.step < t.steps() && !outOfTime) {
                double elapsed = clockOffset + (System.nanoTime() - started) / 1e9;
                double rate = schedule.at(p.step, elapsed);
                if (!decaying && schedule.decayed(p.step, rate) && t.decayStepSampler() != null) {
                    decaying = true; // the decay only lowers the rate further: its sampler stays to the end
                    trainingStep.drawFrom(config.objective(true));
                    m.metrics().append(m.metrics().record("decay_sampler", p.step).put("step_sampler", t.decayStepSampler().name()));
                }
                int nextBatch = t.batchAt(schedule.share(p.step, elapsed));
                if (nextBatch != batch) {
                    batch = nextBatch;
                    m.metrics().append(m.metrics().record("batch", p.step).put("batch", batch));
                }
                TrainingStep.Stats s = trainingStep.run(m.crops().nextBatch(batch), batch, rate, stepRandom(t.seed(), p.step));
                m.ema().update(t.emaDecay());
                double seconds = (System.nanoTime() - started) / 1e9;
                p.stepped(s, seconds, (long) batch * m.net().length());
                outOfTime = clockOffset + seconds >= timeLimitSeconds || stop.requested();
                boolean last = p.step == t.steps() || outOfTime;
                listener.stepped(p.step, p.trainBits, p.tokensPerSecond);
                record(m, p, s, rate, start.elapsedSeconds() + seconds, last);
            }
            if (fitDecayToTime && !outOfTime) {
                log.printf("the run reached its %,d steps after %.1f of its %.1f budget minutes, so the steps' decay ended it: "
                        + "a higher --steps lets the budget end it%n", t.steps(), (clockOffset + (System.nanoTime() - started) / 1e9) / 60,
                        timeLimitSeconds / 60);
            }
        } finally {
            if (stop.requested()) log.printf("interrupted: checkpoint at step %d in %s; --resume continues%n", p.step, runDir.resolve(CHECKPOINT));
        }
        return p.summary(start.elapsedSeconds() + (System.nanoTime() - started) / 1e9);
    }

    /**
     * Where this launch's clock starts. A budget is the whole run's: a resumed run's clock goes on from its earlier
     * launches, so its decay and late batch continue where they were; a time limit only pauses, so it counts this
     * launch alone.
     */
    private double clockOffset(Start start, double timeLimitSeconds, boolean fitDecayToTime) {
        if (!fitDecayToTime) return 0;
        if (start.elapsedSeconds() >= timeLimitSeconds) {
            throw new IllegalArgumentException(String.format("%s has trained for %.1f minutes, its whole %.1f-minute budget: "
                    + "a longer --budget goes on", runDir, start.elapsedSeconds() / 60, timeLimitSeconds / 60));
        }
        return start.elapsedSeconds();
    }

    /** What a step leaves behind: a train record, a checkpoint and a validation estimate, each at its interval and after the last step. */
    private void record(Model m, Progress p, TrainingStep.Stats s, double rate, double runSeconds, boolean last) throws IOException {
        RunConfig.Training t = config.training();
        if (p.step % 50 == 0 || last) logTrainStep(m.metrics(), p, s, rate, runSeconds);
        // Checkpoint first: an interrupted run or a failing evaluation must not lose the step.
        if (p.step % t.checkpointEvery() == 0 || last) saveCheckpoint(m, p, runSeconds);
        if (p.step % t.evalEvery() == 0 || last) p.valid = evaluate(m, config.evaluationObjective(), p.step);
    }

    /** The rate each step runs at: the config's warm-up and decay, the decay fitted to a time limit where asked (NaN: not). */
    private record Schedule(LearningRate steps, LearningRate warmup, double fittedSeconds, double decayShare, int runSteps) {
        Schedule(RunConfig.Training t, double fittedSeconds) {
            this(t.learningRateSchedule(), LearningRate.linearWarmup(t.learningRate(), t.warmupSteps()), fittedSeconds,
                    (double) t.decaySteps() / t.steps(), t.steps());
        }

        /** How far through the run {@code step} is: by time where the decay is fitted to it (it ends the run), else by steps. */
        double share(long step, double elapsedSeconds) {
            return Double.isNaN(fittedSeconds) ? (double) step / runSteps : Math.min(1, elapsedSeconds / fittedSeconds);
        }

        double at(long step, double elapsedSeconds) {
            double rate = steps.at(step);
            if (Double.isNaN(fittedSeconds)) return rate;
            return Math.min(rate, warmup.at(step) * LearningRate.wallClockDecay(elapsedSeconds, fittedSeconds, decayShare));
        }

        /** Whether the decay has lowered {@code rate} below the warmed-up rate of {@code step}. */
        boolean decayed(long step, double rate) {
            return rate < warmup.at(step);
        }
    }

    /** Where the loop is: steps done, the smoothed train loss, throughput and the last validation estimate. */
    private static final class Progress {
        private final LossComponents components;
        long step;
        double trainBits, tokensPerSecond, tokens;
        Likelihood.Estimate valid;

        Progress(Start start) {
            step = start.step();
            trainBits = start.trainBits();
            components = start.components();
        }

        void stepped(TrainingStep.Stats s, double seconds, long stepTokens) {
            components.update(s.terms().steps(), s.terms().componentBits());
            step++;
            trainBits = Double.isNaN(trainBits) ? s.meanBits() : 0.98 * trainBits + 0.02 * s.meanBits();
            tokens += stepTokens; // counted step by step: a late batch changes a step's tokens
            tokensPerSecond = tokens / seconds;
        }

        Summary summary(double seconds) {
            return new Summary(step, trainBits, valid == null ? Double.NaN : valid.bitsPerDim(),
                    valid == null ? Double.NaN : valid.standardError(), seconds, tokensPerSecond);
        }
    }

    private void saveCheckpoint(Model m, Progress p, double elapsedSeconds) throws IOException {
        RunCheckpoint.save(runDir.resolve(CHECKPOINT), config, m.net().parameters(), m.ema().shadow(), m.optimizer(), p.components,
                new RunCheckpoint.Progress(p.step, m.crops().position(), elapsedSeconds, p.trainBits));
    }

    /** A train record; {@code elapsedSeconds} is the run's wall time, its earlier launches included (tokens/s: this launch's). */
    private static void logTrainStep(MetricsLog metrics, Progress p, TrainingStep.Stats s, double lr, double elapsedSeconds) throws IOException {
        ObjectNode r = metrics.record("train", p.step);
        r.put("train_bpc", p.trainBits).put("batch_bpc", s.meanBits()).put("loss", s.loss())
                .put("grad_norm", s.gradNorm()).put("lr", lr).put("tokens_per_s", p.tokensPerSecond).put("elapsed_s", elapsedSeconds);
        metrics.append(r);
    }

    /** The validation estimate with the EMA weights, logged and reported. */
    private Likelihood.Estimate evaluate(Model m, Objective objective, long step) throws IOException {
        Likelihood.Estimate valid = m.ema().withAveragedWeights(
                () -> Evaluation.estimate(m.net(), objective, validSegments(m.net()), 16, new SplittableRandom(config.training().seed() + 1)));
        m.metrics().append(m.metrics().record("eval", step).put("valid_bpc", valid.bitsPerDim()).put("valid_se", valid.standardError()));
        listener.evaluated(m.metrics().read());
        return valid;
    }

    /** The first {@code evalSegments} validation segments. */
    private int[] validSegments(TrainableArdm net) {
        int n = Math.min(config.training().evalSegments(), data.segmentCount(Dataset.Split.VALID, net.length()));
        return data.segments(Dataset.Split.VALID, net.length(), 0, n);
    }

    /** Each step draws from its own stream, so a resumed run continues exactly as an uninterrupted one. */
    static SplittableRandom stepRandom(long seed, long step) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L + 1);
    }
}
