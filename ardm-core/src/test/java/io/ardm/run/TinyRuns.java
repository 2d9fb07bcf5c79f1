package io.ardm.run;

import io.ardm.ardm.StepSampler;
import io.ardm.modality.Dataset;
import io.ardm.nn.arch.TransformerConfig;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.SplittableRandom;

/** Test fixtures: a synthetic corpus and a run config small enough to train in a second. */
public final class TinyRuns {
    public static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private TinyRuns() {}

    /** 40,000 chars of 4-letter words over a–d. */
    public static Dataset corpus() {
        SplittableRandom r = new SplittableRandom(1);
        byte[] ids = new byte[40_000];
        for (int i = 0; i < ids.length; i++) ids[i] = (byte) (i % 5 == 4 ? 1 : 2 + r.nextInt(4));
        return Dataset.fromCorpus("synthetic", ids);
    }

    public static RunConfig config(int steps, long seed) {
        return new RunConfig("text8", new TransformerConfig(1, 16, 2, 32, 29, 28, 250, 0f, false, false),
                new RunConfig.Training(4, steps, 3e-3, 2, 0, 0.9, 0.99, 1e-3, 0.25, 0.9, 1e-4, StepSampler.UNIFORM, 3, 4, 3, seed));
    }
}
