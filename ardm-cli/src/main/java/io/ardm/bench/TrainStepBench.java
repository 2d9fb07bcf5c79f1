package io.ardm.bench;

import io.ardm.ardm.ArdmObjective;
import io.ardm.ardm.process.AbsorbingProcess;
import io.ardm.ardm.StepInput;
import io.ardm.ardm.StepSampler;
import io.ardm.ardm.Objective;
import io.ardm.modality.Modalities;
import io.ardm.modality.audio.AudioModality;
import io.ardm.run.ModelKinds;
import io.ardm.run.RunConfig;
import io.ardm.run.TrainableArdm;
import io.ardm.run.TransformerArdm;
import io.ardm.run.TrainingStep;
import io.ardm.nn.AdamW;
import io.ardm.nn.Parameters;
import io.ardm.nn.arch.TransformerConfig;
import io.ardm.tensor.Gemm;
import io.ardm.tensor.Parallel;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.io.PrintStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Times one training step (forward + backward + clipping + AdamW) of the reference text model: 4 layers,
 * d 256, 4 heads, MLP 1024, T 256, batch 16, 29 ids in / 28 classes out; or of the audio reference WaveNet, or of the
 * image reference U-Net.
 */
public final class TrainStepBench {
    public static final int BATCH = 16;

    private TrainStepBench() {}

    /**
     * @param minMillis    the fastest timed step; {@code stepMillis} the median, {@code maxMillis} the slowest
     * @param flops        the step's model FLOPs: twice the multiply-adds of its matrix products, counted in one step
     *                     (forward and backward; the element-wise work is not counted, as in the usual MFU)
     * @param workspaceMb  the step's activations and gradients: the buffers it reuses from one step to the next
     * @param peakRssMb    the process's peak resident memory (VmHWM), JVM included, since start
     */
    public record Result(int threads, int steps, double minMillis, double stepMillis, double maxMillis, double tokensPerSecond,
                         double flops, double workspaceMb, double peakRssMb) {
        /** Model FLOPs per second of a step that takes {@code millis}, over the machine's peak: the model FLOPs utilisation. */
        public double mfu(double millis, double peakGflops) {
            return flops / (millis * 1e6) / peakGflops;
        }
    }

    /**
     * The reference step of {@code network} (transformer, wavenet or unet), built and ready to be timed. The transformer
     * computes every position's logits, as the peer does; {@link #prepareAsTrained} times it as {@code ardm train} runs it.
     */
    public static Timer prepare(String network) {
        return switch (network) {
            case "transformer" -> transformer(true);
            case "wavenet" -> waveNet();
            case "unet" -> uNet();
            default -> throw new IllegalArgumentException("--network must be transformer, wavenet or unet, got '" + network + "'");
        };
    }

    /** The reference transformer step as training runs it: the last block computes the positions the loss reads alone. */
    public static Timer prepareAsTrained() {
        return transformer(false);
    }

    private static Timer transformer(boolean everyPosition) {
        TransformerConfig config = TransformerConfig.reference();
        TransformerArdm transformer = new TransformerArdm(config, 0, new int[0]);
        TrainableArdm net = everyPosition ? new EveryPosition(transformer) : transformer;
        ArdmObjective objective = new ArdmObjective(new AbsorbingProcess(config.seqLen(), config.outputVocab()), 1e-4, StepSampler.UNIFORM);
        SplittableRandom rng = new SplittableRandom(1);
        int[] data = new int[BATCH * config.seqLen()];
        for (int i = 0; i < data.length; i++) data[i] = 1 + rng.nextInt(27);
        return new Timer(net, objective, data, BATCH, rng);
    }

    /** The audio reference step: the small audio preset's network and process (its WaveNet, upscale-16, its D and batch), uniform steps. */
    private static Timer waveNet() {
        RunConfig config = RunConfig.preset("small", Modalities.AUDIO);
        SplittableRandom rng = new SplittableRandom(1);
        int[] data = new int[config.training().batch() * config.length()];
        for (int i = 0; i < data.length; i++) data[i] = AudioModality.SILENCE + (int) (3000 * Math.sin(i / 7.0)) + rng.nextInt(64);
        return new Timer(ModelKinds.build(config, 0), config.evaluationObjective(), data, config.training().batch(), rng);
    }

    /**
     * The image reference step: the small image preset's U-Net (32 features, 2 ResBlocks) with the paper's head (256
     * logits, features only, as the DJL peer builds it) and OA process, batch 16 tiles of 32×32×3.
     */
    private static Timer uNet() {
        RunConfig config = RunConfig.preset("small", Modalities.IMAGE).withMixtures(0).withInputSkip(false);
        SplittableRandom rng = new SplittableRandom(1);
        int[] data = new int[config.training().batch() * config.length()];
        for (int i = 0; i < data.length; i++) data[i] = Math.floorMod(128 + (int) (60 * Math.sin(i / 97.0)) + rng.nextInt(16), 256);
        return new Timer(ModelKinds.build(config, 0), config.evaluationObjective(), data, config.training().batch(), rng);
    }

    /** A network asked for some positions' logits that computes them all (what the peer's step does). */
    private record EveryPosition(TrainableArdm inner) implements TrainableArdm {
        @Override public Tensor logits(Tape tape, StepInput input) {
            return inner.logits(tape, input);
        }

        @Override public Tensor logits(Tape tape, StepInput input, int[] rows) {
            return inner.logits(tape, input);
        }

        @Override public int length() {
            return inner.length();
        }

        @Override public int classes() {
            return inner.classes();
        }

        @Override public Parameters parameters() {
            return inner.parameters();
        }
    }

    /** One network's training step on fixed data, timed as often as asked (rounds between the peer's runs reuse it warm). */
    public static final class Timer {
        private final TrainingStep step;
        private final int[] data;
        private final int batch;
        private final SplittableRandom rng;

        private Timer(TrainableArdm net, Objective objective, int[] data, int batch, SplittableRandom rng) {
            this.step = new TrainingStep(net, objective, new AdamW(net.parameters(), new AdamW.Settings(0.9, 0.99, 1e-8, 1e-3)), 0.25);
            this.data = data;
            this.batch = batch;
            this.rng = rng;
        }

        /** Runs {@code warmup} untimed steps, one counted step (the model FLOPs), then {@code steps} timed ones. */
        public Result time(int warmup, int steps, PrintStream log) {
            for (int i = 0; i < warmup; i++) step.run(data, batch, 5e-4, rng);
            Gemm.countMultiplyAdds(true);
            step.run(data, batch, 5e-4, rng);
            double flops = 2.0 * Gemm.multiplyAdds();
            Gemm.countMultiplyAdds(false);
            System.gc();
            double[] millis = new double[steps];
            for (int i = 0; i < steps; i++) {
                long t0 = System.nanoTime();
                step.run(data, batch, 5e-4, rng);
                millis[i] = (System.nanoTime() - t0) / 1e6;
                log.printf("  ardm step %d/%d: %.0f ms%n", i + 1, steps, millis[i]);
            }
            Arrays.sort(millis);
            double median = millis[steps / 2];
            return new Result(Parallel.threads(), steps, millis[0], median, millis[steps - 1], data.length / (median / 1000.0), flops,
                    step.workspaceBytes() / 1e6, peakRssMb());
        }
    }

    private static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1e3;
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
