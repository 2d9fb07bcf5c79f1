package io.ardm.bench;

import io.ardm.ardm.ArdmObjective;
import io.ardm.ardm.process.AbsorbingProcess;
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
import io.ardm.nn.arch.TransformerConfig;
import io.ardm.tensor.Parallel;
import java.io.PrintStream;
import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Times one training step (forward + backward + clipping + AdamW) of the reference text model: 4 layers,
 * d 256, 4 heads, MLP 1024, T 256, batch 16, 29 ids in / 28 classes out; or of the audio reference WaveNet.
 */
public final class TrainStepBench {
    public static final int BATCH = 16;

    private TrainStepBench() {}

    /**
     * @param liveHeapMb the largest heap occupancy right after a garbage collection during the timed steps: the
     *                   memory the step really needs (the heap may grow larger between collections)
     * @param peakRssMb  the process's peak resident memory (VmHWM), JVM included, since start
     */
    public record Result(int threads, int steps, double stepMillis, double tokensPerSecond, double liveHeapMb, double peakRssMb) {}

    public static Result run(int warmup, int steps, PrintStream log) {
        TransformerConfig config = TransformerConfig.reference();
        TransformerArdm net = new TransformerArdm(config, 0, new int[0]);
        ArdmObjective objective = new ArdmObjective(new AbsorbingProcess(config.seqLen(), config.outputVocab()), 1e-4, StepSampler.UNIFORM);
        SplittableRandom rng = new SplittableRandom(1);
        int[] data = new int[BATCH * config.seqLen()];
        for (int i = 0; i < data.length; i++) data[i] = 1 + rng.nextInt(27);
        return time(net, objective, data, BATCH, warmup, steps, log, rng);
    }

    /** The audio reference step: the small audio preset's network and process (its WaveNet, upscale-16, its D and batch), uniform steps. */
    public static Result runWaveNet(int warmup, int steps, PrintStream log) {
        RunConfig config = RunConfig.preset("small", Modalities.AUDIO);
        SplittableRandom rng = new SplittableRandom(1);
        int[] data = new int[config.training().batch() * config.length()];
        for (int i = 0; i < data.length; i++) data[i] = AudioModality.SILENCE + (int) (3000 * Math.sin(i / 7.0)) + rng.nextInt(64);
        return time(ModelKinds.build(config, 0), config.evaluationObjective(), data, config.training().batch(), warmup, steps, log, rng);
    }

    private static Result time(TrainableArdm net, Objective objective, int[] data, int batch, int warmup, int steps, PrintStream log,
                               SplittableRandom rng) {
        TrainingStep step = new TrainingStep(net, objective, new AdamW(net.parameters(), new AdamW.Settings(0.9, 0.99, 1e-8, 1e-3)), 0.25);
        for (int i = 0; i < warmup; i++) step.run(data, batch, 5e-4, rng);
        System.gc();
        LiveHeap live = new LiveHeap();
        double[] millis = new double[steps];
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            step.run(data, batch, 5e-4, rng);
            millis[i] = (System.nanoTime() - t0) / 1e6;
            log.printf("  ardm step %d/%d: %.0f ms%n", i + 1, steps, millis[i]);
        }
        Arrays.sort(millis);
        double median = millis[steps / 2];
        System.gc(); // a final collection records the live set of the last step
        live.close();
        return new Result(Parallel.threads(), steps, median, data.length / (median / 1000.0), live.peakMb(), peakRssMb());
    }

    /** Tracks the heap occupied after each collection, from the collectors' notifications. */
    private static final class LiveHeap implements NotificationListener, AutoCloseable {
        private volatile long peakBytes;

        LiveHeap() {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener(this, null, null);
            }
        }

        @Override
        public void handleNotification(Notification n, Object handback) {
            if (!n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) return;
            GcInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
            long used = 0;
            for (MemoryUsage u : info.getMemoryUsageAfterGc().values()) used += u.getUsed();
            peakBytes = Math.max(peakBytes, used);
        }

        double peakMb() {
            return peakBytes / 1e6;
        }

        @Override
        public void close() {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                try {
                    ((NotificationEmitter) gc).removeNotificationListener(this);
                } catch (ListenerNotFoundException e) {
                    throw new IllegalStateException(e); // added in the constructor
                }
            }
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
