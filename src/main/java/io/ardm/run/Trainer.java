package io.ardm.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ardm.ardm.Likelihood;
import io.ardm.ardm.LossComponents;
import io.ardm.ardm.Objective;
import io.ardm.modality.CropSampler;
import io.ardm.modality.Dataset;
import io.ardm.nn.AdamW;
import io.ardm.nn.Checkpoint;
import io.ardm.nn.Ema;
import io.ardm.nn.LearningRate;
import io.ardm.nn.Parameters;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Trains an OA-ARDM (or the left-to-right baseline, same code, causal model): AdamW with linear warm-up, global-norm clipping, an EMA of the weights, periodic
 * evaluation of the validation ELBO with the EMA weights, checkpoints and exact resume. A run directory holds
 * {@code checkpoint.ardm}, {@code metrics.jsonl} and {@code bpc.png}.
 */
public final class Trainer {
    public static final String CHECKPOINT = "checkpoint.ardm";
    public static final String METRICS = "metrics.jsonl";
    public static final String PLOT = "bpc.png";

    private final RunConfig config;
    private final Dataset data;
    private final Path runDir;
    private final PrintStream log;
    private final boolean progressBar;
    private boolean overwrite;

    public Trainer(RunConfig config, Dataset data, Path runDir, PrintStream log, boolean progressBar) {
        this.config = config;
        this.data = data;
        this.runDir = runDir;
        this.log = log;
        this.progressBar = progressBar;
    }

    /** Allows a fresh run to replace an existing checkpoint in the run directory. */
    public Trainer overwriting() {
        overwrite = true;
        return this;
    }

    /** What the run reached. */
    public record Summary(long steps, double trainBits, double validBits, double validStandardError, double seconds, double tokensPerSecond) {}

    public Summary train(boolean resume) throws IOException {
        return train(resume, Double.POSITIVE_INFINITY);
    }

