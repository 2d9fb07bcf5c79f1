package io.ardm.cli;

import io.ardm.ardm.StepSampler;
import io.ardm.modality.Dataset;
import io.ardm.modality.Modalities;
import io.ardm.run.BundledModels;
import io.ardm.run.LoadedModel;
import io.ardm.run.RunCheckpoint;
import io.ardm.run.RunConfig;
import io.ardm.run.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ardm train}: trains an OA-ARDM, an upscale ARDM or the left-to-right baseline. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train an order-agnostic or upscale ARDM on text8-style text, bytes, 32×32 colour images or 16-bit speech.",
                "%nA bidirectional transformer (a U-Net for images) learns to predict every absorbed position from the shown "
                        + "ones, for random orders and steps (spec §2.2); --upscale B trains an upscale ARDM instead. Writes RUN/checkpoint.ardm (every checkpointEvery steps), "
                        + "RUN/metrics.jsonl and RUN/bpc.png; --resume continues exactly where the checkpoint stopped."})
final class TrainCommand implements Callable<Integer> {
    @Mixin DataOption data;

    @Option(names = "--modality", paramLabel = "NAME",
            description = "What the model reads: text8 (a-z and space, 28 classes), bytes (any byte sequence, 256 classes) or "
                    + "image (32×32×3 tiles of 8-bit pictures, 256 levels per sub-pixel; scripts/build-image-corpus) or audio "
                    + "(16-bit samples, an upscale WaveNet; scripts/build-speech-corpus). "
                    + "Default: text8. A --config file and an --init model name their own.")
    String modality;

    @Option(names = "--preset", paramLabel = "NAME",
            description = "Model and optimiser preset: tiny (minutes), small (2 h on 2 cores), base, paper. Default: tiny; with "
                    + "--resume and --run, the run's own config.")
    String preset;

    @Option(names = "--config", paramLabel = "FILE.json", description = "A full run config as JSON (overrides --preset); --print-config shows the format.")
    Path configFile;

    @Option(names = "--run", paramLabel = "DIR", description = "Run directory (default: runs/<preset>).")
    Path runDir;

    @Option(names = "--steps", description = "Training steps (overrides the preset; the learning-rate decay keeps its share of the run). "
            + "Under --budget it only caps the run, and without it a preset's steps are lifted tenfold, so that the budget ends the run.")
    Integer steps;

    /**
     * Under --budget without --steps, a preset's steps are lifted this many times (the decay keeps its share): the budget,
     * not the preset's step count, then ends the run on any machine (a Zen 5 reached the small preset's 10,000 steps in 55
     * of 115 minutes, where the steps' decay would have ended the run before the late batch began).
     */
    static final int BUDGET_STEPS_FACTOR = 10;

    @Option(names = "--batch", description = "Batch size (overrides the preset).")
    Integer batch;

    @Option(names = "--micro-batch", paramLabel = "ROWS",
            description = "Split each step's batch into micro-batches of ROWS rows whose gradients are summed in order (less memory; "
                    + "the bits ardm-spark train reproduces on any number of executors, without --decay-step-sampler). Default: the whole "
                    + "batch at once.")
    Integer microBatch;

    @Option(names = {"--lr", "--learning-rate"}, paramLabel = "RATE",
            description = "Peak learning rate after the warm-up (overrides the preset; small: 3e-3).")
    Double learningRate;

    @Option(names = "--init", paramLabel = "NAME|CHECKPOINT",
            description = "Start from a trained model's EMA weights instead of random ones: a bundled model (`ardm models`) or a "
                    + "checkpoint. Its modality and network are the run's (so --modality, --left-to-right, --alibi, --rope and --upscale "
                    + "are not given); --preset or --config give the training settings. Optimiser, learning-rate schedule and data "
                    + "order start afresh: fine-tuning on other data, or a finished run trained further.")
    String init;

    @Option(names = "--step-sampler", paramLabel = "NAME",
            description = "How training draws the step t: UNIFORM (the paper), ANTITHETIC (stratified), BELL (mostly middle steps, "
                    + "a reweighted objective; the default of tiny and base), BELL_NARROW (a narrower bell, same weighting; the default of "
                    + "small) or BELL_WEIGHTED (middle steps, importance-weighted to the same bound). Overrides the preset.")
    StepSampler stepSampler;

    @Option(names = "--decay-step-sampler", paramLabel = "NAME",
            description = "Draw t with this sampler (same names as --step-sampler) once the decay lowers the learning rate: e.g. learn "
                    + "on the middle steps and anneal on all of them as the ELBO weighs them (UNIFORM; one probe found that worse by 0.025 "
                    + "bpc: README, \"How t is drawn\"). Default: --step-sampler's to the end.")
    StepSampler decayStepSampler;

