package io.ardm.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ardm.ardm.LeftToRightObjective;
import io.ardm.ardm.ArdmObjective;
import io.ardm.ardm.Objective;
import io.ardm.ardm.process.AbsorbingProcess;
import io.ardm.ardm.process.Process;
import io.ardm.ardm.process.UpscaleProcess;
import io.ardm.ardm.process.ZeroLeastSignificant;
import io.ardm.ardm.StepSampler;
import io.ardm.modality.Dataset;
import io.ardm.modality.Modalities;
import io.ardm.modality.Modality;
import io.ardm.ardm.LogisticMixture;
import io.ardm.ardm.process.MixtureAbsorbingProcess;
import io.ardm.modality.audio.AudioModality;
import io.ardm.modality.image.ImageModality;
import io.ardm.nn.LearningRate;
import io.ardm.nn.arch.TransformerConfig;
import java.util.List;
import java.util.function.Consumer;

/**
 * Everything that defines a training run: the modality of its data, the network (a transformer in {@code model} for
 * sequences, a U-Net in {@code unet} for images; exactly one is set), the process ({@code upscale}: the branching
 * factor b of an upscale ARDM, spec §3; absent for the OA-ARDM's absorbing process) and the optimisation settings
 * (spec §6.3, scaled down). Stored as JSON in every checkpoint, so a checkpoint alone rebuilds its model. Checkpoints
 * written before modalities existed have no {@code modality} field: they are text8; those written before images have
 * no {@code unet} or {@code upscale}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunConfig(String modality, TransformerConfig model, UNet unet, WaveNet wavenet, Integer upscale, Training training) {
    /** Logistics per sub-pixel in the image presets' head (PixelCNN++'s 10). */
    static final int IMAGE_MIXTURES = 10;

    /** Mixture components of the audio OA-ARDM's head (the paper's 30). */
    public static final int AUDIO_MIXTURES = 30;

    public RunConfig {
        if (modality == null) modality = Modalities.TEXT8.id();
        Modality m = Modalities.of(modality);
        if ((model != null ? 1 : 0) + (unet != null ? 1 : 0) + (wavenet != null ? 1 : 0) != 1) {
            throw new IllegalArgumentException("a run config names one network: a transformer (model), a U-Net (unet) or a WaveNet (wavenet)");
        }
        if (model != null && model.outputVocab() != m.classes()) {
            throw new IllegalArgumentException("a " + modality + " model predicts " + m.classes() + " classes, the config says " + model.outputVocab());
        }
        if (unet != null && !(m instanceof ImageModality)) throw new IllegalArgumentException("a U-Net reads images, not " + modality);
        if (upscale != null && (upscale < 2 || upscale > m.classes())) {
            throw new IllegalArgumentException("upscale branching factor must be in 2.." + m.classes() + ", got " + upscale);
        }
        if (upscale != null && model != null) throw new IllegalArgumentException("upscale ARDMs are built on the U-Net or the WaveNet here");
        if (wavenet != null && !(m instanceof AudioModality)) throw new IllegalArgumentException("a WaveNet reads audio, not " + modality);
        if (wavenet != null && upscale == null && wavenet.relativeWindow() > 0) {
            throw new IllegalArgumentException("the relative input window is read in units of an upscale stage's block: the OA-ARDM (no upscale) takes window 0");
        }
        if (m instanceof AudioModality && wavenet == null) throw new IllegalArgumentException("audio runs train a WaveNet (wavenet)");
        if (training != null && training.muon() && model == null) {
            throw new IllegalArgumentException("Muon (--muon) steps a transformer's matrices; this run trains a " + (unet != null ? "U-Net" : "WaveNet"));
        }
    }

    /** A U-Net run (OA, or upscale with {@code upscale} b). */
    public RunConfig(String modality, TransformerConfig model, UNet unet, Integer upscale, Training training) {
        this(modality, model, unet, null, upscale, training);
    }

    /** A transformer run on the OA (or left-to-right) absorbing process. */
    public RunConfig(String modality, TransformerConfig model, Training training) {
        this(modality, model, null, null, training);
    }

    /**
     * The image network's size (spec §6.2): {@code features} channels throughout, {@code resBlocks} ResBlocks down (and
     * one more up), GroupNorm with {@code groups} groups. Height, width and channels are the modality's tile. With
     * {@code mixtures} M the head is a discretized mixture of M logistics per sub-pixel (3M outputs, spec §2.5; for an
     * upscale ARDM the θ of its data parametrization) instead of 256 logits: a logistic knows that level 117 lies between 116 and 118, which 256 independent logits must
     * learn from data (and from large weights); absent, the paper's categorical head. With {@code inputSkip} the last
     * convolution reads the input (values, masks, stage) beside the features ({@link io.ardm.nn.arch.UNet}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UNet(int features, int resBlocks, int groups, Integer mixtures, Boolean inputSkip) {
        public UNet {
            if (mixtures != null && mixtures < 1) throw new IllegalArgumentException("a logistic mixture needs at least one component, got " + mixtures);
        }

        /** The paper's head (256 logits per sub-pixel) and read-out (features only). */
        public UNet(int features, int resBlocks, int groups) {
            this(features, resBlocks, groups, null, null);
        }

        /** Does the last convolution read the input beside the features? */
        public boolean readsInput() {
            return Boolean.TRUE.equals(inputSkip);
        }

        /** M logistics per sub-pixel; 0: the paper's 256 logits. */
        UNet withMixtures(int m) {
            return new UNet(features, resBlocks, groups, m == 0 ? null : m, inputSkip);
        }

        UNet withInputSkip(boolean on) {
            return new UNet(features, resBlocks, groups, mixtures, on ? true : null);
        }
    }

    /**
     * The audio network's size (spec §6.4): {@code blocks} gated residual blocks of {@code channels} channels, dilations
     * 2^(i mod {@code dilationCycle}), over segments of {@code length} samples (D). {@code window} w &gt; 0 adds the
     * relative input features of {@link WaveNetArdm} (2w + 1 channels; not in the paper); null or 0: the paper's input.
     */
    public record WaveNet(int channels, int blocks, int dilationCycle, int length, Integer window) {
        public WaveNet(int channels, int blocks, int dilationCycle, int length) {
            this(channels, blocks, dilationCycle, length, null);
        }

        /** The half-width of the relative input window (0: none). */
        public int relativeWindow() {
            return window == null ? 0 : window;
        }
    }

    /** The modality object of {@link #modality}. */
    public Modality data() {
        return Modalities.of(modality);
    }

    /**
     * Optimisation settings. Defaults follow the paper's text8 run where it fits a 2-core machine. The learning rate
     * warms up linearly over {@code warmupSteps}, holds, and decays linearly to zero over the last {@code decaySteps}
     * (0: constant to the end, as in the paper). {@code microBatch} (0: the whole batch at once) splits each step's batch
     * into micro-batches whose gradients are computed apart and summed in order ({@link MicroBatches}): the same bits on
     * one machine or spread over many. {@code muon} steps the transformer blocks' dense matrices with {@link io.ardm.nn.Muon}
     * (the other parameters keep AdamW), at its own peak rate {@code muonLearningRate} (0: AdamW's) on the same schedule;
     * the matrices' decoupled weight decay scales with that rate. {@code decayStepSampler} (null: {@code stepSampler}
     * throughout) draws t while the decay lowers the rate: a run may learn on one distribution of steps and anneal on
     * another (e.g. the middle steps, then all of them as the ELBO weighs them). {@code lateBatch} (0: {@code batch}
     * throughout) is the batch of every step from the share {@code lateBatchFrom} of the run on (of its steps, or of its
     * time where the decay is fitted to a time budget): small batches learn faster early, larger ones late (README).
     */
    public record Training(int batch, int steps, double learningRate, int warmupSteps, int decaySteps, double beta1, double beta2,
                           double weightDecay, double clipNorm, double emaDecay, double ceWeight, StepSampler stepSampler,
                           int evalEvery, int evalSegments, int checkpointEvery, long seed, int microBatch,
                           @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean muon,
                           @JsonInclude(JsonInclude.Include.NON_DEFAULT) double muonLearningRate,
                           @JsonInclude(JsonInclude.Include.NON_NULL) StepSampler decayStepSampler,
                           @JsonInclude(JsonInclude.Include.NON_DEFAULT) int lateBatch,
                           @JsonInclude(JsonInclude.Include.NON_DEFAULT) double lateBatchFrom) {
        public Training(int batch, int steps, double learningRate, int warmupSteps, int decaySteps, double beta1, double beta2,
                        double weightDecay, double clipNorm, double emaDecay, double ceWeight, StepSampler stepSampler,
                        int evalEvery, int evalSegments, int checkpointEvery, long seed) {
            this(batch, steps, learningRate, warmupSteps, decaySteps, beta1, beta2, weightDecay, clipNorm, emaDecay, ceWeight, stepSampler,
                    evalEvery, evalSegments, checkpointEvery, seed, 0, false, 0, null, 0, 0);
        }

        public Training {
            if (microBatch < 0 || microBatch > batch) {
                throw new IllegalArgumentException("microBatch must be in 0.." + batch + " (the batch; 0: the whole batch), got " + microBatch);
            }
            if (batch < 1 || steps < 1) throw new IllegalArgumentException("batch and steps must be positive");
            if (lateBatch < 0 || (lateBatch > 0 && microBatch > lateBatch)) {
                throw new IllegalArgumentException("the late batch must be at least the micro-batch (" + microBatch + "; 0: none), got " + lateBatch);
            }
            if (lateBatch > 0 ? !(lateBatchFrom > 0 && lateBatchFrom < 1) : lateBatchFrom != 0) {
                throw new IllegalArgumentException("the late batch's start must be a share of the run strictly between 0 and 1, with a late batch, got "
                        + lateBatchFrom);
            }
            if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
            if (decaySteps < 0 || decaySteps > steps) {
                throw new IllegalArgumentException("decaySteps must be in 0.." + steps + " (the run's steps), got " + decaySteps);
            }
            if (evalEvery < 1 || checkpointEvery < 1 || evalSegments < 1) throw new IllegalArgumentException("evalEvery, evalSegments and checkpointEvery must be positive");
            if (!(muonLearningRate >= 0 && muonLearningRate < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("Muon's learning rate must be positive and finite (0: the AdamW rate), got " + muonLearningRate);
            }
            if (muonLearningRate > 0 && !muon) throw new IllegalArgumentException("a learning rate for Muon (--muon-lr) needs Muon (--muon)");
            if (decayStepSampler != null && decaySteps == 0) {
                throw new IllegalArgumentException("a step sampler for the decay (--decay-step-sampler) needs a decay (decaySteps > 0)");
            }
        }

        /** The sampler of t while the decay has lowered the rate, and before. */
        public StepSampler stepSampler(boolean decaying) {
            return decaying && decayStepSampler != null ? decayStepSampler : stepSampler;
        }

        /** Where a late batch takes over unless told otherwise: half the run. */
        public static final double LATE_BATCH_FROM = 0.5;

        /** The batch of a step {@code share} of the way through the run (0 ≤ share ≤ 1). */
        public int batchAt(double share) {
            return lateBatch > 0 && share >= lateBatchFrom ? lateBatch : batch;
        }

        /** Muon's peak learning rate over AdamW's: both follow the same warm-up and decay. */
        public double muonRateRatio() {
            return muonLearningRate > 0 ? muonLearningRate / learningRate : 1;
        }

        /** A run of {@code newSteps}, keeping the decay's share of the run. */
        public Training withSteps(int newSteps) {
            int newDecay = (int) Math.round((double) decaySteps * newSteps / steps);
            return with(d -> {
                d.steps = newSteps;
                d.decaySteps = newDecay;
            });
        }

        public LearningRate learningRateSchedule() {
            return LearningRate.linearWarmup(learningRate, warmupSteps).decayingToZero(steps, decaySteps);
        }

        public Training withSeed(long newSeed) {
            return with(d -> d.seed = newSeed);
        }

        public Training withStepSampler(StepSampler sampler) {
            return with(d -> d.stepSampler = sampler);
        }

        /** Another sampler of t for the decay (null: the run's sampler throughout). */
        public Training withDecayStepSampler(StepSampler sampler) {
            return with(d -> d.decayStepSampler = sampler);
        }

        public Training withLearningRate(double rate) {
            return with(d -> d.learningRate = rate);
        }

        /** Another batch size (a micro-batch larger than it becomes the whole batch). */
        public Training withBatch(int newBatch) {
            return with(d -> {
                d.batch = newBatch;
                if (d.microBatch > newBatch) d.microBatch = 0;
            });
        }

        public Training withMicroBatch(int size) {
            return with(d -> d.microBatch = size);
        }

        /** The same run with the transformer's hidden matrices on {@link io.ardm.nn.Muon} (or back on AdamW, at one rate). */
        public Training withMuon(boolean on) {
            return with(d -> {
                d.muon = on;
                if (!on) d.muonLearningRate = 0;
            });
        }

        /** Muon's own peak learning rate (0: AdamW's). */
        public Training withMuonLearningRate(double rate) {
            return with(d -> d.muonLearningRate = rate);
        }

        /** Steps of {@code size} rows from {@code fromShare} of the run on (size 0: {@code batch} throughout). */
        public Training withLateBatch(int size, double fromShare) {
            return with(d -> {
                d.lateBatch = size;
                d.lateBatchFrom = size == 0 ? 0 : fromShare;
            });
        }

        /** A copy with {@code change} applied to its fields (validated again by the constructor). */
        private Training with(Consumer<Draft> change) {
            Draft draft = new Draft(this);
            change.accept(draft);
            return draft.build();
        }

        /** The fields of a {@link Training}, to change a few and build a new one: each wither names only what it changes. */
        private static final class Draft {
            int batch, steps, warmupSteps, decaySteps, evalEvery, evalSegments, checkpointEvery, microBatch, lateBatch;
            double learningRate, beta1, beta2, weightDecay, clipNorm, emaDecay, ceWeight, muonLearningRate, lateBatchFrom;
            StepSampler stepSampler, decayStepSampler;
            long seed;
            boolean muon;

            Draft(Training t) {
                batch = t.batch; steps = t.steps; learningRate = t.learningRate; warmupSteps = t.warmupSteps; decaySteps = t.decaySteps;
                beta1 = t.beta1; beta2 = t.beta2; weightDecay = t.weightDecay; clipNorm = t.clipNorm; emaDecay = t.emaDecay;
                ceWeight = t.ceWeight; stepSampler = t.stepSampler; evalEvery = t.evalEvery; evalSegments = t.evalSegments;
                checkpointEvery = t.checkpointEvery; seed = t.seed; microBatch = t.microBatch; muon = t.muon;
                muonLearningRate = t.muonLearningRate; decayStepSampler = t.decayStepSampler; lateBatch = t.lateBatch;
                lateBatchFrom = t.lateBatchFrom;
            }

            Training build() {
                return new Training(batch, steps, learningRate, warmupSteps, decaySteps, beta1, beta2, weightDecay, clipNorm, emaDecay,
                        ceWeight, stepSampler, evalEvery, evalSegments, checkpointEvery, seed, microBatch, muon, muonLearningRate, decayStepSampler,
                        lateBatch, lateBatchFrom);
            }
        }
    }

    public static final List<String> PRESETS = List.of("tiny", "small", "base", "paper");

    /**
     * Named sizes for a modality: {@code tiny} trains in minutes (the demo), {@code small} is the 2-hour model on 2
     * cores, {@code base} the benchmark's reference shape, {@code paper} the paper's 12×768 transformer. With sinusoidal
     * positions alone a bidirectional model sits at the unigram entropy for thousands of steps (measured: 4.1 bpc after
     * 700 steps of the small model), longer than a 2-core budget: {@code tiny} adds ALiBi attention biases, {@code small}
     * rotates queries and keys by their positions instead (RoPE), takes steps of 16 sequences and draws t from the
     * narrower bell (README, "How t is drawn": each against the 700-step small preset of 32 sequences, paired on the
     * test split: RoPE instead of ALiBi −0.242 bpc, 1,400 steps of 16 instead of 700 of 32 −0.121, BELL_NARROW instead
     * of BELL −0.078; measured one at a time, not yet together over two hours). All but {@code paper}
     * draw the step t from a bell-shaped sampler (README, "Step sampling": −0.28 bpc at 700 steps and −0.30 at 1,000,
     * paired); {@code paper} keeps the paper's uniform t and its recipe. {@code small} learns at 3e-3 (README, "How t is
     * drawn": −0.023 and −0.025 bpc at 700 steps against 2e-3, paired, under two seeds) and steps its hidden matrices
     * with Muon (README, "Muon": at equal wall time on one core, 70 minutes, the OA-ARDM −0.166 bpc and 40 minutes, the
     * left-to-right model −0.278, paired on the test split), and from half the run on it takes steps of 32 (README, "Batch
     * size": 32 beat 16 by 0.012 bpc late in training, paired; the two-hour OA run with it 2.336 against 2.361). The mask (absorbing state) is one input id beyond the K classes.
     */
    public static RunConfig preset(String name, Modality modality) {
        if (modality instanceof ImageModality) return imagePreset(name, modality);
        if (modality instanceof AudioModality) return audioPreset(name, modality);
        int t = Dataset.SEQUENCE_LENGTH;
        int out = modality.classes();
        int in = out + 1;
        String m = modality.id();
        return switch (name) {
            case "tiny" -> new RunConfig(m, new TransformerConfig(2, 64, 4, 256, in, out, t, 0f, false, true),
                    training(32, 600, 3e-3, 60, 120, 200, 20, StepSampler.BELL));
            case "small" -> new RunConfig(m, new TransformerConfig(4, 192, 4, 768, in, out, t, 0f, false, false, true),
                    training(16, 10000, 3e-3, 300, 2000, 500, 100, StepSampler.BELL_NARROW).withMuon(true)
                            .withLateBatch(32, Training.LATE_BATCH_FROM));
            case "base" -> new RunConfig(m, new TransformerConfig(4, 256, 4, 1024, in, out, t, 0f, false, false),
                    training(16, 20000, 5e-4, 2000, 0, 1000, 100, StepSampler.BELL));
            case "paper" -> new RunConfig(m, new TransformerConfig(12, 768, 12, 3072, in, out, t, 0f, false, false),
                    training(512, 3_000_000, 5e-4, 5000, 0, 10000, 1000, StepSampler.UNIFORM));
            default -> throw new IllegalArgumentException("unknown preset '" + name + "' (known: " + String.join(", ", PRESETS) + ")");
        };
    }

    /**
     * Image presets, OA-ARDM (add an upscale factor with {@link #withUpscale}): {@code tiny} for tests and the demo,
     * {@code small} the 2-core model, {@code base} wider, {@code paper} the paper's CIFAR-10 U-Net (256 channels,
     * 32 ResBlocks, batch 128, lr 1e-4, spec §6.2). The learning rates of the small ones are higher than the paper's:
     * they get thousands of steps, not millions. All but {@code paper} have a head of 10 logistics and read their input
     * at the end: at equal steps from scratch the 256-logit head needed 2.5× the steps for the same test ELBO, and the
     * mixture model with the skip reached 3.86 bpd where the bundled 256-logit one had 5.56 (README, Images).
     */
    private static RunConfig imagePreset(String name, Modality modality) {
        String m = modality.id();
        return switch (name) {
            case "tiny" -> new RunConfig(m, null, new UNet(16, 1, 4, IMAGE_MIXTURES, true), null, training(8, 300, 2e-3, 30, 60, 100, 8, StepSampler.BELL));
            case "small" -> new RunConfig(m, null, new UNet(32, 2, 8, IMAGE_MIXTURES, true), null, training(16, 1500, 1e-3, 150, 300, 250, 64, StepSampler.BELL));
            case "base" -> new RunConfig(m, null, new UNet(96, 4, 16, IMAGE_MIXTURES, true), null, training(32, 20000, 5e-4, 1000, 0, 1000, 128, StepSampler.BELL));
            case "paper" -> new RunConfig(m, null, new UNet(256, 32, 32), null, training(128, 2_000_000, 1e-4, 5000, 0, 10000, 1000, StepSampler.UNIFORM));
            default -> throw new IllegalArgumentException("unknown preset '" + name + "' (known: " + String.join(", ", PRESETS) + ")");
        };
    }

    /**
     * Audio presets, upscale ARDMs with b = 16 (change it with {@link #withUpscale}): {@code tiny} for tests (D = 1,000),
     * {@code small} the 2-core model (D = 2,000, an eighth of a second: more steps per hour than longer segments),
     * {@code base} wider (D = 4,000), all with the relative input window w = 4, which learnt 9.27 → 6.33 bits per
     * sample at 400 steps, paired, in a 6-minute run; {@code paper} the paper's SC09 DiffWave (256 channels, 36 blocks,
     * dilation cycle 12, D = 16,000, batch 256, lr 1e-4, constant; spec §6.4) with the paper's input.
     */
    private static RunConfig audioPreset(String name, Modality modality) {
        String m = modality.id();
        return switch (name) {
            case "tiny" -> new RunConfig(m, null, null, new WaveNet(16, 4, 4, 1000, 4), 16, training(4, 200, 2e-3, 20, 40, 100, 8, StepSampler.BELL));
            case "small" -> new RunConfig(m, null, null, new WaveNet(48, 12, 10, 2000, 4), 16, training(8, 2400, 1e-3, 100, 700, 250, 64, StepSampler.BELL));
            case "base" -> new RunConfig(m, null, null, new WaveNet(96, 24, 11, 4000, 4), 16, training(16, 20000, 5e-4, 1000, 0, 1000, 128, StepSampler.BELL));
            case "paper" -> new RunConfig(m, null, null, new WaveNet(256, 36, 12, AudioModality.CLIP), 2,
                    new Training(256, 1_000_000, 1e-4, 0, 0, 0.9, 0.999, 0, 1000, 0.995, 1e-4, StepSampler.UNIFORM, 10000, 1000, 10000, 42));
            default -> throw new IllegalArgumentException("unknown preset '" + name + "' (known: " + String.join(", ", PRESETS) + ")");
        };
    }

    /** A text8 preset. */
    public static RunConfig preset(String name) {
        return preset(name, Modalities.TEXT8);
    }

    private static Training training(int batch, int steps, double lr, int warmup, int decay, int evalEvery, int evalSegments,
                                     StepSampler sampler) {
        return new Training(batch, steps, lr, warmup, decay, 0.9, 0.99, 1e-3, 0.25, 0.995, 1e-4, sampler,
                evalEvery, evalSegments, evalEvery, 0);
    }

    /** The objective this run trains: the OA or upscale ARDM, or the left-to-right baseline when the model is causal. */
    public Objective objective() {
        return objective(false);
    }

    /** The objective of the steps before the decay, or of those the decay has lowered the rate of (their own sampler of t). */
    public Objective objective(boolean decaying) {
        Process p = process();
        return leftToRight() ? new LeftToRightObjective(p) : new ArdmObjective(p, training.ceWeight(), training.stepSampler(decaying));
    }

    /** The objective validation is scored with: the training one, with steps drawn uniformly (an unbiased ELBO estimate). */
    public Objective evaluationObjective() {
        return objective() instanceof ArdmObjective a ? a.withUniformSteps() : objective();
    }

    /** D: positions per datapoint (the transformer's sequence, or the sub-pixels of one image tile). */
    public int length() {
        if (wavenet != null) return wavenet.length();
        return model != null ? model.seqLen() : ImageModality.LENGTH;
    }

    /** The left-to-right baseline (a causal transformer)? */
    public boolean leftToRight() {
        return model != null && model.causal();
    }

    /**
     * The process the network was trained for: absorbing over D positions (OA-ARDM), or zero-least-significant
     * upscaling, with the data parametrization on the U-Net and the direct one on the WaveNet (K = 65,536, spec §3.4).
     * The audio OA-ARDM has a discretized logistic mixture head instead of 65,536 logits (spec §2.5), and so has an image
     * model whose U-Net names {@code mixtures} (for an upscale ARDM, θ of the data parametrization).
     */
    public Process process() {
        int classes = data().classes();
        if (upscale == null && wavenet != null) return new MixtureAbsorbingProcess(length(), new LogisticMixture(AUDIO_MIXTURES, classes));
        LogisticMixture imageMixture = unet != null && unet.mixtures() != null ? new LogisticMixture(unet.mixtures(), classes) : null;
        if (upscale == null && imageMixture != null) return new MixtureAbsorbingProcess(length(), imageMixture);
        if (upscale == null) return new AbsorbingProcess(length(), classes);
        ZeroLeastSignificant transitions = ZeroLeastSignificant.of(classes, upscale);
        if (imageMixture != null) return new UpscaleProcess(length(), transitions, imageMixture);
        return new UpscaleProcess(length(), transitions, wavenet != null);
    }

    /** The network and process in a few words, for logs and model lists. */
    public String describeNetwork() {
        if (model != null) return model.toString();
        if (wavenet != null) {
            return String.format("WaveNet %d channels, %d blocks, dilation cycle %d, D = %d%s; %s",
                    wavenet.channels(), wavenet.blocks(), wavenet.dilationCycle(), wavenet.length(),
                    wavenet.relativeWindow() > 0 ? ", relative window " + wavenet.relativeWindow() : "",
                    upscale == null ? "OA-ARDM, a mixture of " + AUDIO_MIXTURES + " discretized logistics"
                            : "upscale ARDM, b = " + upscale + " (" + process().stages() + " stages, direct)");
        }
        return String.format("U-Net %d features, %d ResBlocks, %d groups%s; %s", unet.features(), unet.resBlocks(), unet.groups(),
                unet.readsInput() ? ", reading its input at the end" : "",
                (upscale != null ? "upscale ARDM, b = " + upscale + " (" + process().stages() + " stages)" : "OA-ARDM")
                        + (unet.mixtures() != null ? ", a mixture of " + unet.mixtures() + " discretized logistics" : ""));
    }

    /** The same run as a left-to-right baseline (causal attention, next-character prediction). */
    public RunConfig asLeftToRight() {
        return new RunConfig(modality, transformer("the left-to-right baseline is a transformer").asCausal(), training);
    }

    /** The same run with ALiBi attention biases. */
    public RunConfig withAlibi() {
        return new RunConfig(modality, transformer("ALiBi is a transformer's").withAlibi(), training);
    }

    /** The same run with rotary positions in the transformer's attention instead of sinusoidal ones at its input. */
    public RunConfig withRope() {
        return new RunConfig(modality, transformer("rotary positions are a transformer's").withRope(), training);
    }

    /** The same image run with a head of M discretized logistics per sub-pixel; M = 0: the paper's 256 logits. */
    public RunConfig withMixtures(int mixtures) {
        return new RunConfig(modality, model, imageNetwork("--mixtures sets the image U-Net's head").withMixtures(mixtures), wavenet, upscale, training);
    }

    /** The same image run whose U-Net's last convolution reads the input beside the features (or, off, the features only). */
    public RunConfig withInputSkip(boolean on) {
        return new RunConfig(modality, model, imageNetwork("--input-skip is the image U-Net's").withInputSkip(on), wavenet, upscale, training);
    }

    /** The run's U-Net, or a one-line error that starts with {@code what} and names the network the run has instead. */
    private UNet imageNetwork(String what) {
        if (unet == null) throw new IllegalArgumentException(what + "; this run trains a " + (model != null ? "transformer" : "WaveNet"));
        return unet;
    }

    /** The run's transformer, or a one-line error that starts with {@code what} and names the network the run has instead. */
    private TransformerConfig transformer(String what) {
        if (model == null) throw new IllegalArgumentException(what + "; this run trains a " + (unet != null ? "U-Net" : "WaveNet"));
        return model;
    }

    /** The same run as an upscale ARDM with branching factor b, or as the OA-ARDM for b = 0 (audio: window 0 then). */
    public RunConfig withUpscale(int branching) {
        if (branching == 0) {
            WaveNet net = wavenet == null ? null : new WaveNet(wavenet.channels(), wavenet.blocks(), wavenet.dilationCycle(), wavenet.length(), null);
            return new RunConfig(modality, model, unet, net, null, training);
        }
        return new RunConfig(modality, model, unet, wavenet, branching, training);
    }

    /**
     * The same convolutional network and process over {@code length} positions per datapoint (a WaveNet trained on crops
     * evaluating whole clips); a transformer's or U-Net's D is part of its weights.
     */
    public RunConfig atLength(int length) {
        if (wavenet == null) throw new IllegalArgumentException("only a WaveNet runs at another length than the D = " + length() + " it was trained at");
        if (length < 1) throw new IllegalArgumentException("a datapoint needs at least one position, not " + length);
        WaveNet net = new WaveNet(wavenet.channels(), wavenet.blocks(), wavenet.dilationCycle(), length, wavenet.window());
        return new RunConfig(modality, model, unet, net, upscale, training);
    }

    public RunConfig withTraining(Training t) {
        return new RunConfig(modality, model, unet, wavenet, upscale, t);
    }
}
