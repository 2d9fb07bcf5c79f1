package io.ardm.peer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Times training steps of the reference model in DJL + PyTorch CPU, the peer that ardm's speed is divided by.
 * Prints one JSON line on stdout; progress and diagnostics go to stderr.
 * Usage: PeerBenchmark [--warmup W] [--steps S]
 */
public final class PeerBenchmark {
    private static final int BATCH = 16;
    private static final int SEQUENCE = 256;
    private static final int THREADS = 2;

    private PeerBenchmark() {}

    public static void main(String[] args) {
        int warmup = 3;
        int steps = 10;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--warmup" -> warmup = Integer.parseInt(value(args, ++i));
                    case "--steps" -> steps = Integer.parseInt(value(args, ++i));
                    default -> throw new IllegalArgumentException("unknown flag " + args[i]);
                }
            }
            if (warmup < 0 || steps < 1) {
                throw new IllegalArgumentException("need --warmup >= 0 and --steps >= 1");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("peer-djl: " + e.getMessage() + " (usage: run [--warmup W] [--steps S])");
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
            ReferenceModel model = new ReferenceModel(root, 4, 256, 4, 1024, SEQUENCE);
            TrainingStep trainingStep = new TrainingStep(model);
            Batch batch = Batch.random(BATCH, SEQUENCE, 7);
            for (int i = 0; i < warmup; i++) {
                long start = System.nanoTime();
                float loss = step(root, trainingStep, batch);
                System.err.printf(Locale.ROOT, "warm-up %d: loss %.4f, %.1f ms%n",
                        i, loss, (System.nanoTime() - start) / 1e6);
            }
            long start = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                long stepStart = System.nanoTime();
                float loss = step(root, trainingStep, batch);
                System.err.printf(Locale.ROOT, "step %d: loss %.4f, %.1f ms%n",
                        i, loss, (System.nanoTime() - stepStart) / 1e6);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT,
                    "{\"peer\":\"djl-pytorch\",\"djl\":\"%s\",\"pytorch\":\"%s\",\"threads\":%d,\"batch\":%d,"
                            + "\"seq\":%d,\"steps\":%d,\"step_ms\":%.1f,\"tokens_per_s\":%.1f,\"peak_rss_mb\":%.1f}%n",
                    Engine.getDjlVersion(), engine.getVersion(), threads, BATCH, SEQUENCE, steps,
                    seconds * 1e3 / steps, (double) BATCH * SEQUENCE * steps / seconds, peakRssMegabytes());
        }
    }

    private static float step(NDManager root, TrainingStep trainingStep, Batch batch) {
        try (NDManager step = root.newSubManager()) {
            return trainingStep.run(step, batch);
        }
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