    @Option(names = "--late-batch", paramLabel = "ROWS",
            description = "From --late-batch-from of the run on (of its steps, or of its time with --budget), every step takes this "
                    + "many rows instead of --batch's: small batches learn fastest early, larger ones late (README, \"Batch size\"). "
                    + "0: --batch's to the end. Default: the preset's (small: 32 from half the run; the others: none).")
    Integer lateBatch;

    @Option(names = "--late-batch-from", paramLabel = "SHARE",
            description = "Where --late-batch takes over, as a share of the run strictly between 0 and 1. Default: 0.5.")
    Double lateBatchFrom;

    @Option(names = "--muon", negatable = true,
            description = "Step the transformer blocks' dense matrices with Muon (their orthogonalised Nesterov momentum, scaled to "
                    + "Adam's RMS: the same --lr) instead of AdamW; embeddings, read-out, biases and norms keep AdamW. See README "
                    + "\"Muon\" for what it buys. Default: the preset's (on in small).")
    Boolean muon;

    @Option(names = "--muon-lr", paramLabel = "RATE",
            description = "Muon's own peak learning rate, on the same warm-up and decay as --lr (default: --lr's); the matrices' "
                    + "weight decay scales with it. Needs Muon.")
    Double muonLearningRate;

    @Option(names = "--seed", description = "Seed for initialisation, data order, orders and steps.")
    Long seed;

    @Option(names = "--time-limit", paramLabel = "MINUTES",
            description = "Stop (with a checkpoint and a final evaluation) after this much wall time; --resume continues.")
    Double timeLimitMinutes;

    @Option(names = "--budget", paramLabel = "MINUTES",
            description = "Train for this much wall time, with the schedule's decay fitted to it: the last decay share of the "
                    + "time (decaySteps/steps of the config) anneals the learning rate to zero, however many steps a second "
                    + "the machine runs, and the run ends there with a checkpoint and a final evaluation (an explicit --steps "
                    + "still caps it). It is the whole run's time: with --resume, the earlier launches count. --time-limit only "
                    + "pauses a run.")
    Double budgetMinutes;

    @Option(names = "--left-to-right",
            description = "Train the single-order baseline instead: the same transformer made causal, predicting the next character.")
    boolean leftToRight;

    @Option(names = "--alibi",
            description = "Add ALiBi distance biases to attention (not in the paper): the model uses its neighbours much sooner.")
    boolean alibi;

    @Option(names = "--rope",
            description = "Rotary position embeddings (RoPE) in attention instead of sinusoidal positions added to the input "
                    + "(not in the paper): scores then depend on distances only. May be combined with --alibi.")
    boolean rope;

    @Option(names = "--upscale", paramLabel = "B",
            description = "Train an upscale ARDM (paper §3.2) with branching factor B instead of the OA-ARDM: ⌈log_B K⌉ stages, "
                    + "each an order-agnostic pass refining the values one base-B digit at a time (images: B = 2, 4, 16 or 256). "
                    + "Audio presets are upscale ARDMs with B = 16; --upscale 0 trains the audio OA-ARDM instead, whose head "
                    + "is a mixture of 30 discretized logistics (the paper's baseline).")
    Integer upscale;

    @Option(names = "--mixtures", paramLabel = "M",
            description = "Images: a head of M discretized logistics per sub-pixel (3M outputs, as the audio OA-ARDM's); "
                    + "0: the paper's 256 logits. The logistics know the order of the levels from the start, so they learn "
                    + "far sooner (README, Images). With --upscale the mixture is the θ of the data parametrization: a "
                    + "digit's probability is its mass on the levels the digit leaves open. Default: the preset's (10, "
                    + "except the paper preset's 256 logits).")
    Integer mixtures;

    @Option(names = "--input-skip", negatable = true,
            description = "Images: the U-Net's last convolution reads the input (revealed values, masks) beside its features, "
                    + "which GroupNorm has stripped of each tile's level and contrast (README, Images). Default: the "
                    + "preset's (on, except in the paper preset).")
    Boolean inputSkip;

    @Option(names = "--resume", description = "Continue the run in --run from its checkpoint, with the config it was "
            + "trained with unless --config, --preset or --modality is given (--steps may lengthen it).")
    boolean resume;

    @Option(names = "--force", description = "Start over in a --run directory that already holds a checkpoint.")
    boolean force;

    @Option(names = "--no-progress", description = "No progress bar (there is one only when a terminal shows the output).")
    boolean noProgress;

    @Option(names = "--print-config", description = "Print the resolved run config as JSON and exit.")
    boolean printConfig;

