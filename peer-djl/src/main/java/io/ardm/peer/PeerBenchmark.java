package io.ardm.peer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Times training steps of the reference model in DJL + PyTorch CPU, the peer that ardm's speed is divided by.
 * Prints one JSON line on stdout; progress and diagnostics go to stderr.
 * Usage: PeerBenchmark [--model transformer|wavenet|unet] [--warmup W] [--steps S]
 */
public final class PeerBenchmark {
    private static final int BATCH = 16;
    private static final int SEQUENCE = 256;
    private static final int THREADS = 2;

    private PeerBenchmark() {}

    public static void main(String[] args) {
        int warmup = 3;
        int steps = 10;
        String network = "transformer";
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--warmup" -> warmup = Integer.parseInt(value(args, ++i));
                    case "--steps" -> steps = Integer.parseInt(value(args, ++i));
                    case "--model" -> network = value(args, ++i);
                    default -> throw new IllegalArgumentException("unknown flag " + args[i]);
                }
            }
            if (!List.of("transformer", "wavenet", "unet").contains(network)) throw new IllegalArgumentException("--model must be transformer, wavenet or unet");
            if (warmup < 0 || steps < 1) {
                throw new IllegalArgumentException("need --warmup >= 0 and --steps >= 1");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("peer-djl: " + e.getMessage() + " (usage: run [--model transformer|wavenet|unet] [--warmup W] [--steps S])");
            System.exit(2);
        }
        // Read by PtEngine when it starts; a -D on the command line wins.
        System.setProperty("ai.djl.pytorch.num_threads",
                System.getProperty("ai.djl.pytorch.num_threads", String.valueOf(THREADS)));
        Engine engine;
        try {
            engine = Engine.getEngine("PyTorch");
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            System.err.println("peer-djl: PyTorch native library did not load: " + e);
            System.exit(3);
            return;
        }
        int threads = JniUtils.getNumThreads();
        System.err.printf("peer-djl: %s, intra-op threads %d, inter-op threads %d%n",
                engine, threads, JniUtils.getNumInteropThreads());
        engine.setRandomSeed(42);

        try (NDManager root = engine.newBaseManager()) {
            TrainingStep trainingStep;
            Function<NDManager, NDArray> loss;
            int batchSize, length;
            if (network.equals("unet")) {
                UNetModel model = new UNetModel(root, UNET_INPUTS, IMAGE_CHANNELS * LEVELS, 32, 2, 8, IMAGE_SIZE * IMAGE_SIZE * IMAGE_CHANNELS);
                trainingStep = new TrainingStep(model.parameters());
                loss = uNetLoss(model, new java.util.Random(7));
                batchSize = UNET_BATCH;
                length = IMAGE_SIZE * IMAGE_SIZE * IMAGE_CHANNELS;
            } else if (network.equals("wavenet")) {
                WaveNetModel model = new WaveNetModel(root, WAVENET_INPUTS, STAGES * DIGITS, 48, 12, 10, STAGES * WAVENET_LENGTH);
                trainingStep = new TrainingStep(model.parameters());
                loss = waveNetLoss(model, new java.util.Random(7));
                batchSize = WAVENET_BATCH;
                length = WAVENET_LENGTH;
            } else {
                ReferenceModel model = new ReferenceModel(root, 4, 256, 4, 1024, SEQUENCE);
                trainingStep = new TrainingStep(model.parameters());
                Batch batch = Batch.random(BATCH, SEQUENCE, 7);
                loss = step -> textLoss(step, model, batch);
                batchSize = BATCH;
                length = SEQUENCE;
            }
            for (int i = 0; i < warmup; i++) {
                long start = System.nanoTime();
                float value = step(root, trainingStep, loss);
                System.err.printf(Locale.ROOT, "warm-up %d: loss %.4f, %.1f ms%n",
                        i, value, (System.nanoTime() - start) / 1e6);
            }
            double[] millis = new double[steps];
            for (int i = 0; i < steps; i++) {
                long stepStart = System.nanoTime();
                float value = step(root, trainingStep, loss);
                millis[i] = (System.nanoTime() - stepStart) / 1e6;
                System.err.printf(Locale.ROOT, "step %d: loss %.4f, %.1f ms%n", i, value, millis[i]);
            }
            java.util.Arrays.sort(millis);
            double median = millis[steps / 2];
            System.out.printf(Locale.ROOT,
                    "{\"peer\":\"djl-pytorch\",\"djl\":\"%s\",\"pytorch\":\"%s\",\"threads\":%d,\"batch\":%d,"
                            + "\"seq\":%d,\"steps\":%d,\"step_ms\":%.1f,\"step_ms_min\":%.1f,\"step_ms_max\":%.1f,"
                            + "\"tokens_per_s\":%.1f,\"peak_rss_mb\":%.1f}%n",
                    Engine.getDjlVersion(), engine.getVersion(), threads, batchSize, length, steps,
                    median, millis[0], millis[steps - 1], batchSize * length / (median / 1e3), peakRssMegabytes());
        }
    }

    private static float step(NDManager root, TrainingStep trainingStep, Function<NDManager, NDArray> loss) {
        try (NDManager step = root.newSubManager()) {
            return trainingStep.run(step, loss);
        }
    }

    /** The text reference: position-weighted cross-entropy over the 28 classes. */
    private static NDArray textLoss(NDManager step, ReferenceModel model, Batch batch) {
        NDArray ids = step.create(batch.inputs(), new Shape(batch.size(), batch.sequence()));
        NDArray targets = step.create(batch.targets(), new Shape(batch.size(), batch.sequence(), 1));
        NDArray weights = step.create(batch.weights(), new Shape(batch.size(), batch.sequence()));
        NDArray crossEntropy = model.forward(ids).logSoftmax(-1).gather(targets, -1).squeeze(-1).neg();
        return crossEntropy.mul(weights).sum().div(batch.size() * batch.sequence());
    }

    /** n network inputs drawn uniformly from [−1, 1) (their values do not change the step's cost). */
    private static float[] uniformInputs(java.util.Random random, int n) {
        float[] inputs = new float[n];
        for (int i = 0; i < n; i++) inputs[i] = random.nextFloat() * 2 - 1;
        return inputs;
    }

    private static final int WAVENET_BATCH = 8, WAVENET_LENGTH = 2000, STAGES = 4, DIGITS = 16, WAVENET_INPUTS = 2 + STAGES + 9;

    /**
     * The audio reference (upscale-16, direct parametrization): each item at a random global step; each position pays
     * the cross-entropy of its digit under its stage's 16 logits, weighted as the ARDM weights them.
     */
    private static Function<NDManager, NDArray> waveNetLoss(WaveNetModel model, java.util.Random random) {
        float[] inputs = uniformInputs(random, WAVENET_BATCH * WAVENET_INPUTS * WAVENET_LENGTH);
        long[] steps = new long[WAVENET_BATCH];
        float[] weights = new float[WAVENET_BATCH * STAGES * DIGITS * WAVENET_LENGTH];
        for (int b = 0; b < WAVENET_BATCH; b++) {
            steps[b] = random.nextInt(STAGES * WAVENET_LENGTH);
            int stage = (int) (steps[b] / WAVENET_LENGTH);
            for (int p = 0; p < WAVENET_LENGTH; p++) {
                if (random.nextBoolean()) weights[((b * STAGES + stage) * DIGITS + random.nextInt(DIGITS)) * WAVENET_LENGTH + p] = 2f;
            }
        }
        return step -> {
            NDArray x = step.create(inputs, new Shape(WAVENET_BATCH, WAVENET_INPUTS, WAVENET_LENGTH));
            NDArray w = step.create(weights, new Shape(WAVENET_BATCH, STAGES, DIGITS, WAVENET_LENGTH));
            NDArray logits = model.forward(x, step.create(steps)).reshape(WAVENET_BATCH, STAGES, DIGITS, WAVENET_LENGTH);
            return logits.logSoftmax(2).mul(w).sum().neg().div(WAVENET_BATCH * WAVENET_LENGTH);
        };
    }

    private static final int UNET_BATCH = 16, IMAGE_SIZE = 32, IMAGE_CHANNELS = 3, LEVELS = 256, UNET_INPUTS = 2 * IMAGE_CHANNELS + 1;

    /**
     * The image reference (OA-ARDM, the small image preset): each item at a random step; each of its masked sub-pixels
     * pays the cross-entropy of its value under its 256 logits, weighted as the ARDM weights them.
     */
    private static Function<NDManager, NDArray> uNetLoss(UNetModel model, java.util.Random random) {
        int hw = IMAGE_SIZE * IMAGE_SIZE;
        float[] inputs = uniformInputs(random, UNET_BATCH * UNET_INPUTS * hw);
        long[] steps = new long[UNET_BATCH];
        float[] weights = new float[UNET_BATCH * IMAGE_CHANNELS * LEVELS * hw];
        for (int b = 0; b < UNET_BATCH; b++) {
            steps[b] = random.nextInt(IMAGE_CHANNELS * hw);
            for (int c = 0; c < IMAGE_CHANNELS; c++) {
                for (int p = 0; p < hw; p++) {
                    if (random.nextBoolean()) weights[((b * IMAGE_CHANNELS + c) * LEVELS + random.nextInt(LEVELS)) * hw + p] = 2f;
                }
            }
        }
        return step -> {
            NDArray x = step.create(inputs, new Shape(UNET_BATCH, UNET_INPUTS, IMAGE_SIZE, IMAGE_SIZE));
            NDArray w = step.create(weights, new Shape(UNET_BATCH, IMAGE_CHANNELS, LEVELS, hw));
            NDArray logits = model.forward(x, step.create(steps)).reshape(UNET_BATCH, IMAGE_CHANNELS, LEVELS, hw);
            return logits.logSoftmax(2).mul(w).sum().neg().div(UNET_BATCH * IMAGE_CHANNELS * hw);
        };
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    /** Peak resident set (VmHWM) of this process, JVM and libtorch together; -1 where /proc is missing. */
    private static double peakRssMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            System.err.println("peer-djl: cannot read peak RSS: " + e.getMessage());
        }
        return -1;
    }
}