    /**
     * Trains until the configured number of steps, or until {@code timeLimitSeconds} of wall time have passed in this
     * call (then it checkpoints, so {@code --resume} can continue).
     */
    public Summary train(boolean resume, double timeLimitSeconds) throws IOException {
        Files.createDirectories(runDir);
        RunConfig.Training t = config.training();
        TrainableArdm net = ModelKinds.build(config, t.seed());
        Parameters params = net.parameters();
        AdamW optimizer = new AdamW(params, new AdamW.Settings(t.beta1(), t.beta2(), 1e-8, t.weightDecay()));
        Ema ema = new Ema(params);
        LossComponents components = new LossComponents(net.length());
        int d = config.model().seqLen();
        // The paper's 1000-char blocks hold four 250-char crops; other lengths keep that ratio.
        CropSampler crops = data.trainingCrops(Math.max(Dataset.TRAINING_BLOCK, 4 * d), d, t.seed());
        Path checkpoint = runDir.resolve(CHECKPOINT);
        MetricsLog metrics = new MetricsLog(runDir.resolve(METRICS));
        long step = 0;
        double elapsedBefore = 0;
        double resumedTrainBits = Double.NaN;
        if (resume) {
            Checkpoint c = Checkpoint.load(checkpoint);
            RunConfig saved = RunCheckpoint.readConfig(checkpoint, c);
            if (!saved.model().equals(config.model())) {
                throw new IllegalArgumentException("cannot resume: " + checkpoint + " holds a different model (" + saved.model() + ")");
            }
            RunCheckpoint.Resumed r = RunCheckpoint.restoreTraining(checkpoint, c, params, ema.shadow(), optimizer, net.length());
            components = r.components();
            step = r.progress().step();
            elapsedBefore = r.progress().elapsedSeconds();
            resumedTrainBits = r.progress().trainBits();
            crops.seek(r.progress().cropPosition());
            metrics.truncateAfter(step);
            log.printf("resuming %s at step %d of %d%n", checkpoint, step, t.steps());
        } else {
            if (Files.exists(checkpoint) && !overwrite) {
                throw new IllegalArgumentException(checkpoint + " exists: use --resume to continue it, or --force to start over");
            }
            Files.deleteIfExists(metrics.file());
        }
        log.printf("model: %s, %,d parameters; data: %s%n", config.model(), params.count(), data.describe());

        Objective objective = config.objective();
        TrainingStep trainingStep = new TrainingStep(net, objective, optimizer, t.clipNorm());
        LearningRate lr = t.learningRateSchedule();
        double trainBits = resumedTrainBits;
        Likelihood.Estimate valid = null;
        long started = System.nanoTime();
        long firstStep = step;
        // Ctrl-C (SIGINT/SIGTERM) finishes the current step and writes a checkpoint, so --resume loses nothing.
        AtomicBoolean stopRequested = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread onSignal = new Thread(() -> {
            stopRequested.set(true);
            try {
                stopped.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(onSignal);
        try (ProgressBar bar = progressBar(step, t.steps())) {
            boolean outOfTime = false;
            while (step < t.steps() && !outOfTime) {
                int[] batch = crops.nextBatch(t.batch());
                TrainingStep.Stats s = trainingStep.run(batch, t.batch(), lr.at(step), stepRandom(t.seed(), step));
                ema.update(t.emaDecay());
                components.update(s.terms().steps(), s.terms().componentBits());
                step++;
                trainBits = Double.isNaN(trainBits) ? s.meanBits() : 0.98 * trainBits + 0.02 * s.meanBits();
                double seconds = (System.nanoTime() - started) / 1e9;
                double tokensPerSecond = (step - firstStep) * (double) t.batch() * net.length() / seconds;
                outOfTime = seconds >= timeLimitSeconds || stopRequested.get();
                boolean last = step == t.steps() || outOfTime;
                if (bar != null) {
                    bar.stepTo(step);
                    bar.setExtraMessage(String.format("bpc %.3f  %.0f tok/s", trainBits, tokensPerSecond));
                }
                if (step % 50 == 0 || last) {
                    ObjectNode r = metrics.record("train", step);
                    r.put("train_bpc", trainBits).put("batch_bpc", s.meanBits()).put("loss", s.loss())
                            .put("grad_norm", s.gradNorm()).put("lr", lr.at(step - 1)).put("tokens_per_s", tokensPerSecond);
                    metrics.append(r);
                }
                // Checkpoint first: an interrupted run or a failing evaluation must not lose the step.
                if (step % t.checkpointEvery() == 0 || last) {
                    RunCheckpoint.save(checkpoint, config, params, ema.shadow(), optimizer, components,
                            new RunCheckpoint.Progress(step, crops.position(), elapsedBefore + seconds, trainBits));
                }
                if (step % t.evalEvery() == 0 || last) {
                    valid = ema.withAveragedWeights(() -> Evaluation.estimate(net, objective, validSegments(net), 16, new SplittableRandom(t.seed() + 1)));
                    metrics.append(metrics.record("eval", step).put("valid_bpc", valid.bitsPerDim()).put("valid_se", valid.standardError()));
                    plot(metrics);
                }
            }
        } finally {
            if (stopRequested.get()) {
                log.printf("%ninterrupted: checkpoint at step %d in %s; --resume continues%n", step, checkpoint);
            } else {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            }
            stopped.countDown();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double tokensPerSecond = (step - firstStep) * (double) t.batch() * net.length() / Math.max(seconds, 1e-9);
        return new Summary(step, trainBits, valid == null ? Double.NaN : valid.bitsPerDim(),
                valid == null ? Double.NaN : valid.standardError(), elapsedBefore + seconds, tokensPerSecond);
    }

    /** Redraws the PNG; a plot is a convenience, so failing to draw it (e.g. during JVM shutdown) only warns. */
    private void plot(MetricsLog metrics) {
        try {
            boolean leftToRight = config.model().causal();
            io.ardm.report.TrainingPlot.write(metrics.read(), runDir.resolve(PLOT),
                    (leftToRight ? "left-to-right baseline" : "OA-ARDM") + " on " + data.source(), leftToRight ? "NLL" : "ELBO");
        } catch (IOException | RuntimeException e) {
            log.println("warning: plot not updated: " + e.getMessage());
        }
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

    private ProgressBar progressBar(long start, int total) {
        if (!progressBar) return null;
        return new ProgressBarBuilder().setTaskName("train").setInitialMax(total).startsFrom(start, java.time.Duration.ZERO)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).showSpeed().setUnit(" steps", 1).build();
    }
}