    @Override
    public Integer call() throws Exception {
        if (budgetMinutes != null && (timeLimitMinutes != null || !(budgetMinutes > 0))) {
            throw new IllegalArgumentException("--budget takes a positive number of minutes and replaces --time-limit");
        }
        LoadedModel initial = init == null ? null : initialModel();
        String modalityName = initial != null ? initial.config().modality() : modality != null ? modality : Modalities.TEXT8.id();
        RunConfig config = configFile != null ? io.ardm.run.RunConfigs.read(configFile)
                : resumesOwnConfig() ? RunCheckpoint.config(runDir.resolve(Trainer.CHECKPOINT))
                : RunConfig.preset(presetName(), Modalities.of(modalityName));
        if (initial != null) config = initial.config().withTraining(config.training());
        config = withNetworkOptions(config.withTraining(withTrainingOptions(config.training())));
        if (printConfig) {
            System.out.println(io.ardm.run.RunConfigs.toJson(config));
            return 0;
        }
        String name = (configFile != null ? "custom" : presetName()) + (config.modality().equals(Modalities.TEXT8.id()) ? "" : "-" + config.modality());
        Path dir = runDir != null ? runDir : Path.of("runs", name + (config.leftToRight() ? "-ltr" : "") + (upscale != null ? "-up" + upscale : ""));
        if (resume && !Files.exists(dir.resolve(Trainer.CHECKPOINT))) {
            throw new IllegalArgumentException("nothing to resume: " + dir.resolve(Trainer.CHECKPOINT) + " does not exist");
        }
        Dataset dataset = data.load(config.data());
        Trainer trainer = new Trainer(config, dataset, dir, System.err,
                new TrainingProgress(config, dataset, dir, System.err, !noProgress && Terminal.interactive(), budgetMinutes != null));
        if (force) trainer.overwriting();
        if (initial != null) trainer.startingFrom(initial);
        Trainer.Summary s = budgetMinutes != null ? trainer.train(resume, budgetMinutes * 60, true)
                : trainer.train(resume, timeLimitMinutes == null ? Double.POSITIVE_INFINITY : timeLimitMinutes * 60);
        System.out.println(s.describe(config.data()));
        System.out.println("checkpoint: " + dir.resolve(Trainer.CHECKPOINT) + "   plot: " + dir.resolve(TrainingProgress.PLOT));
        return 0;
    }

    /** The training settings with the options given on the command line. */
    private RunConfig.Training withTrainingOptions(RunConfig.Training t) {
        if (steps != null) t = t.withSteps(steps);
        else if (budgetMinutes != null && configFile == null && !resumesOwnConfig()) t = t.withSteps(t.steps() * BUDGET_STEPS_FACTOR);
        if (batch != null) t = t.withBatch(batch);
        if (learningRate != null) t = t.withLearningRate(learningRate);
        if (microBatch != null) t = t.withMicroBatch(microBatch);
        if (seed != null) t = t.withSeed(seed);
        if (stepSampler != null) t = t.withStepSampler(stepSampler);
        if (decayStepSampler != null) t = t.withDecayStepSampler(decayStepSampler);
        if (lateBatchFrom != null && lateBatch == null) throw new IllegalArgumentException("--late-batch-from needs --late-batch ROWS");
        if (lateBatch != null) t = t.withLateBatch(lateBatch, lateBatchFrom != null ? lateBatchFrom : RunConfig.Training.LATE_BATCH_FROM);
        if (muon != null) t = t.withMuon(muon);
        if (muonLearningRate != null) t = t.withMuonLearningRate(muonLearningRate);
        return t;
    }

    /** The model and process with the options given on the command line. */
    private RunConfig withNetworkOptions(RunConfig config) {
        if (leftToRight) config = config.asLeftToRight();
        if (alibi) config = config.withAlibi();
        if (rope) config = config.withRope();
        if (upscale != null) config = config.withUpscale(upscale);
        if (mixtures != null) config = config.withMixtures(mixtures);
        if (inputSkip != null) config = config.withInputSkip(inputSkip);
        return config;
    }

    private String presetName() {
        return preset != null ? preset : "tiny";
    }

    /** {@code --resume --run DIR} with no --config, --preset or --modality continues with the checkpoint's own config. */
    private boolean resumesOwnConfig() {
        return resume && runDir != null && configFile == null && preset == null && modality == null
                && Files.exists(runDir.resolve(Trainer.CHECKPOINT));
    }

    /** The --init model, refusing the options that would give the run another network than the model's. */
    private LoadedModel initialModel() throws java.io.IOException {
        if (resume) throw new IllegalArgumentException("--resume continues the run's own checkpoint; --init starts a new run from a model");
        if (modality != null || leftToRight || alibi || rope || upscale != null || mixtures != null || inputSkip != null) {
            throw new IllegalArgumentException("--init takes the modality and network from the model: drop --modality, --left-to-right, --alibi, --rope, --upscale, --mixtures and --input-skip");
        }
        return RunCheckpoint.loadForInference(BundledModels.resolve(init));
    }
}
