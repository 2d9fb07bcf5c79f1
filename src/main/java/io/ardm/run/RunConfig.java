package io.ardm.run;

import io.ardm.ardm.LeftToRightObjective;
import io.ardm.ardm.ArdmObjective;
import io.ardm.ardm.Objective;
import io.ardm.ardm.process.AbsorbingProcess;
import io.ardm.ardm.StepSampler;
import io.ardm.modality.Dataset;
import io.ardm.modality.Modalities;
import io.ardm.modality.Modality;
import io.ardm.nn.LearningRate;
import io.ardm.nn.arch.TransformerConfig;
import java.util.List;

/**
 * Everything that defines a training run: the modality of its data, the network shape and the optimisation settings
 * (spec §6.3, scaled down). Stored as JSON in every checkpoint, so a checkpoint alone rebuilds its model. Checkpoints
 * written before modalities existed have no {@code modality} field: they are text8.
 */
public record RunConfig(String modality, TransformerConfig model, Training training) {
    public RunConfig {
        if (modality == null) modality = Modalities.TEXT8.id();
        Modality m = Modalities.of(modality);
        if (model.outputVocab() != m.classes()) {
            throw new IllegalArgumentException("a " + modality + " model predicts " + m.classes() + " classes, the config says " + model.outputVocab());
        }
    }

    /** The modality object of {@link #modality}. */
    public Modality data() {
        return Modalities.of(modality);
    }

    /**
     * Optimisation settings. Defaults follow the paper's text8 run where it fits a 2-core machine. The learning rate
     * warms up linearly over {@code warmupSteps}, holds, and decays linearly to zero over the last {@code decaySteps}
     * (0: constant to the end, as in the paper).
     */
    public record Training(int batch, int steps, double learningRate, int warmupSteps, int decaySteps, double beta1, double beta2,
                           double weightDecay, double clipNorm, double emaDecay, double ceWeight, StepSampler stepSampler,
                           int evalEvery, int evalSegments, int checkpointEvery, long seed) {
        public Training {
            if (batch < 1 || steps < 1) throw new IllegalArgumentException("batch and steps must be positive");
            if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
            if (decaySteps < 0 || decaySteps > steps) {
                throw new IllegalArgumentException("decaySteps must be in 0.." + steps + " (the run's steps), got " + decaySteps);
            }
            if (evalEvery < 1 || checkpointEvery < 1 || evalSegments < 1) throw new IllegalArgumentException("evalEvery, evalSegments and checkpointEvery must be positive");
        }

        /** A run of {@code newSteps}, keeping the decay's share of the run. */
        public Training withSteps(int newSteps) {
            int newDecay = (int) Math.round((double) decaySteps * newSteps / steps);
            return new Training(batch, newSteps, learningRate, warmupSteps, newDecay, beta1, beta2, weightDecay, clipNorm, emaDecay,
                    ceWeight, stepSampler, evalEvery, evalSegments, checkpointEvery, seed);
        }

        public LearningRate learningRateSchedule() {
            return LearningRate.linearWarmup(learningRate, warmupSteps).decayingToZero(steps, decaySteps);
        }

        public Training withSeed(long newSeed) {
            return new Training(batch, steps, learningRate, warmupSteps, decaySteps, beta1, beta2, weightDecay, clipNorm, emaDecay,
                    ceWeight, stepSampler, evalEvery, evalSegments, checkpointEvery, newSeed);
        }

        public Training withStepSampler(StepSampler sampler) {
            return new Training(batch, steps, learningRate, warmupSteps, decaySteps, beta1, beta2, weightDecay, clipNorm, emaDecay,
                    ceWeight, sampler, evalEvery, evalSegments, checkpointEvery, seed);
        }

        public Training withBatch(int newBatch) {
            return new Training(newBatch, steps, learningRate, warmupSteps, decaySteps, beta1, beta2, weightDecay, clipNorm, emaDecay,
                    ceWeight, stepSampler, evalEvery, evalSegments, checkpointEvery, seed);
        }
    }

    public static final List<String> PRESETS = List.of("tiny", "small", "base", "paper");

    /**
     * Named sizes for a modality: {@code tiny} trains in minutes (the demo), {@code small} is the 2-hour model on 2
     * cores, {@code base} the benchmark's reference shape, {@code paper} the paper's 12×768 transformer. The two small
     * ones use ALiBi attention biases: without them a bidirectional model sits at the unigram entropy for thousands of
     * steps (measured: 4.1 bpc after 700 steps of the small model), longer than a 2-core budget. All but {@code paper}
     * draw the step t from the bell-shaped sampler (README, "Step sampling": −0.28 bpc at 700 steps and −0.30 at 1,000,
     * paired); {@code paper} keeps the paper's uniform t and its recipe. The mask (absorbing state) is one input id
     * beyond the K classes.
     */
    public static RunConfig preset(String name, Modality modality) {
        int t = Dataset.SEQUENCE_LENGTH;
        int out = modality.classes();
        int in = out + 1;
        String m = modality.id();
        return switch (name) {
            case "tiny" -> new RunConfig(m, new TransformerConfig(2, 64, 4, 256, in, out, t, 0f, false, true),
                    training(32, 600, 3e-3, 60, 120, 200, 20, StepSampler.BELL));
            case "small" -> new RunConfig(m, new TransformerConfig(4, 192, 4, 768, in, out, t, 0f, false, true),
                    training(32, 5000, 2e-3, 300, 1000, 500, 100, StepSampler.BELL));
            case "base" -> new RunConfig(m, new TransformerConfig(4, 256, 4, 1024, in, out, t, 0f, false, false),
                    training(16, 20000, 5e-4, 2000, 0, 1000, 100, StepSampler.BELL));
            case "paper" -> new RunConfig(m, new TransformerConfig(12, 768, 12, 3072, in, out, t, 0f, false, false),
                    training(512, 3_000_000, 5e-4, 5000, 0, 10000, 1000, StepSampler.UNIFORM));
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

    /** The objective this run trains: the OA-ARDM, or the left-to-right baseline when the model is causal. */
    public Objective objective() {
        AbsorbingProcess p = process();
        return model.causal() ? new LeftToRightObjective(p) : new ArdmObjective(p, training.ceWeight(), training.stepSampler());
    }

    /** The objective validation is scored with: the training one, with steps drawn uniformly (an unbiased ELBO estimate). */
    public Objective evaluationObjective() {
        return objective() instanceof ArdmObjective a ? a.withUniformSteps() : objective();
    }

    /** The process the network was trained for: the absorbing process over D = seqLen positions of the modality's classes. */
    public AbsorbingProcess process() {
        return new AbsorbingProcess(model.seqLen(), model.outputVocab());
    }

    /** The same run as a left-to-right baseline (causal attention, next-character prediction). */
    public RunConfig asLeftToRight() {
        return new RunConfig(modality, model.asCausal(), training);
    }

    /** The same run with ALiBi attention biases. */
    public RunConfig withAlibi() {
        return new RunConfig(modality, model.withAlibi(), training);
    }

    public RunConfig withTraining(Training t) {
        return new RunConfig(modality, model, t);
    }
}
