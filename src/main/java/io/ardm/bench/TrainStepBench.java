package io.ardm.bench;

import io.ardm.ardm.OaObjective;
import io.ardm.ardm.StepSampler;
import io.ardm.model.TextArdm;
import io.ardm.model.TrainingStep;
import io.ardm.nn.AdamW;
import io.ardm.nn.TransformerConfig;
import io.ardm.tensor.Parallel;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Times one training step (forward + backward + clipping + AdamW) of the reference text model: 4 layers,
 * d 256, 4 heads, MLP 1024, T 256, batch 16, 29 ids in / 28 classes out.
 */
public final class TrainStepBench {
    public static final int BATCH = 16;

    private TrainStepBench() {}

    public record Result(int threads, int steps, double stepMillis, double tokensPerSecond, double peakHeapMb) {}

    public static Result run(int warmup, int steps, PrintStream log) {
        TransformerConfig config = TransformerConfig.reference();
        TextArdm net = new TextArdm(config, 0);
        OaObjective objective = new OaObjective(config.seqLen(), net.absorbing(), 1e-4, StepSampler.UNIFORM);
        TrainingStep step = new TrainingStep(net, objective, new AdamW(net.parameters(), new AdamW.Settings(0.9, 0.99, 1e-8, 1e-3)), 0.25);
        SplittableRandom rng = new SplittableRandom(1);
        int[] data = new int[BATCH * config.seqLen()];
        for (int i = 0; i < data.length; i++) data[i] = 1 + rng.nextInt(27);
        for (int i = 0; i < warmup; i++) step.run(data, BATCH, 5e-4, rng);
        System.gc();
        resetPeaks();
        double[] millis = new double[steps];
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            step.run(data, BATCH, 5e-4, rng);
            millis[i] = (System.nanoTime() - t0) / 1e6;
            log.printf("  ardm step %d/%d: %.0f ms%n", i + 1, steps, millis[i]);
        }
        Arrays.sort(millis);
        double median = millis[steps / 2];
        return new Result(Parallel.threads(), steps, median, BATCH * config.seqLen() / (median / 1000.0), peakHeapMb());
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) pool.resetPeakUsage();
        }
    }

    /** Sum of the heap pools' peak usage since the last reset: an upper bound on live heap during the steps. */
    private static double peakHeapMb() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) bytes += pool.getPeakUsage().getUsed();
        }
        return bytes / 1e6;
    }
}
